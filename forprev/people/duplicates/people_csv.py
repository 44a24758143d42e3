"""Reading people from a CSV file and writing the pairs found, for ``find_duplicates``.

Whatever the file's origin: a header naming any of ``id, last_name, first_name, birth_date,
birth_place, email, postcode`` in English or French (« nom », « prénom », « date de
naissance », « code postal »…, case and accents aside), other columns ignored; ``,``, ``;``,
tab or ``|`` separators; UTF-8 with or without BOM, UTF-16 with BOM or Windows-1252. Each
problem is a ``PeopleFileError`` carrying a French message for the user.
"""

import codecs
import csv
import os
import tempfile
import time
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path

from forprev.core import csv_safe

from .normalise import fold, number
from .table import FIELDS, PeopleTable

Progress = Callable[[str], None] | None
_SAMPLE = 64 * 1024
_SEPARATORS = (",", ";", "\t", "|")
_FIELD_LIMIT = 1_000_000

# Header names accepted for each field, folded (« Date de naissance » → « date de naissance »).
HEADER_NAMES = {
    "id": ("id", "identifiant", "ident", "numero", "numero forprev", "n forprev", "no forprev",
           "num", "no", "reference", "ref", "unique id", "rec id", "record id", "person id",
           "forprev id", "matricule"),
    "last_name": ("last name", "lastname", "nom", "nom de famille", "nom d usage",
                  "nom usuel", "nom naissance", "nom de naissance", "nom patronymique",
                  "patronyme", "surname", "family name", "familyname"),
    "first_name": ("first name", "firstname", "prenom", "prenoms", "premier prenom",
                   "given name", "givenname", "forename", "given names"),
    "birth_date": ("birth date", "birthdate", "date of birth", "dob", "date de naissance",
                   "date naissance", "naissance", "ddn", "ne le", "nee le", "ne e le",
                   "birthday", "date naiss"),
    "birth_place": ("birth place", "birthplace", "place of birth", "lieu de naissance",
                    "lieu naissance", "commune de naissance", "ville de naissance",
                    "ne a", "nee a", "ne e a", "lieu naiss"),
    "email": ("email", "e mail", "mail", "courriel", "adresse electronique",
              "adresse mail", "adresse email", "adresse e mail", "email address", "mel",
              "adresse courriel"),
    "postcode": ("postcode", "post code", "postal code", "postalcode", "zip", "zipcode",
                 "zip code", "code postal", "cp", "codepostal"),
}  # fmt: skip
_FIELD_OF = {name: field for field, names in HEADER_NAMES.items() for name in names}
_LABELS = {
    "id": "id", "last_name": "nom", "first_name": "prénom", "birth_date": "date de naissance",
    "birth_place": "lieu de naissance", "email": "e-mail", "postcode": "code postal",
}  # fmt: skip


class PeopleFileError(Exception):
    """A problem with the input or output file, in French for the user."""


def _say(progress: Progress, message: str) -> None:
    if progress:
        progress(message)


def _detect_encoding(path: Path, sample: bytes) -> str:
    if not sample.strip():
        raise PeopleFileError(f"Le fichier {path} est vide.")
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample.startswith(b"PK\x03\x04"):
        raise PeopleFileError(
            f"Le fichier {path} est un classeur (XLSX, ODS) ou une archive, pas un CSV : "
            "enregistrez-le au format CSV."
        )
    if b"\x00" in sample:
        raise PeopleFileError(
            f"Le fichier {path} n'est pas un texte lisible (fichier binaire ou encodage "
            "inconnu) : enregistrez-le en CSV UTF-8."
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def _header_fields(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for position, name in enumerate(header):
        field = _FIELD_OF.get(fold(name))
        if field is None:
            field = _FIELD_OF.get(fold(name.replace("_", " ")))
        if field and field not in positions:
            positions[field] = position
    return positions


def _separator(first_line: str) -> str:
    counts = {separator: first_line.count(separator) for separator in _SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_people(path, progress: Progress = None) -> PeopleTable:
    """The people of a CSV file; raises ``PeopleFileError`` with a French message."""
    path = Path(path)
    if not path.exists():
        raise PeopleFileError(f"Fichier introuvable : {path}")
    if not path.is_file():
        raise PeopleFileError(f"{path} n'est pas un fichier.")
    try:
        with open(path, "rb") as handle:
            sample = handle.read(_SAMPLE)
    except OSError as error:
        raise PeopleFileError(f"Impossible de lire {path} : {error.strerror}.") from error
    encoding = _detect_encoding(path, sample)
    try:
        return _read(path, encoding, progress)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise PeopleFileError(
                f"Le fichier {path} n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le en "
                "CSV UTF-8."
            ) from None
        _say(progress, "Le fichier n'est pas en UTF-8 : relecture en Windows-1252.")
        try:
            return _read(path, "cp1252", progress)
        except UnicodeDecodeError:
            raise PeopleFileError(
                f"Le fichier {path} n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le en "
                "CSV UTF-8."
            ) from None


def _read(path: Path, encoding: str, progress: Progress) -> PeopleTable:
    started = time.perf_counter()
    limit = csv.field_size_limit()
    csv.field_size_limit(_FIELD_LIMIT)
    try:
        with open(path, encoding=encoding, newline="") as handle:
            first_line = handle.readline()
            while first_line and not first_line.strip():
                first_line = handle.readline()
            if not first_line.strip():
                raise PeopleFileError(f"Le fichier {path} est vide.")
            separator = _separator(first_line)
            handle.seek(0)
            reader = csv.reader(handle, delimiter=separator, strict=True)
            try:
                table = _read_rows(path, reader, progress)
            except csv.Error as error:
                raise PeopleFileError(
                    f"CSV mal formé à la ligne {reader.line_num} de {path} : {_csv_problem(error)}"
                ) from None
    finally:
        csv.field_size_limit(limit)
    if not len(table):
        raise PeopleFileError(f"Le fichier {path} ne contient aucune ligne de données.")
    _say(
        progress,
        f"Lecture de {path.name} : {number(len(table))} lignes ({encoding}, séparateur "
        f"« {separator.replace(chr(9), 'tabulation')} », {time.perf_counter() - started:.1f} s)",
    )
    return table


def _csv_problem(error: csv.Error) -> str:
    text = str(error)
    if "unexpected end of data" in text or "field larger than field limit" in text:
        return "guillemet ouvrant sans guillemet fermant."
    if "expected after" in text:
        return "caractère inattendu après un guillemet fermant."
    return text


def _read_rows(path: Path, reader, progress: Progress) -> PeopleTable:
    header = next(reader, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(reader, None)
    if header is None:
        raise PeopleFileError(f"Le fichier {path} est vide.")
    positions = _header_fields(header)
    if not set(positions) - {"id"}:
        expected = ", ".join(f"{field} ({_LABELS[field]})" for field in FIELDS)
        raise PeopleFileError(
            f"Aucune colonne utilisable dans {path} : l'en-tête doit nommer au moins une de "
            f"ces colonnes : {expected}. En-tête lu : {', '.join(header)[:200]}"
        )
    found = ", ".join(
        f"{_LABELS[f]} = « {header[positions[f]].strip()} »" for f in FIELDS if f in positions
    )
    _say(progress, f"Colonnes reconnues : {found}")
    width = len(header)
    blank = width  # index of the empty cell added to every row
    getter = itemgetter(*(positions.get(field, blank) for field in FIELDS[1:]))
    id_position = positions.get("id")
    padding = [""] * (width + 1)
    table = PeopleTable()
    append = table.append
    row_number = 0
    for row in reader:
        if len(row) <= width:
            if not row or not any(row):
                continue
            row.extend(padding[: width + 1 - len(row)])
        row_number += 1
        values = getter(row)
        identifier = row[id_position].strip() if id_position is not None else row_number
        if identifier == "":
            identifier = row_number
        append(identifier, *values)
        if progress and not row_number % 250_000:
            progress(f"… {number(row_number)} lignes lues")
    return table


def write_pairs(path, pairs, progress: Progress = None) -> int:
    """Writes ``id_a,id_b,score`` (score with 4 decimals); ``-`` writes to standard output.
    The file appears whole or not at all."""
    if str(path) == "-":
        import sys

        return _write(sys.stdout, pairs)
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise PeopleFileError(f"Le dossier de sortie {directory} n'existe pas.")
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise PeopleFileError(
            f"Impossible d'écrire dans {directory} : {error.strerror}."
        ) from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as output:
            count = _write(output, pairs)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _say(progress, f"{number(count)} paires écrites dans {path}")
    return count


def _write(output, pairs) -> int:
    writer = csv_safe.writer(output, lineterminator="\n")  # ids come from the input file
    writer.writerow(("id_a", "id_b", "score"))
    count = 0
    for id_a, id_b, score in pairs:
        writer.writerow((id_a, id_b, f"{score:.4f}"))
        count += 1
    return count
