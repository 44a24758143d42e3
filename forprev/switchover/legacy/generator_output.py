"""Writing the files of a synthetic Forprev 1 export (``generator``): one ``ExportFile`` per file,
streaming rows of strings through the csv module, with the file's encoding, its date formats and
the damaged lines the generator asks for (a line in Windows-1252 inside a UTF-8 file, a stray
``;``, an unbalanced quote)."""

import io
import random
from datetime import date
from functools import cache
from pathlib import Path

from forprev.core import csv_safe

from .spec import FileSpec

SEPARATOR = ";"
UTF8, UTF8_BOM, CP1252 = "utf-8", "utf-8-sig", "cp1252"


@cache
def dmy(ordinal: int) -> str:
    """``JJ/MM/AAAA``, the export's usual date format (cached: few distinct days)."""
    day = date.fromordinal(ordinal)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def impossible_date(rng: random.Random, year: int) -> str:
    """A date no calendar has, as typed by hand: ``31/02/1985``, ``31/04/…``, ``30/02/…``."""
    day, month = rng.choice(((30, 2), (31, 2), (31, 4), (31, 6), (31, 9), (31, 11)))
    return f"{day:02d}/{month:02d}/{year}"


class ExportFile:
    """One file being written: header first, then ``row()`` per data row.

    ``iso_share`` and ``dash_share`` are the shares of dates written ``AAAA-MM-JJ`` and
    ``JJ-MM-AAAA`` instead of ``JJ/MM/AAAA``; ``iso_columns`` are written ``AAAA-MM-JJ`` always
    (through ``date(…, iso=True)``)."""

    def __init__(
        self,
        directory: Path,
        spec: FileSpec,
        *,
        encoding: str = UTF8,
        newline: str = "\n",
        rng: random.Random | None = None,
        iso_share: float = 0.0,
        dash_share: float = 0.0,
        cp1252_rows: list[int] = (),
    ):
        self.spec = spec
        self.encoding = encoding
        self.path = Path(directory) / spec.name
        self.rows = 0
        self.cp1252_lines = 0
        self.broken_lines = 0
        self._newline = newline
        self._rng = rng or random.Random(0)
        self._iso_share = iso_share
        self._other_share = iso_share + dash_share
        # errors="replace": a name Windows-1252 cannot spell (« Şahin ») comes out « ?ahin », as
        # it did in Forprev 1's own Windows-1252 exports.
        self._stream = open(  # noqa: SIM115 - closed by close()
            self.path, "w", encoding=encoding, errors="replace", newline=""
        )
        # Forprev 1's own format, read by the switch-over, not by people: written as is.
        self._writer = csv_safe.raw_writer(
            self._stream, delimiter=SEPARATOR, lineterminator=newline
        )
        self._writer.writerow(spec.column_names)
        # Rows to write in Windows-1252 (the first row with an accent from each of these on),
        # smallest last, above a row number never reached.
        self._cp1252_due = [10**18, *sorted(cp1252_rows, reverse=True)]
        self.row = self._row_mixed if cp1252_rows else self._row

    def _row(self, values) -> None:
        self._writer.writerow(values)
        self.rows += 1

    def _row_mixed(self, values) -> None:
        if self.rows >= self._cp1252_due[-1] and not all(v.isascii() for v in values):
            self._cp1252_due.pop()
            self.row_cp1252(values)
            return
        self._writer.writerow(values)
        self.rows += 1

    def date(self, ordinal: int | None, *, iso: bool = False) -> str:
        if ordinal is None:
            return ""
        if iso:
            return date.fromordinal(ordinal).isoformat()
        if self._other_share:
            draw = self._rng.random()
            if draw < self._other_share:
                day = date.fromordinal(ordinal)
                if draw < self._iso_share:
                    return day.isoformat()
                return f"{day.day:02d}-{day.month:02d}-{day.year}"
        return dmy(ordinal)

    def row_cp1252(self, values) -> None:
        """One row encoded in Windows-1252 whatever the file's encoding (a line pasted in)."""
        buffer = io.StringIO()
        csv_safe.raw_writer(buffer, delimiter=SEPARATOR, lineterminator=self._newline).writerow(
            values
        )
        self._stream.flush()
        self._stream.buffer.write(buffer.getvalue().encode(CP1252, errors="replace"))
        self.rows += 1
        self.cp1252_lines += 1

    def row_broken(self, values: list[str], how: str, rng: random.Random) -> None:
        """A row damaged as hand edits damage them: ``stray_separator`` (a ``;`` typed inside a
        value) or ``unbalanced_quote`` (a ``"`` opening a value never closed). Written as is."""
        values = list(values)
        texts = [
            index
            for index, value in enumerate(values)
            if value and not value.isdigit() and index > 0
        ] or [len(values) - 1]
        index = rng.choice(texts)
        if how == "stray_separator":
            value = values[index]
            cut = value.find(" ") if " " in value else len(value)
            values[index] = value[:cut] + SEPARATOR + value[cut:]
        else:
            values[index] = '"' + values[index]
        self._stream.write(SEPARATOR.join(values) + self._newline)
        self.rows += 1
        self.broken_lines += 1

    def close(self) -> None:
        self._stream.close()
