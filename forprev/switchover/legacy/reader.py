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
in two) gets values ``None`` and is counted as read and rejected by the callers. A quote that opens
a value and is not closed within ``MAX_RECORD_LINES`` lines (or before the end of the file) breaks
only its own line: reading goes on at the next one, so one stray ``"`` never swallows the rest of
the file. A line longer than ``MAX_LINE_BYTES`` is rejected without being held in memory. A file
with only its header, or whose lines mix UTF-8 and Windows-1252, is reported with a notice.
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

# A quoted value may span lines (an address typed on two lines); beyond this many lines the
# opening quote is taken for a stray one and only its line is rejected.
MAX_RECORD_LINES = 20
# No row of an export comes near this; longer lines are rejected without being read whole.
MAX_LINE_BYTES = 100_000
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_DATE_FORMATS = (
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), ("d", "m", "y")),
)
_TRUE = {"O", "OUI", "1", "VRAI", "Y", "YES", "TRUE"}
_FALSE = {"N", "NON", "0", "FAUX", "NO", "FALSE"}
_REFS_SPLIT = re.compile(r"[,|]")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")


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
        if not self.exists and spec.required:
            self._file_problem(
                "Fichier absent de l'export : ses lignes, et celles des fichiers qui y renvoient, "
                "ne peuvent pas être reprises.",
                code="missing_file",
            )
        self._initial_problems = list(self.problems)

    # -- problems --------------------------------------------------------------------------

    def _file_problem(self, message, *, line=None, severity=ERROR, code="", column=""):
        self.problems.append(
            Problem(self.spec.name, line, message, severity=severity, code=code, column=column)
        )

    # -- lines -----------------------------------------------------------------------------

    def _lines(self) -> Iterator[tuple[int, str | None]]:
        """(line number, text with ``\\n`` line ends); text ``None`` for a line too long to read."""
        self._cp1252_lines: list[int] = []
        self._utf8_lines = 0
        with self.path.open("rb") as stream:
            number = 0
            while True:
                raw = stream.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    return
                number += 1
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                        raw = stream.readline(MAX_LINE_BYTES + 1)
                    yield number, None
                    continue
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                try:
                    text = raw.decode("utf-8")
                    if not text.isascii():
                        self.encodings.add("UTF-8")
                        self._utf8_lines += 1
                except UnicodeDecodeError:
                    text = raw.decode("cp1252", errors="replace")
                    self.encodings.add("Windows-1252")
                    self._cp1252_lines.append(number)
                if text.endswith("\r\n"):
                    text = text[:-2] + "\n"
                yield number, text

    def _rows(self, lines, separator) -> Iterator[tuple[int, list[str] | None, str]]:
        """(first line, cells, why broken) of each row; blank lines skipped. A row whose quoted
        value is not closed within ``MAX_RECORD_LINES`` lines is broken alone: the lines after
        its first are read again as rows of their own."""
        pending: list[tuple[int, str]] = []
        in_quotes = False
        replay: list[tuple[int, str | None]] = []  # lines to read again, last first
        while True:
            if replay:
                number, text = replay.pop()
            else:
                item = next(lines, None)
                if item is None:
                    if not pending:
                        return
                    # End of file inside a quoted value: its first line is broken.
                    yield pending[0][0], None, "guillemet ouvert jamais refermé"
                    replay = pending[:0:-1]
                    pending, in_quotes = [], False
                    continue
                number, text = item
            if text is None:
                if pending:  # the quoted value ends at a line too long: read it again after
                    yield pending[0][0], None, "guillemet ouvert jamais refermé"
                    replay.append((number, None))
                    replay.extend(pending[:0:-1])
                    pending, in_quotes = [], False
                    continue
                yield number, None, f"ligne de plus de {MAX_LINE_BYTES} octets"
                continue
            if not pending:
                if '"' not in text:  # the common case: no quoting at all
                    if text.strip():
                        yield number, text.rstrip("\n").split(separator), ""
                    continue
                if not text.strip():
                    continue
            pending.append((number, text))
            in_quotes = _ends_in_quotes(text, separator, in_quotes)
            if in_quotes and len(pending) < MAX_RECORD_LINES:
                continue
            if in_quotes:
                yield pending[0][0], None, "guillemet ouvert jamais refermé"
                replay.extend(pending[:0:-1])
            else:
                try:
                    cells = next(csv.reader(["".join(t for _, t in pending)], delimiter=separator))
                    yield pending[0][0], cells, ""
                except csv.Error as error:
                    yield pending[0][0], None, f"ligne illisible ({error})"
            pending, in_quotes = [], False

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
        """The data rows, typed. Reading again starts from the beginning (and the file's
        problems are found again, not added twice)."""
        self.problems = list(self._initial_problems)
        self.encodings = set()
        self.rows_read = 0
        self.usable = self.exists
        if not self.usable:
            return
        with self.path.open("rb") as stream:
            if stream.read(2) in _UTF16_BOMS:
                self._file_problem(
                    "Fichier en UTF-16 : il doit être enregistré en UTF-8 ou en Windows-1252 "
                    "(ANSI) pour être repris.",
                    line=1,
                    code="encoding",
                )
                self.usable = False
                return
        lines = self._lines()
        header_number, header_line = 1, ""
        for header_number, header_line in lines:  # noqa: B007 - the first line not blank
            if header_line is None or header_line.strip():
                break
        if header_line is None:
            self._file_problem(
                f"En-tête illisible : ligne de plus de {MAX_LINE_BYTES} octets.",
                line=header_number,
                code="empty",
            )
            self.usable = False
            return
        if not header_line.strip():
            self._file_problem("Fichier vide : aucune ligne d'en-tête.", line=1, code="empty")
            self.usable = False
            return
        self.separator = self._choose_separator(header_line)
        if self.separator != ";":
            shown = {"\t": "tabulation", ",": "« , »", "|": "« | »"}[self.separator]
            self._file_problem(
                f"Séparateur {shown} au lieu de « ; » : le fichier a été lu avec ce séparateur.",
                line=header_number,
                severity=NOTICE,
                code="separator",
            )
        header = self._header(next(csv.reader([header_line], delimiter=self.separator)))
        if not self._check_header(header, header_number):
            self.usable = False
            return
        columns = [self._spec_column(name) for name in header]
        width = len(header)
        for line, cells, why in self._rows(lines, self.separator):
            self.rows_read += 1
            if cells is None:
                yield Record(line, None, [self._broken(line, why)])
            elif len(cells) != width:
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
            else:
                yield self._typed(line, header, columns, cells)
        self._after_reading(header_number)

    def _after_reading(self, header_number: int) -> None:
        if not self.rows_read:
            self._file_problem(
                "Aucune ligne de données : le fichier ne contient que son en-tête.",
                line=header_number,
                severity=NOTICE,
                code="no_rows",
            )
        if self._cp1252_lines and self._utf8_lines:
            count = len(self._cp1252_lines)
            shown = ", ".join(str(n) for n in self._cp1252_lines[:5])
            where = f"ligne {shown}" if count == 1 else f"lignes {shown}{' …' if count > 5 else ''}"
            self._file_problem(
                f"Encodages mélangés : {count} ligne(s) en Windows-1252 ({where}) dans un "
                "fichier en UTF-8 ; elles ont été lues en Windows-1252, vérifiez leurs accents.",
                line=self._cp1252_lines[0],
                severity=NOTICE,
                code="mixed_encoding",
            )

    def _broken(self, line, detail) -> Problem:
        return Problem(self.spec.name, line, f"Ligne rejetée, {detail}.", code="broken")

    def _spec_column(self, name: str) -> Column | None:
        try:
            return self.spec.column(name)
        except KeyError:
            return None

    def _check_header(self, header: list[str], line: int = 1) -> bool:
        seen = set()
        for name in header:
            if name and name in seen:
                self._file_problem(
                    f"Colonne « {name} » en double dans l'en-tête : la seconde est ignorée.",
                    line=line,
                    code="duplicate_column",
                    column=name,
                )
            seen.add(name)
            if name and name not in self.spec.column_names:
                self._file_problem(
                    f"Colonne inconnue « {name} » : ignorée.",
                    line=line,
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
                line=line,
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


def _ends_in_quotes(text: str, separator: str, in_quotes: bool) -> bool:
    """Whether a line leaves a quoted value open, as the csv module reads it: a quote opens a
    value only at its start, ``""`` inside is a quote, any other quote is a plain character."""
    if '"' not in text:
        return in_quotes
    at_start = not in_quotes
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if in_quotes:
            if char == '"':
                if index + 1 < length and text[index + 1] == '"':
                    index += 2
                    continue
                in_quotes = at_start = False
        elif char == '"' and at_start:
            in_quotes = True
        else:
            at_start = char == separator
        index += 1
    return in_quotes


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
        if kind in ("id", "ref") and not (raw.isascii() and raw.isdigit()):
            raise ValueError(f"identifiant non numérique « {raw[:40]} ».")
        return raw
    if kind == "refs":
        ids = tuple(part.strip() for part in _REFS_SPLIT.split(raw) if part.strip())
        bad = [part for part in ids if not (part.isascii() and part.isdigit())]
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
        if not _INTEGER.match(raw):  # int() would take « 1_000 » or other scripts' digits
            raise ValueError(f"« {raw[:40]} » n'est pas un nombre entier.")
        return int(raw)
    if kind == "choice":
        upper = raw.upper()
        if upper not in column.choices:
            raise ValueError(
                f"« {raw[:40]} » n'est pas une valeur admise ({', '.join(column.choices)})."
            )
        return upper
    raise AssertionError(f"unknown column type {kind}")
