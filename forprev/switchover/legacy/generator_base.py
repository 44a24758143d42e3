"""What every step of the synthetic Forprev 1 export (``generator``) shares: the knobs, one random
generator per step, how many rows a defect touches, and the seed's timeline."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

# Forprev 1 opened its entity accounts (no habilitation in an export starts before).
FORPREV1_OPENED = date(2011, 1, 3).toordinal()


def add_years(ordinal: int, years: int) -> int:
    day = date.fromordinal(ordinal)
    try:
        return day.replace(year=day.year + years).toordinal()
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28).toordinal()


def add_months(ordinal: int, months: int) -> int:
    day = date.fromordinal(ordinal)
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last)).toordinal()
        except ValueError:
            continue
    raise AssertionError("unreachable")


def weekday_on_or_after(ordinal: int) -> int:
    """Sessions start on a working day: a Saturday or Sunday moves to the Monday."""
    weekday = ordinal % 7  # date.fromordinal(1) is a Monday: ordinal % 7 == 1 on Mondays
    return ordinal + {6: 2, 0: 1}.get(weekday, 0)


@dataclass
class Context:
    """The generation's knobs. ``export`` is the export's date (an ordinal, « aujourd'hui »)."""

    scale: float
    seed: int
    export: int
    clean: bool = False
    defects: Counter = field(default_factory=Counter)

    def rng(self, step: str) -> random.Random:
        """One generator per step: a step changed later leaves the others' draws alone."""
        return random.Random(f"forprev1-export/{self.seed}/{step}")

    def scaled(self, count: int, minimum: int = 1) -> int:
        return max(minimum, round(count * self.scale))

    def defect_count(self, rate: float, population: int, floor: int = 2) -> int:
        """Rows a defect touches: ``rate`` of ``population``, at least ``floor`` so that small
        scales still have cases; none with ``--clean``."""
        if self.clean or population <= 0:
            return 0
        return min(population, max(floor, round(rate * population)))

    def record(self, defect: str, count: int = 1) -> None:
        if count:
            self.defects[defect] += count

    # -- the seed's timeline, relative to the export's year (2022 by default) ---------------

    @property
    def year(self) -> int:
        return date.fromordinal(self.export).year

    def _on(self, month: int, day: int, years: int = 0) -> int:
        return date(self.year + years, month, day).toordinal()

    @property
    def attachments_frozen_on(self) -> int:
        """No more associated entities, antennas nor SIRET changes by a new account (1 June)."""
        return min(self.export, self._on(5, 31))

    @property
    def renewals_frozen_on(self) -> int:
        """The « renouvellement » button disappeared on 13 July."""
        return min(self.export, self._on(7, 13))

    @property
    def requests_frozen_on(self) -> int:
        """Initial and additional requests were taken until 31 October."""
        return min(self.export, self._on(10, 31))

    @property
    def extension_windows(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """Échéances extended by 9 months (January–March) and by 4 months (April–May) of the
        year after the export."""
        return (
            (self._on(1, 1, 1), self._on(3, 31, 1)),
            (self._on(4, 1, 1), self._on(5, 31, 1)),
        )
