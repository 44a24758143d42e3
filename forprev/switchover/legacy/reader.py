"""Reading one file of a Forprev 1 export, streaming, without ever failing on its content.

``read_file(directory, spec)`` returns a ``LegacyFile`` whose ``records()`` yields one ``Record`` per
data row (line number of its first physical line, typed values, the row's problems) and whose
``problems`` holds what concerns the file as a whole (missing, empty, wrong separator, unknown or
missing columns, encoding). Every problem carries the file, the line and a French message.

Encodings: each physical line is decoded on its own — UTF-8 first, Windows-1252 when UTF-8 is
impossible — because real exports mix them (a file re-saved by hand, lines pasted from another
tool). The separator is ``;``; a header that only makes sense split on ``,`` or a tabulation is
read with that separator and the fact reported.

A row whose number of cells differs from the header's (a broken line: a stray quote, a line cut
in two) gets values ``None`` and is counted as read and rejected by the callers.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .spec import Column, FileSpec

# Problem severities: an error loses data (a row, a value, a file); a notice loses nothing.
ERROR = "error"
NOTICE = "notice"

csv.field_size_limit(1_000_000)

_DATE_FORMATS = (
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), ("d", "m", "y")),
)
_TRUE = {"O", "OUI", "1", "VRAI", "Y", "YES", "TRUE"}
_FALSE = {"N", "NON", "0", "FAUX", "NO", "FALSE"}
_REFS_SPLIT = re.compile(r"[,|]")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    severity: str = ERROR
    column: str = ""
    code: str = ""

    def __str__(self):
        where = f"{self.file}, ligne {self.line}" if self.line else self.file
        return f"{where} : {self.message}"


@dataclass
class Record:
    line: int
    values: dict | None  # None: the row could not be split into the header's columns
    problems: list[Problem] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        return self.values is None

    @property
    def rejected(self) -> bool:
        """Unusable as a whole: broken, or a required value missing or invalid."""
        return self.values is None or any(p.code == "required" for p in self.problems)

    def reason(self) -> str:
        errors = [p.message for p in self.problems if p.severity == ERROR]
        return " ; ".join(errors)


class LegacyFile:
    def __init__(self, directory: Path, spec: FileSpec):
        self.spec = spec
        self.path = Path(directory) / spec.name
        self.problems: list[Problem] = []
        self.rows_read = 0
        self.separator = ";"
        self.encodings: set[str] = set()
        self.exists = self.path.is_file()
        self.usable = self.exists
        if not self.exists:
            self.usable = False
            if spec.required:
                self._file_problem(
                    "Fichier absent de l'export : ses lignes, et celles des fichiers qui y renvoient, "
                    "ne peuvent pas être reprises.",
                    code="missing_file",
                )

    # -- problems --------------------------------------------------------------------------

    def _file_problem(self, message, *, line=None, severity=ERROR, code="", column=""):
        self.problems.append(
            Problem(self.spec.name, line, message, severity=severity, code=code, column=column)
        )

    # -- lines -----------------------------------------------------------------------------

    def _lines(self) -> Iterator[str]:
        with self.path.open("rb") as stream:
            first = True
            for raw in stream:
                if first:
                    first = False
                    if raw.startswith(b"\xef\xbb\xbf"):
                        raw = raw[3:]
                try:
                    text = raw.decode("utf-8")
                    if not text.isascii():
                        self.encodings.add("UTF-8")
                except UnicodeDecodeError:
                    text = raw.decode("cp1252", errors="replace")
                    self.encodings.add("Windows-1252")
                yield text.replace("\r\n", "\n").replace("\r", "\n")

    def _header(self, cells: list[str]) -> list[str]:
        return [cell.strip().lower().lstrip("\ufeff") for cell in cells]

    def _choose_separator(self, header_line: str) -> str:
        known = set(self.spec.column_names)
        best, best_hits = ";", len(known & set(self._header(header_line.rstrip("\n").split(";"))))
        for candidate in (",", "\t", "|"):
            hits = len(known & set(self._header(header_line.rstrip("\n").split(candidate))))
            if hits > best_hits:
                best, best_hits = candidate, hits
        return best

    # -- records ---------------------------------------------------------------------------

    def records(self) -> Iterator[Record]:
        """The data rows, typed. Reading again starts from the beginning."""
        if not self.usable:
            return
        self.rows_read = 0
        lines = self._lines()
        header_line = next(lines, None)
        if header_line is None or not header_line.strip():
            self._file_problem("Fichier vide : aucune ligne d'en-tête.", line=1, code="empty")
            self.usable = False
            return
        self.separator = self._choose_separator(header_line)
        if self.separator != ";":
            shown = {"\t": "tabulation", ",": "« , »", "|": "« | »"}[self.separator]
            self._file_problem(
                f"Séparateur {shown} au lieu de « ; » : le fichier a été lu avec ce séparateur.",
                line=1,
                severity=NOTICE,
                code="separator",
            )
        header = self._header(next(csv.reader([header_line], delimiter=self.separator)))
        if not self._check_header(header):
            self.usable = False
            return
        columns = [self._spec_column(name) for name in header]
        width = len(header)
        reader = csv.reader(lines, delimiter=self.separator, strict=False)
        previous_end = 0  # physical lines the csv reader consumed (the header is line 1)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:  # e.g. a NUL byte
                line = previous_end + 2
                previous_end = reader.line_num
                self.rows_read += 1
                yield Record(line, None, [self._broken(line, f"ligne illisible ({error})")])
                continue
            line = previous_end + 2
            previous_end = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # blank line
            self.rows_read += 1
            if len(cells) != width:
                yield Record(
                    line,
                    None,
                    [
                        self._broken(
                            line,
                            f"ligne cassée : {len(cells)} valeurs au lieu de {width} "
                            "(guillemet ou séparateur en trop, ligne coupée ?)",
                        )
                    ],
                )
                continue
            yield self._typed(line, header, columns, cells)

    def _broken(self, line, detail) -> Problem:
        return Problem(self.spec.name, line, f"Ligne rejetée, {detail}.", code="broken")

    def _spec_column(self, name: str) -> Column | None:
        try:
            return self.spec.column(name)
        except KeyError:
            return None

    def _check_header(self, header: list[str]) -> bool:
        seen = set()
        for name in header:
            if name in seen:
                self._file_problem(
                    f"Colonne « {name} » en double dans l'en-tête : la seconde est ignorée.",
                    line=1,
                    code="duplicate_column",
                    column=name,
                )
            seen.add(name)
            if name and name not in self.spec.column_names:
                self._file_problem(
                    f"Colonne inconnue « {name} » : ignorée.",
                    line=1,
                    severity=NOTICE,
                    code="unknown_column",
                    column=name,
                )
        missing = [c.name for c in self.spec.columns if c.required and c.name not in seen]
        if missing:
            self._file_problem(
                "Colonne(s) obligatoire(s) absente(s) de l'en-tête : "
                + ", ".join(f"« {name} »" for name in missing)
                + " ; le fichier ne peut pas être repris.",
                line=1,
                code="missing_column",
            )
            return False
        return True

    def _typed(self, line, header, columns, cells) -> Record:
        values = dict.fromkeys(self.spec.column_names)
        problems: list[Problem] = []
        filled = set()
        for name, column, cell in zip(header, columns, cells, strict=True):
            if column is None or name in filled:
                continue
            filled.add(name)
            raw = cell.strip()
            if not raw:
                continue
            try:
                values[name] = convert(column, raw)
            except ValueError as error:
                problems.append(
                    Problem(
                        self.spec.name,
                        line,
                        f"{name} : {error}",
                        code="required" if column.required else "value",
                        column=name,
                    )
                )
        for column in self.spec.columns:
            if (
                column.required
                and values[column.name] in (None, "", ())
                and not any(p.column == column.name for p in problems)
            ):
                problems.append(
                    Problem(
                        self.spec.name,
                        line,
                        f"{column.name} : valeur obligatoire absente.",
                        code="required",
                        column=column.name,
                    )
                )
        return Record(line, values, problems)


def read_file(directory, spec: FileSpec) -> LegacyFile:
    return LegacyFile(Path(directory), spec)


# -- value conversion ----------------------------------------------------------------------


def parse_date(raw: str) -> date:
    for pattern, order in _DATE_FORMATS:
        match = pattern.match(raw)
        if match:
            parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                raise ValueError(f"date impossible « {raw} ».") from None
    raise ValueError(f"date illisible « {raw} » (attendu JJ/MM/AAAA, AAAA-MM-JJ ou JJ-MM-AAAA).")


def convert(column: Column, raw: str):
    kind = column.type
    if kind in ("text", "id", "ref"):
        if column.max_length and len(raw) > column.max_length:
            raise ValueError(f"{len(raw)} caractères, au plus {column.max_length}.")
        if kind in ("id", "ref") and not raw.isdigit():
            raise ValueError(f"identifiant non numérique « {raw[:40]} ».")
        return raw
    if kind == "refs":
        ids = tuple(part.strip() for part in _REFS_SPLIT.split(raw) if part.strip())
        bad = [part for part in ids if not part.isdigit()]
        if bad:
            raise ValueError(f"identifiant non numérique « {bad[0][:40]} ».")
        return ids
    if kind == "date":
        return parse_date(raw)
    if kind == "bool":
        upper = raw.upper()
        if upper in _TRUE:
            return True
        if upper in _FALSE:
            return False
        raise ValueError(f"« {raw[:40]} » n'est ni O ni N.")
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"« {raw[:40]} » n'est pas un nombre entier.") from None
    if kind == "choice":
        upper = raw.upper()
        if upper not in column.choices:
            raise ValueError(
                f"« {raw[:40]} » n'est pas une valeur admise ({', '.join(column.choices)})."
            )
        return upper
    raise AssertionError(f"unknown column type {kind}")
