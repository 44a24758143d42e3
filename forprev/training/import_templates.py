"""The file people fill in to import trainees: the columns the importer reads (``imports.FIELDS``),
one header each, then one example line; as a CSV for spreadsheets and as an XLSX workbook."""

import io
from datetime import date

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from forprev.core import csv_safe

from .imports import FIELDS

# The template people fill in: one header per column read, then one example line.

TEMPLATE_HEADER = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "birth_date": "Date de naissance",
    "email": "E-mail",
}
TEMPLATE_EXAMPLE = {
    "last_name": "DUPONT",
    "first_name": "Camille",
    "birth_date": date(1990, 3, 15),
    "email": "camille.dupont@exemple.fr",
}
_TEMPLATE_WIDTHS = {"last_name": 24, "first_name": 20, "birth_date": 18, "email": 34}


def template_csv() -> bytes:
    """The template as a CSV for spreadsheets: UTF-8 with a BOM, ``;``-separated, CRLF lines,
    the date as JJ/MM/AAAA, every cell through ``core.csv_safe``."""
    out = io.StringIO(newline="")
    writer = csv_safe.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([TEMPLATE_HEADER[field] for field in FIELDS])
    example = dict(TEMPLATE_EXAMPLE, birth_date=TEMPLATE_EXAMPLE["birth_date"].strftime("%d/%m/%Y"))
    writer.writerow([example[field] for field in FIELDS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The template as an XLSX workbook: a bold header, the example line (its birth date a date
    cell shown JJ/MM/AAAA), and the text columns formatted as text, so that a value typed with
    a leading « = » stays text instead of becoming a formula. No formula anywhere."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Stagiaires"
    sheet.append([TEMPLATE_HEADER[field] for field in FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([TEMPLATE_EXAMPLE[field] for field in FIELDS])
    for index, field in enumerate(FIELDS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _TEMPLATE_WIDTHS[field]
        number_format = "DD/MM/YYYY" if field == "birth_date" else "@"
        sheet.column_dimensions[letter].number_format = number_format
        sheet.cell(row=2, column=index).number_format = number_format
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
