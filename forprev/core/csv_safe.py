"""CSV written for people: every cell neutralised against formula injection (« CSV injection »).

A spreadsheet opening a CSV runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``, ``@SUM(…)``), and a leading tab or carriage
return can hide such a start. Text taken from users (names, messages, identifiers from
Forprev 1's files) ends up in our exports, so every text cell starting with one of these
characters, or their full-width forms (``＝＋－＠``), possibly after spaces, is written with a
leading single quote: the spreadsheet shows it as text. Real numbers and dates passed as typed
values (``int``, ``float``, ``Decimal``, ``date``) are written untouched: ``-3`` stays a number.

Every CSV the application writes goes through :func:`writer` (a file) or :func:`line_writer`
(lines of a streaming response); ``tests/core/test_csv_safe.py`` fails on any other
``csv.writer`` in ``forprev/``. :func:`raw_writer` is for machine-read files that reproduce
another system's format byte for byte (the Forprev 1 export generator, synthetic datasets), and
the same test lists the modules allowed to use it.
"""

import csv
from datetime import date, time
from decimal import Decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_TYPED = (int, float, Decimal, date, time)  # bool is an int: written True/False, harmless


def safe_cell(value):
    """``value`` as a CSV writer should receive it: typed numbers and dates as they are, ``None``
    as an empty cell, any other value as text, quoted when it could start a formula."""
    if value is None:
        return ""
    if isinstance(value, _TYPED):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) or text.lstrip().startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class SafeWriter:
    """``csv.writer`` whose rows go through :func:`safe_cell`; ``writerow`` returns what the
    stream's ``write`` returned (the line itself for :func:`line_writer`)."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **options) -> SafeWriter:
    """A CSV writer on ``stream`` (``csv.writer``'s options) that neutralises formulas."""
    return SafeWriter(stream, **options)


class _Line:
    """A file-like object the CSV writer writes one line into, returned as is."""

    def write(self, value):
        return value


def line_writer(**options) -> SafeWriter:
    """A CSV writer whose ``writerow`` returns the line as a string (streaming responses)."""
    return SafeWriter(_Line(), **options)


def raw_writer(stream, **options):
    """A plain ``csv.writer``: ONLY for files read by programs, reproducing another system's
    format (the modules allowed are listed in ``tests/core/test_csv_safe.py``)."""
    return csv.writer(stream, **options)
