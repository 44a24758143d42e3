"""Hostile trainee files: every bound of ``forprev.training.imports`` refuses with one French
message, no row kept, quickly and without memory blow-up."""

import io
import time
import tracemalloc
import zipfile
from datetime import date

import openpyxl
import pytest

from forprev.core.bench.zip_bomb import LYING_SIZE, SHEET_NAME, xlsx_zip_bomb
from forprev.training.imports import (
    ABNORMAL_WORKBOOK,
    NOT_TABULAR,
    UNKNOWN_ENCODING,
    ImportLimits,
    parse_trainees,
)

TODAY = date(2025, 6, 15)
HEADER = "nom;prénom;date de naissance;e-mail"
ROW = "Dupont;Jean;01/02/1990;jean@exemple.fr"
TOO_BIG = (
    "Le classeur est trop volumineux une fois décompressé (plus de 20 Mo) : "
    "gardez seulement la liste des stagiaires."
)
TOO_MANY_CELLS = (
    "Le classeur contient plus de 100\xa0000 cellules : gardez seulement la liste des "
    "stagiaires (nom, prénom, date de naissance, e-mail)."
)
TOO_MANY_LINES = "Le fichier contient plus de 50\xa0000 lignes ; 5\xa0000 au plus par import."


def limits(**changes) -> ImportLimits:
    values = {
        "max_bytes": 5 * 1024 * 1024,
        "max_uncompressed_bytes": 20 * 1024 * 1024,
        "max_cells": 100_000,
        "max_seconds": 5,
    }
    return ImportLimits(**(values | changes))


def parse(data: bytes, filename: str = "stagiaires.csv", **kwargs):
    kwargs.setdefault("today", TODAY)
    return parse_trainees(data, filename, **kwargs)


def assert_refused(result, message: str) -> None:
    assert result.file_errors == [message]
    assert result.rows == []  # nothing half-read is kept
    assert not result.is_valid


def timed(data: bytes, filename: str, **kwargs):
    """The result, the wall time and the peak of memory allocated during the parse."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        started = time.perf_counter()
        result = parse(data, filename, **kwargs)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, elapsed, peak / (1024 * 1024)


# The zip bomb of the issue: a valid-looking workbook, 40 MB of rows in 160 KB.


@pytest.fixture(scope="module")
def zip_bomb():
    return xlsx_zip_bomb()


@pytest.fixture(scope="module")
def lying_zip_bomb():
    return xlsx_zip_bomb(lying_size=LYING_SIZE)


def test_the_zip_bomb_is_a_real_workbook_of_many_megabytes(zip_bomb):
    assert 100 * 1024 < len(zip_bomb) < 250 * 1024
    with zipfile.ZipFile(io.BytesIO(zip_bomb)) as archive:
        names = set(archive.namelist())
        sheet = archive.getinfo(SHEET_NAME)
        start = archive.open(sheet).read(4096)
    assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", SHEET_NAME} <= names
    assert sheet.file_size > 39 * 1024 * 1024
    assert b'<dimension ref="A1:D3"/>' in start and b"<t>Dupont</t>" in start


def test_zip_bomb_is_refused_in_under_a_second_without_memory(zip_bomb, capsys):
    result, elapsed, peak_mb = timed(zip_bomb, "stagiaires.xlsx")

    assert_refused(result, TOO_BIG)
    assert elapsed < 5  # generous for a loaded CI machine; the real figure is printed
    assert peak_mb < 50
    with capsys.disabled():
        print(
            f"\nbombe XLSX ({len(zip_bomb) // 1024} Ko) refusée en {elapsed:.4f} s, {peak_mb:.1f} Mo"
        )


def test_zip_bomb_with_lying_sizes_is_refused_while_decompressing(lying_zip_bomb, capsys):
    with zipfile.ZipFile(io.BytesIO(lying_zip_bomb)) as archive:
        assert archive.getinfo(SHEET_NAME).file_size == LYING_SIZE  # the headers do lie

    result, elapsed, peak_mb = timed(lying_zip_bomb, "stagiaires.xlsx")

    assert_refused(result, TOO_MANY_CELLS)
    assert elapsed < 5
    assert peak_mb < 50
    with capsys.disabled():
        print(f"\nbombe XLSX mentant sur sa taille refusée en {elapsed:.4f} s, {peak_mb:.1f} Mo")


def test_declared_size_is_never_trusted_alone():
    # The sheet is big but holds few cells (long texts): only the byte count can catch it.
    data = xlsx_zip_bomb(sheet_mb=8, lying_size=4 * 1024 * 1024)
    small = limits(max_uncompressed_bytes=6 * 1024 * 1024, max_cells=10**9)

    result = parse(data, "a.xlsx", limits=small)

    assert result.file_errors and result.rows == []  # the sheet ends past its declared size
    assert result.file_errors[0] in {NOT_TABULAR, ABNORMAL_WORKBOOK}


# Other hostile workbooks


def workbook(members: dict[str, bytes | str], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP of ``members``; ``ZIP_STORED`` keeps repetitive test XML under the ratio bound."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=9) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def real_workbook(*rows) -> dict[str, bytes]:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_sheet(xml: str, **kwargs) -> bytes:
    members = real_workbook(("Nom", "Prénom", "Date de naissance"))
    members["xl/worksheets/sheet1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{xml}</worksheet>"
    ).encode()
    return workbook(members, **kwargs)


def test_high_compression_ratio_is_refused():
    members = real_workbook(("Nom", "Prénom", "Date de naissance"))
    members["xl/media/padding.xml"] = b" " * (3 * 1024 * 1024)  # 3 MB of spaces in ~3 KB

    assert_refused(parse(workbook(members), "a.xlsx"), ABNORMAL_WORKBOOK)


def test_too_many_members_are_refused():
    members = real_workbook(("Nom", "Prénom", "Date de naissance"))
    members |= {f"xl/custom/item{i}.xml": b"<a/>" for i in range(250)}

    assert_refused(parse(workbook(members), "a.xlsx"), ABNORMAL_WORKBOOK)


def test_declared_dimension_beyond_the_bounds_is_refused_before_parsing():
    sheet = '<dimension ref="A1:D1048576"/><sheetData><row r="1"><c><v>1</v></c></row></sheetData>'

    assert_refused(parse(with_sheet(sheet), "a.xlsx"), TOO_MANY_LINES)
    wide = '<dimension ref="A1:XFD2"/><sheetData><row r="1"><c><v>1</v></c></row></sheetData>'
    assert_refused(parse(with_sheet(wide), "a.xlsx"), "Le fichier contient plus de 200 colonnes.")


def test_rows_padded_to_the_last_column_are_refused():
    # Dimension missing, one cell far right: openpyxl pads the row with 16,384 values.
    sheet = (
        "<sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c>'
        '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )

    assert_refused(parse(with_sheet(sheet), "a.xlsx"), "Le fichier contient plus de 200 colonnes.")


def test_rows_jumping_to_the_last_row_are_refused():
    sheet = (
        "<sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Prénom</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Date de naissance</t></is></c></row>'
        '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>'
    )
    started = time.perf_counter()

    assert_refused(parse(with_sheet(sheet), "a.xlsx"), TOO_MANY_LINES)
    assert time.perf_counter() - started < 5


def test_too_many_cells_under_the_size_bound_are_refused():
    cells = '<c t="inlineStr"><is><t>a</t></is></c>' * 4
    sheet = "<sheetData>" + f"<row>{cells}</row>" * 30_000 + "</sheetData>"  # 120,000 cells

    assert_refused(
        parse(with_sheet(sheet, compression=zipfile.ZIP_STORED), "a.xlsx"), TOO_MANY_CELLS
    )


def test_shared_strings_bomb_is_refused():
    members = real_workbook(("Nom", "Prénom", "Date de naissance"))
    members["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<si><t>x</t></si>" * 150_000
        + "</sst>"
    ).encode()

    assert_refused(
        parse(workbook(members, compression=zipfile.ZIP_STORED), "a.xlsx"), TOO_MANY_CELLS
    )


def test_styles_bomb_is_refused():
    members = real_workbook(("Nom", "Prénom", "Date de naissance"))
    members["xl/styles.xml"] = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>'
        + '<xf numFmtId="0"/>' * 120_000
        + "</cellXfs></styleSheet>"
    ).encode()

    assert_refused(
        parse(workbook(members, compression=zipfile.ZIP_STORED), "a.xlsx"), ABNORMAL_WORKBOOK
    )


def test_wall_clock_bound_refuses_a_slow_parse():
    data = workbook(
        real_workbook(("Nom", "Prénom", "Date de naissance"), ("Dupont", "Jean", "1/2/1990"))
    )

    result = parse(data, "a.xlsx", limits=limits(max_seconds=0))

    assert result.rows == []
    assert result.file_errors == [
        "La lecture du fichier a dépassé 0 secondes : gardez seulement la liste des stagiaires "
        "(nom, prénom, date de naissance, e-mail)."
    ]


def test_a_normal_workbook_passes_every_bound():
    rows = [("Nom", "Prénom", "Date de naissance")] + [
        (f"Nom{i}", "Jean", date(1990, 1, 1 + i % 28)) for i in range(3000)
    ]
    data = workbook(real_workbook(*rows))

    result = parse(data, "a.xlsx")

    assert result.file_errors == []
    assert len(result.rows) == 3000 and result.is_valid


# CSV


def test_file_over_the_size_bound_is_refused_before_anything_else():
    data = (HEADER + "\n" + "x" * (10 * 1024 * 1024)).encode()  # a 10 MB line

    result, elapsed, _ = timed(data, "a.csv")

    assert_refused(result, "Le fichier dépasse 5 Mo.")
    assert elapsed < 1


def test_long_line_is_refused():
    data = (HEADER + "\n" + ROW + "\n" + "x" * 1_000_000 + ";Jean;01/02/1990;\n").encode()

    result, elapsed, peak_mb = timed(data, "a.csv")

    assert_refused(
        result,
        "La ligne 3 du fichier dépasse 5\xa0000 caractères : ce n'est pas une liste de stagiaires.",
    )
    assert elapsed < 1 and peak_mb < 50


def test_a_million_rows_are_refused_quickly(capsys):
    data = (HEADER + "\n" + "a;b;c;d\n" * 1_000_000).encode()[: 5 * 1024 * 1024]

    result, elapsed, peak_mb = timed(data, "a.csv")

    assert_refused(result, TOO_MANY_LINES)
    assert elapsed < 1 and peak_mb < 50
    with capsys.disabled():
        print(f"\nCSV de 650 000 lignes refusé en {elapsed:.4f} s, {peak_mb:.1f} Mo")


def test_a_million_empty_lines_with_carriage_returns_only_are_refused():
    data = (HEADER + "\r" + "\r" * 1_000_000).encode()

    assert_refused(parse(data), TOO_MANY_LINES)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param((HEADER + "\n" + ROW).encode("utf-16"), id="utf-16"),
        pytest.param((HEADER + "\n" + ROW).encode("utf-32"), id="utf-32"),
        pytest.param(HEADER.encode() + b"\n" + bytes(range(128, 256)) * 100, id="high-bytes"),
    ],
)
def test_decode_errors_give_the_french_message(data):
    assert_refused(parse(data), UNKNOWN_ENCODING)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(bytes(range(256)) * 2000, id="binary-garbage"),
        pytest.param(b"\x00" * 100_000, id="nul-bytes"),
    ],
)
def test_binary_garbage_is_refused(data):
    result = parse(data)

    assert result.rows == []
    assert result.file_errors in ([NOT_TABULAR], [UNKNOWN_ENCODING])


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(';"' * 3000, id="quote-runs"),
        pytest.param("; '" * 2000, id="spaced-quotes"),
        pytest.param(';"\n' * 3000, id="quote-lines"),
    ],
)
def test_delimiter_detection_takes_no_time_on_hostile_headers(header):
    # csv.Sniffer spends tens of seconds on these (64 KB); the import no longer uses it.
    data = (header * 8)[:60_000].encode()
    started = time.perf_counter()

    result = parse(data)

    assert result.file_errors and result.rows == []
    assert time.perf_counter() - started < 1


def test_bounds_come_from_the_settings(settings):
    settings.FORPREV_IMPORT_MAX_MB = 1
    settings.FORPREV_IMPORT_MAX_CELLS = 10

    assert_refused(
        parse((HEADER + "\n" + ROW + "\n").encode() * 30_000), "Le fichier dépasse 1 Mo."
    )
    data = workbook(real_workbook(("Nom", "Prénom", "Date de naissance"), *[("a", "b", "c")] * 5))
    assert_refused(
        parse(data, "a.xlsx"),
        "Le classeur contient plus de 10 cellules : gardez seulement la liste des stagiaires "
        "(nom, prénom, date de naissance, e-mail).",
    )
