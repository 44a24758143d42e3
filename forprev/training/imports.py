"""Reading the trainees of a training session from a CSV or XLSX file.

Pure parsing and validation: nothing here touches the database. ``parse_trainees`` never
raises on bad input; every problem becomes a French message, either about the whole file
(``ImportResult.file_errors``) or about one row (``TraineeRow.errors``), so that a preview can
show every row with its errors before anything is written.
"""

import csv
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone

MAX_ROWS = 5000
NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 254
MIN_AGE = 14
MAX_AGE = 100

NOT_TABULAR = "Le fichier n'est ni un CSV ni un classeur XLSX."
EMPTY_FILE = "Le fichier est vide."
NO_TRAINEE = "Le fichier ne contient aucun stagiaire."
UNKNOWN_ENCODING = "Encodage du fichier non reconnu : enregistrez-le en UTF-8 ou Windows-1252."

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


def parse_trainees(
    data: bytes, filename: str, *, max_rows: int = MAX_ROWS, today: date | None = None
) -> ImportResult:
    """Read and check the trainees of ``data``, a CSV or XLSX file named ``filename``.

    The kind of file is told by its content; the name only refuses extensions that are
    obviously not a table (``.pdf``, ``.docx``…). Nothing raises on bad input.
    """
    today = today or timezone.localdate()
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in _ACCEPTED_EXTENSIONS:
        return _file_error(NOT_TABULAR)
    if not data.strip():
        return _file_error(EMPTY_FILE)
    if data.startswith(b"PK\x03\x04"):
        table = _read_xlsx(data)
        if table is None:
            return _file_error(NOT_TABULAR)
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
    return _parse_table(_read_csv(text), max_rows=max_rows, today=today, check_width=True)


def format_count(number: int) -> str:
    """``number`` written the French way, thousands separated by a no-break space (as
    Django's ``fr`` locale does): 5000 → « 5 000 »."""
    return f"{number:,}".replace(",", "\xa0")


# Reading the file into rows of cells


class _UnreadableCsv(Exception):
    def __init__(self, line: int):
        self.line = line


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


def _read_xlsx(data: bytes) -> list[tuple[int, list]] | None:
    """The rows of the first sheet, or ``None`` when ``data`` is not a workbook."""
    import openpyxl  # imported here: only XLSX imports pay for it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    return []
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()  # declared dimensions are often wrong
                return [
                    (line, list(values))
                    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                ]
            finally:
                workbook.close()
    except Exception:  # zipfile, XML and openpyxl errors of many kinds on damaged workbooks
        return None


def _detect_delimiter(text: str) -> str:
    sample = text[:_CSV_SAMPLE_SIZE]
    header = next((line for line in sample.splitlines() if line.strip(" ;,\t")), "")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,").delimiter
    except csv.Error:
        delimiter = ""
    if delimiter and delimiter in header:
        return delimiter
    return ";" if header.count(";") >= header.count(",") else ","


def _read_csv(text: str):
    """The rows of ``text``, numbered as a spreadsheet shows them (a quoted field over
    several lines is one row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_detect_delimiter(text))
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line += 1
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
