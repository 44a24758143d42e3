"""Refusing an XLSX « zip bomb » at the trainee import (``manage.py bench --parts zip_bomb``).

The workbook is valid in form (content types, relationships, workbook, one sheet whose
``<dimension>`` declares four columns and a few rows) but its sheet holds 40 MB of identical
rows, deflated to about 160 KB (twice the 20 MB bound,
about 700,000 cells). Two variants are refused: one whose ZIP headers tell the real
sizes (refused on the declared sizes, nothing decompressed) and one whose headers lie (declared
10 MB: refused while decompressing, by the cell counter). The figures are the worse of
the two: wall time of ``parse_trainees`` (median of three runs) and its peak of allocated memory
(``tracemalloc``, one more run, not timed).
"""

import io
import statistics
import struct
import time
import tracemalloc
import zipfile

from django.core.management.base import CommandError

from forprev.training.imports import parse_trainees

from . import Figure

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Stagiaires" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:D3"/><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Prénom</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Date de naissance</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>E-mail</t></is></c></row>'
)
# One trainee row without « r » attributes (optional in SpreadsheetML): identical rows deflate
# about a thousand to one.
_ROW = (
    '<row><c t="inlineStr"><is><t>Dupont</t></is></c><c t="inlineStr"><is><t>Jean</t></is></c>'
    '<c t="inlineStr"><is><t>01/02/1990</t></is></c>'
    '<c t="inlineStr"><is><t>jean.dupont@exemple.fr</t></is></c></row>'
)
_SHEET_END = "</sheetData></worksheet>"
SHEET_NAME = "xl/worksheets/sheet1.xml"
# A declared size the lying variant writes in the ZIP headers: under the 20 MB bound and a
# plausible compression ratio (about 60), so that only decompressing tells the truth.
LYING_SIZE = 10 * 1024 * 1024


def xlsx_zip_bomb(*, sheet_mb: int = 40, lying_size: int | None = None) -> bytes:
    """A workbook whose one sheet decompresses to about ``sheet_mb`` MB. With ``lying_size``,
    the sheet's uncompressed size in the local and central ZIP headers is replaced by it."""
    block = (_ROW * (1024 * 1024 // len(_ROW))).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open(SHEET_NAME, "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.encode())
            for _ in range(sheet_mb):
                sheet.write(block)
            sheet.write(_SHEET_END.encode())
    data = buffer.getvalue()
    if lying_size is not None:
        data = _lie_about_size(data, SHEET_NAME, lying_size)
    return data


def _lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """``data`` with ``name``'s uncompressed size replaced by ``size`` in its local header, its
    central directory record and their ZIP64 extra fields."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
        central = archive.start_dir  # where the central directory begins
    encoded = name.encode()
    # Local header: signature, versions, flags, method, time, date, CRC, sizes (4 + 4), name
    # length, extra length, name, extra (ZIP64: tag, length, uncompressed 8, compressed 8).
    local = info.header_offset
    name_length, extra_length = struct.unpack_from("<HH", patched, local + 26)
    _patch_sizes(patched, local + 22, local + 30 + name_length, extra_length, size)
    while True:
        name_length, extra_length = struct.unpack_from("<HH", patched, central + 28)
        if bytes(patched[central + 46 : central + 46 + name_length]) == encoded:
            break
        comment_length = struct.unpack_from("<H", patched, central + 32)[0]
        central += 46 + name_length + extra_length + comment_length
    _patch_sizes(patched, central + 24, central + 46 + name_length, extra_length, size)
    return bytes(patched)


def _patch_sizes(patched: bytearray, size_at: int, extra_at: int, extra_length: int, size: int):
    if struct.unpack_from("<I", patched, size_at)[0] != 0xFFFFFFFF:
        struct.pack_into("<I", patched, size_at, size)
        return
    end = extra_at + extra_length
    while extra_at + 4 <= end:
        tag, length = struct.unpack_from("<HH", patched, extra_at)
        if tag == 0x0001:  # ZIP64: the uncompressed size comes first
            struct.pack_into("<Q", patched, extra_at + 4, size)
            return
        extra_at += 4 + length


def refuse(data: bytes) -> tuple[float, list[str]]:
    """Seconds ``parse_trainees`` takes on ``data`` and its file errors."""
    started = time.perf_counter()
    result = parse_trainees(data, "stagiaires.xlsx")
    return time.perf_counter() - started, result.file_errors


def peak_mb(data: bytes) -> float:
    """The peak of memory allocated while ``data`` is parsed, in MB (``data`` itself excluded)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        parse_trainees(data, "stagiaires.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1024 * 1024)


def zip_bomb_figures() -> list[Figure]:
    bombs = [xlsx_zip_bomb(), xlsx_zip_bomb(lying_size=LYING_SIZE)]
    seconds, peaks = [], []
    for data in bombs:
        timings = []
        for _ in range(3):
            elapsed, errors = refuse(data)
            if not errors or len(errors) != 1:
                raise CommandError("La bombe de décompression n'a pas été refusée.")
            timings.append(elapsed)
        seconds.append(statistics.median(timings))
        peaks.append(peak_mb(data))
    return [
        Figure("import_zip_bomb_refused_s", max(seconds), "s"),
        Figure("import_zip_bomb_peak_mb", max(peaks), "MB"),
        Figure("import_zip_bomb_size_kb", max(len(data) for data in bombs) / 1024, "KB"),
    ]
