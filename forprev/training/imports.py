"""Reading the trainees of a training session from a CSV or XLSX file.

Pure parsing and validation: nothing here touches the database. ``parse_trainees`` never
raises on bad input; every problem becomes a French message, either about the whole file
(``ImportResult.file_errors``) or about one row (``TraineeRow.errors``), so that a preview can
show every row with its errors before anything is written.

Hostile files are bounded before they are parsed (``ImportLimits``, read from the settings): the
file's size; for a CSV, the number of lines and the length of each; for an XLSX (a ZIP archive of
XML files), the number of members, their declared and their real uncompressed sizes (counted while
decompressing: a declared size may lie), the compression ratio, the sheet's declared dimension and
its number of cells; then the parse itself stops at the row, column and cell bounds and at a
wall-clock bound. Every refusal is one French message, with no row kept.

``template_csv`` and ``template_xlsx`` write the file people fill in: the columns this module
reads, a header and one example line, which import as they are.
"""

import csv
import io
import re
import time
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone

MAX_ROWS = 5000
# Lines (CSV) or rows (XLSX) read at all, blank ones included, before the file is refused outright.
MAX_LINES = 50_000
# Characters on one line of a CSV (a valid row is a few hundred).
MAX_LINE_CHARS = 5_000
# Columns of one row (XLSX rows are padded up to their last cell).
MAX_COLUMNS = 200
# Members of an XLSX archive (a workbook saved by a spreadsheet has about ten to thirty).
MAX_ZIP_MEMBERS = 200
# A member above 1 MB decompressing to more than this many times its compressed size is refused.
MAX_COMPRESSION_RATIO = 100
# XML tags of one member that is not a sheet nor the shared strings (styles, workbook, …).
MAX_OTHER_TAGS = 100_000
NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 254
MIN_AGE = 14
MAX_AGE = 100

NOT_TABULAR = "Le fichier n'est ni un CSV ni un classeur XLSX."
EMPTY_FILE = "Le fichier est vide."
NO_TRAINEE = "Le fichier ne contient aucun stagiaire."
UNKNOWN_ENCODING = "Encodage du fichier non reconnu : enregistrez-le en UTF-8 ou Windows-1252."
ABNORMAL_WORKBOOK = (
    "Le classeur XLSX est anormal (compression ou structure inhabituelle) : "
    "enregistrez-le de nouveau depuis votre tableur, ou en CSV."
)

# Extensions a user may give the file; the content then decides how it is read.
_ACCEPTED_EXTENSIONS = {"", "csv", "txt", "xlsx", "xlsm"}
# Other formats recognised by their first bytes (PDF, images, archives, legacy .xls, …).
_BINARY_SIGNATURES = (
    b"%PDF-",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\xd0\xcf\x11\xe0",  # OLE: legacy .xls/.doc
    b"PK\x05\x06",  # empty ZIP
    b"PK\x07\x08",
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
    b"RIFF",
)
_CSV_SAMPLE_SIZE = 64 * 1024
# C0 and C1 control characters, except tab, line feed and carriage return.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FORMULA_PREFIXES = ("=", "+", "-", "@")

FIELDS = ("last_name", "first_name", "birth_date", "email")
REQUIRED_FIELDS = ("last_name", "first_name", "birth_date")
FIELD_LABELS = {
    "last_name": "nom",
    "first_name": "prénom",
    "birth_date": "date de naissance",
    "email": "e-mail",
}
# Headers after ``_header_key``: no accents, lower case, punctuation and (notes) removed.
_HEADERS = {
    "nom": "last_name",
    "nom de famille": "last_name",
    "nom de naissance": "last_name",
    "prenom": "first_name",
    "prenoms": "first_name",
    "date de naissance": "birth_date",
    "date naissance": "birth_date",
    "naissance": "birth_date",
    "e mail": "email",
    "email": "email",
    "mail": "email",
    "courriel": "email",
    "adresse electronique": "email",
    "adresse e mail": "email",
    "adresse email": "email",
    "adresse mail": "email",
}

_DAY_FIRST_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_validate_email = EmailValidator()


@dataclass(frozen=True)
class TraineeRow:
    """One trainee as read from the file; ``line`` is the row number a spreadsheet shows
    (the header is line 1)."""

    line: int
    last_name: str
    first_name: str
    birth_date: date | None
    email: str
    errors: tuple[str, ...] = ()

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    rows: list[TraineeRow]
    file_errors: list[str]

    @property
    def is_valid(self) -> bool:
        """Whether the whole file may be imported: no file error and every row valid."""
        return not self.file_errors and all(row.is_valid for row in self.rows)

    @property
    def valid_rows(self) -> list[TraineeRow]:
        return [row for row in self.rows if row.is_valid]

    @property
    def error_count(self) -> int:
        """The number of messages to show: file errors plus every row's errors."""
        return len(self.file_errors) + sum(len(row.errors) for row in self.rows)


@dataclass(frozen=True)
class ImportLimits:
    """The bounds a file must stay within before and while it is parsed."""

    max_bytes: int
    max_uncompressed_bytes: int
    max_cells: int
    max_seconds: float
    max_lines: int = MAX_LINES
    max_line_chars: int = MAX_LINE_CHARS
    max_columns: int = MAX_COLUMNS
    max_members: int = MAX_ZIP_MEMBERS
    max_ratio: int = MAX_COMPRESSION_RATIO
    max_other_tags: int = MAX_OTHER_TAGS

    @classmethod
    def from_settings(cls) -> "ImportLimits":
        return cls(
            max_bytes=settings.FORPREV_IMPORT_MAX_MB * 1024 * 1024,
            max_uncompressed_bytes=settings.FORPREV_IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024,
            max_cells=settings.FORPREV_IMPORT_MAX_CELLS,
            max_seconds=settings.FORPREV_IMPORT_MAX_SECONDS,
        )


def parse_trainees(
    data: bytes,
    filename: str,
    *,
    max_rows: int = MAX_ROWS,
    today: date | None = None,
    limits: ImportLimits | None = None,
) -> ImportResult:
    """Read and check the trainees of ``data``, a CSV or XLSX file named ``filename``.

    The kind of file is told by its content; the name only refuses extensions that are
    obviously not a table (``.pdf``, ``.docx``…). Nothing raises on bad input.
    """
    today = today or timezone.localdate()
    limits = limits or ImportLimits.from_settings()
    deadline = time.monotonic() + limits.max_seconds
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in _ACCEPTED_EXTENSIONS:
        return _file_error(NOT_TABULAR)
    if len(data) > limits.max_bytes:
        return _file_error(too_large_message(limits.max_bytes))
    if not data.strip():
        return _file_error(EMPTY_FILE)
    if data.startswith(b"PK\x03\x04"):
        if error := _check_workbook_archive(data, limits, deadline):
            return _file_error(error)
        table = _read_xlsx(data, limits, deadline)
        return _parse_table(table, max_rows=max_rows, today=today, check_width=False)
    if data.startswith(_BINARY_SIGNATURES):
        return _file_error(NOT_TABULAR)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(data):
        return _file_error(UNKNOWN_ENCODING)
    if b"\x00" in data:
        return _file_error(NOT_TABULAR)
    text = _decode(data)
    if text is None:
        return _file_error(UNKNOWN_ENCODING)
    if not text.strip():
        return _file_error(EMPTY_FILE)
    if error := _check_csv_lines(text, limits):
        return _file_error(error)
    table = _read_csv(text, deadline, limits)
    return _parse_table(table, max_rows=max_rows, today=today, check_width=True)


def too_large_message(max_bytes: int) -> str:
    return f"Le fichier dépasse {format_count(max_bytes // (1024 * 1024))} Mo."


def format_count(number: int) -> str:
    """``number`` written the French way, thousands separated by a no-break space (as
    Django's ``fr`` locale does): 5000 → « 5 000 »."""
    return f"{number:,}".replace(",", "\xa0")


# Reading the file into rows of cells


class _UnreadableCsv(Exception):
    def __init__(self, line: int):
        self.line = line


class _Refused(Exception):
    """The file passed a bound while being read: ``message`` says which, in French."""

    def __init__(self, message: str):
        self.message = message


def _too_many_lines(limits: ImportLimits) -> str:
    return (
        f"Le fichier contient plus de {format_count(limits.max_lines)} lignes ; "
        f"{format_count(MAX_ROWS)} au plus par import."
    )


def _too_slow(limits: ImportLimits) -> str:
    return (
        f"La lecture du fichier a dépassé {limits.max_seconds:g} secondes : "
        "gardez seulement la liste des stagiaires (nom, prénom, date de naissance, e-mail)."
    )


def _too_many_cells(limits: ImportLimits) -> str:
    return (
        f"Le classeur contient plus de {format_count(limits.max_cells)} cellules : "
        "gardez seulement la liste des stagiaires (nom, prénom, date de naissance, e-mail)."
    )


def _too_many_columns(limits: ImportLimits) -> str:
    return f"Le fichier contient plus de {format_count(limits.max_columns)} colonnes."


def _check_deadline(deadline: float, limits: ImportLimits) -> None:
    if time.monotonic() > deadline:
        raise _Refused(_too_slow(limits))


def _file_error(message: str) -> ImportResult:
    return ImportResult(rows=[], file_errors=[message])


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: a NUL byte every other byte at the start."""
    sample = data[:200]
    if len(sample) < 4:
        return False
    half = len(sample) // 2
    return sample[1::2].count(0) >= 0.9 * half or sample[0::2].count(0) >= 0.9 * half


def _decode(data: bytes) -> str | None:
    """The text of ``data`` in UTF-8 (with or without a BOM), else Windows-1252; ``None``
    when neither gives a plausible text (invalid bytes, control characters)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL_CHARACTERS.search(text):
            return None
        return text
    return None


def _check_csv_lines(text: str, limits: ImportLimits) -> str | None:
    """A French message when ``text`` has too many lines or one too long, before any parsing
    (counted without splitting the text: a million short lines cost no memory)."""
    newline = "\n" if "\n" in text else "\r"
    if text.count(newline) >= limits.max_lines:
        return _too_many_lines(limits)
    start, number = 0, 1
    while start <= len(text):
        end = text.find(newline, start)
        end = len(text) if end == -1 else end
        if end - start > limits.max_line_chars:
            return (
                f"La ligne {format_count(number)} du fichier dépasse "
                f"{format_count(limits.max_line_chars)} caractères : "
                "ce n'est pas une liste de stagiaires."
            )
        start, number = end + 1, number + 1
    return None


def _check_workbook_archive(data: bytes, limits: ImportLimits, deadline: float) -> str | None:
    """A French message when the XLSX archive ``data`` is beyond a bound, ``None`` when it may
    be parsed. The declared sizes are checked first (no decompression), then every member is
    decompressed by chunks with a byte counter (a declared size may lie), the XML tags counted."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return NOT_TABULAR
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            return ABNORMAL_WORKBOOK
        too_big = (
            "Le classeur est trop volumineux une fois décompressé (plus de "
            f"{format_count(limits.max_uncompressed_bytes // (1024 * 1024))} Mo) : "
            "gardez seulement la liste des stagiaires."
        )
        if sum(member.file_size for member in members) > limits.max_uncompressed_bytes:
            return too_big
        for member in members:
            if member.flag_bits & 0x1:  # encrypted
                return NOT_TABULAR
            if member.file_size > 1024 * 1024 and member.file_size > limits.max_ratio * max(
                member.compress_size, 1
            ):
                return ABNORMAL_WORKBOOK
        total = 0
        try:
            for member in members:
                counter = _MemberCounter(member.filename)
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK_SIZE):
                        total += len(chunk)
                        counter.size += len(chunk)
                        if counter.size > member.file_size:
                            return ABNORMAL_WORKBOOK  # more than declared: a lying header
                        if total > limits.max_uncompressed_bytes:
                            return too_big
                        counter.feed(chunk)
                        if error := counter.error(limits):
                            return error
                        if time.monotonic() > deadline:
                            return _too_slow(limits)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
            return NOT_TABULAR  # damaged member, bad CRC, unknown compression
        except Exception:  # noqa: BLE001 - zlib, lzma, bz2 errors of many kinds
            return NOT_TABULAR
    return None


_CHUNK_SIZE = 64 * 1024
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_SHARED_STRINGS = re.compile(r"xl/sharedStrings\.xml", re.IGNORECASE)
# A cell, a row, a shared string, with or without a namespace prefix (« <c r=… », « <x:row> »).
# Counted with ``bytes.count`` (a regular expression is ten times slower); « <c » also counts
# the few « <col », « <cfRule »: a count a little high only refuses a little early.
_CELL_TAGS = (b"<c", b":c")
_ROW_TAGS = (b"<row", b":row")
_STRING_TAGS = (b"<si", b":si")
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=[\"']([A-Za-z]{1,3})?(\d+)?(?::([A-Za-z]{1,3})(\d+))?"
)
_OVERLAP = 3  # the longest tag minus one: a tag cut between two chunks is still counted


def _count(tags: tuple[bytes, ...], tail: bytes, buffer: bytes) -> int:
    """Occurrences of ``tags`` in ``buffer`` (which begins with ``tail``, the end of the
    previous chunk) not already counted in ``tail``."""
    return sum(buffer.count(tag) - tail.count(tag) for tag in tags)


class _MemberCounter:
    """Counts, while a member is decompressed, its XML tags and, in a sheet, its cells and rows
    (and reads its declared ``<dimension>``); ``error`` tells the first bound passed."""

    def __init__(self, name: str):
        self.name = name
        self.is_sheet = bool(_WORKSHEET.fullmatch(name))
        self.is_strings = bool(_SHARED_STRINGS.fullmatch(name))
        self.size = 0
        self.tags = self.cells = self.rows = self.strings = 0
        self.tail = b""
        self.head = b""
        self.dimension_read = False

    def feed(self, chunk: bytes) -> None:
        self.tags += chunk.count(b"<")
        if not (self.is_sheet or self.is_strings):
            return
        buffer = self.tail + chunk
        if self.is_sheet:
            self.cells += _count(_CELL_TAGS, self.tail, buffer)
            self.rows += _count(_ROW_TAGS, self.tail, buffer)
            if not self.dimension_read:
                self.head = (self.head + chunk)[:4096]
        else:
            self.strings += _count(_STRING_TAGS, self.tail, buffer)
        self.tail = buffer[-_OVERLAP:]

    def declared_dimension(self) -> tuple[int, int] | None:
        """(rows, columns) of ``<dimension ref="A1:D20">``, once, from the sheet's first 4 KB."""
        if self.dimension_read or not self.head:
            return None
        match = _DIMENSION.search(self.head)
        if match is None and len(self.head) < 4096 and b"<sheetData" not in self.head:
            return None  # not read yet
        self.dimension_read = True
        if match is None:
            return None
        last_column, last_row = match[3] or match[1], match[4] or match[2]
        rows = int(last_row) if last_row else 1
        columns = _column_number(last_column.decode()) if last_column else 1
        return rows, columns

    def error(self, limits: ImportLimits) -> str | None:
        if self.is_sheet:
            if dimension := self.declared_dimension():
                rows, columns = dimension
                if rows > limits.max_lines:
                    return _too_many_lines(limits)
                if columns > limits.max_columns:
                    return _too_many_columns(limits)
            if self.rows > limits.max_lines:
                return _too_many_lines(limits)
            if self.cells > limits.max_cells:
                return _too_many_cells(limits)
            # A cell is a handful of tags (« <c><v>…</v></c> », inline strings a few more).
            if self.tags > 10 * limits.max_cells + limits.max_other_tags:
                return _too_many_cells(limits)
        elif self.is_strings:
            if self.strings > limits.max_cells:
                return _too_many_cells(limits)
            if self.tags > 10 * limits.max_cells + limits.max_other_tags:
                return _too_many_cells(limits)
        elif self.tags > limits.max_other_tags:
            return ABNORMAL_WORKBOOK
        return None


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _read_xlsx(data: bytes, limits: ImportLimits, deadline: float):
    """The rows of the first sheet, numbered from 1, read in a streaming way (``read_only``)
    and stopped at the row, column and cell bounds and at the deadline."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # zipfile, XML and openpyxl errors of many kinds on damaged workbooks
        raise _Refused(NOT_TABULAR) from None
    try:
        _check_deadline(deadline, limits)
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # declared dimensions are often wrong
        cells = 0
        rows = sheet.iter_rows(values_only=True)
        line = 0
        while True:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    values = next(rows, None)
            except Exception:  # a damaged sheet: same as above
                raise _Refused(NOT_TABULAR) from None
            if values is None:
                return
            line += 1
            cells += len(values)
            if line > limits.max_lines:
                raise _Refused(_too_many_lines(limits))
            if len(values) > limits.max_columns:
                raise _Refused(_too_many_columns(limits))
            if cells > limits.max_cells:
                raise _Refused(_too_many_cells(limits))
            if line % 256 == 0:
                _check_deadline(deadline, limits)
            yield line, list(values)
    finally:
        workbook.close()


def _detect_delimiter(text: str) -> str:
    """``;`` or ``,``: the one found more often outside quotes on the first non-blank line.
    (``csv.Sniffer`` is not used: its regular expressions take tens of seconds on some
    64 KB samples.)"""
    sample = text[:_CSV_SAMPLE_SIZE]
    header = next((line for line in sample.splitlines() if line.strip(" ;,\t")), "")
    unquoted = "".join(header.split('"')[0::2])
    return ";" if unquoted.count(";") >= unquoted.count(",") else ","


def _read_csv(text: str, deadline: float, limits: ImportLimits):
    """The rows of ``text``, numbered as a spreadsheet shows them (a quoted field over
    several lines is one row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_detect_delimiter(text))
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line += 1
            if line % 256 == 0:
                _check_deadline(deadline, limits)
    except csv.Error:
        raise _UnreadableCsv(line) from None


# Checking the rows


def _header_key(value) -> str:
    text = re.sub(r"\(.*?\)", " ", str(value or ""))
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    ).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _is_blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _parse_table(table, *, max_rows: int, today: date, check_width: bool) -> ImportResult:
    try:
        return _check_table(table, max_rows=max_rows, today=today, check_width=check_width)
    except _Refused as error:
        return _file_error(error.message)
    except _UnreadableCsv as error:
        return _file_error(
            f"Le fichier CSV est illisible à partir de la ligne {error.line} "
            "(guillemets mal fermés ou valeur trop longue)."
        )


def _check_table(table, *, max_rows: int, today: date, check_width: bool) -> ImportResult:
    rows_iter = ((line, cells) for line, cells in table if not _is_blank(cells))
    header = next(rows_iter, None)
    if header is None:
        return _file_error(EMPTY_FILE)
    header_cells = list(header[1])
    while header_cells and _is_blank(header_cells[-1:]):
        header_cells.pop()
    columns, file_errors = _map_columns(header_cells)
    if file_errors:
        return ImportResult(rows=[], file_errors=file_errors)

    checker = _RowChecker(columns=columns, width=len(header_cells), today=today)
    rows, count = [], 0
    for line, cells in rows_iter:
        count += 1
        if count <= max_rows:
            rows.append(checker.check(line, cells, check_width=check_width))
    if count == 0:
        return _file_error(NO_TRAINEE)
    if count > max_rows:
        return _file_error(
            f"Le fichier contient {format_count(count)} lignes ; "
            f"{format_count(max_rows)} au plus par import."
        )
    return ImportResult(rows=rows, file_errors=[])


def _map_columns(header_cells: list) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    doubled: list[str] = []
    for index, cell in enumerate(header_cells):
        field = _HEADERS.get(_header_key(cell))
        if field is None:
            continue
        if field in columns:
            doubled.append(FIELD_LABELS[field])
        else:
            columns[field] = index
    errors = []
    missing = [FIELD_LABELS[field] for field in REQUIRED_FIELDS if field not in columns]
    if len(missing) == 1:
        errors.append(f"Colonne manquante : {missing[0]}.")
    elif missing:
        errors.append(f"Colonnes manquantes : {', '.join(missing)}.")
    for label in dict.fromkeys(doubled):
        errors.append(f"Colonne en double : {label}.")
    return columns, errors


def _fold(text: str) -> str:
    """``text`` for comparison: no accents or ligatures, lower case, hyphens and spaces
    alike. « Jean-Édouard  CŒUR » and « jean edouard coeur » fold the same."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    ).casefold()
    text = text.replace("’", "'").replace("ʼ", "'")
    return " ".join(text.replace("-", " ").split())


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _RowChecker:
    def __init__(self, *, columns: dict[str, int], width: int, today: date):
        self.columns = columns
        self.width = width
        self.today = today
        self.seen: dict[tuple, int] = {}

    def cell(self, cells: list, field: str):
        index = self.columns.get(field)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def check(self, line: int, cells: list, *, check_width: bool) -> TraineeRow:
        errors: list[str] = []
        if check_width:
            used = len(cells)
            while used > self.width and _is_blank(cells[used - 1 : used]):
                used -= 1
            if used != self.width:
                errors.append(f"La ligne compte {used} colonnes au lieu de {self.width}.")

        last_name = self.name(self.cell(cells, "last_name"), "Nom", errors)
        first_name = self.name(self.cell(cells, "first_name"), "Prénom", errors)
        birth_date = self.birth_date(self.cell(cells, "birth_date"), errors)
        email = self.email(self.cell(cells, "email"), errors)

        if last_name and first_name and birth_date:
            key = (_fold(last_name), _fold(first_name), birth_date)
            if key in self.seen:
                errors.append(f"Doublon de la ligne {self.seen[key]}.")
            else:
                self.seen[key] = line
        return TraineeRow(
            line=line,
            last_name=last_name,
            first_name=first_name,
            birth_date=birth_date,
            email=email,
            errors=tuple(errors),
        )

    @staticmethod
    def name(value, label: str, errors: list[str]) -> str:
        text = " ".join(_as_text(value).split())
        lowered = label.lower()
        if not text:
            errors.append(f"{label} manquant.")
        elif _CONTROL_CHARACTERS.search(text):
            errors.append(f"Le {lowered} contient un caractère non autorisé.")
        elif len(text) > NAME_MAX_LENGTH:
            errors.append(f"{label} trop long ({NAME_MAX_LENGTH} caractères au plus).")
        elif text.startswith(_FORMULA_PREFIXES):
            errors.append(
                f"Valeur non autorisée pour le {lowered} : "
                "elle ne peut pas commencer par =, +, - ou @."
            )
        return text

    def birth_date(self, value, errors: list[str]) -> date | None:
        born = self.read_date(value, errors)
        if born is None:
            return None
        age = (
            self.today.year
            - born.year
            - ((self.today.month, self.today.day) < (born.month, born.day))
        )
        shown = born.strftime("%d/%m/%Y")
        if born > self.today:
            errors.append(f"Date de naissance invraisemblable : {shown} (date future).")
        elif age < MIN_AGE:
            errors.append(f"Date de naissance invraisemblable : {shown} (moins de {MIN_AGE} ans).")
        elif age > MAX_AGE:
            errors.append(f"Date de naissance invraisemblable : {shown} (plus de {MAX_AGE} ans).")
        return born

    @staticmethod
    def read_date(value, errors: list[str]) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _as_text(value)
        if not text:
            errors.append("Date de naissance manquante.")
            return None
        if match := _DAY_FIRST_DATE.fullmatch(text):
            day, month, year = int(match[1]), int(match[3]), int(match[4])
        elif match := _ISO_DATE.fullmatch(text):
            year, month, day = int(match[1]), int(match[2]), int(match[3])
        else:
            shown = text if len(text) <= 30 else text[:30] + "…"
            errors.append(f"Date de naissance illisible : « {shown} » (attendu JJ/MM/AAAA).")
            return None
        try:
            return date(year, month, day)
        except ValueError:
            errors.append(f"Date de naissance impossible : {text}.")
            return None

    @staticmethod
    def email(value, errors: list[str]) -> str:
        text = _as_text(value)
        if not text:
            return text
        if _CONTROL_CHARACTERS.search(text):
            errors.append("L'adresse électronique contient un caractère non autorisé.")
        elif len(text) > EMAIL_MAX_LENGTH:
            errors.append(
                f"Adresse électronique trop longue ({EMAIL_MAX_LENGTH} caractères au plus)."
            )
        elif text.startswith(_FORMULA_PREFIXES):
            errors.append(
                "Valeur non autorisée pour l'adresse électronique : "
                "elle ne peut pas commencer par =, +, - ou @."
            )
        else:
            try:
                _validate_email(text)
            except ValidationError:
                shown = text if len(text) <= 60 else text[:60] + "…"
                errors.append(f"Adresse électronique invalide : « {shown} ».")
        return text
