"""Numéros Forprev of migrated accounts and persons, deterministic.

A row keeps its Forprev 1 number (the account's ``identifiant``, the person's
``numero_forprev``) when it is well-formed and free: not issued in Forprev 2 yet
(``IssuedForprevId``) and not taken by an earlier row of the run. Otherwise it gets a number
derived from its public_id (itself derived from the export row), so that every run, interrupted
or not, gives the same row the same number. The phases write the rows that need a new number
after all the others, so a new number never takes the number a later row of the export holds.
Every number taken is recorded in ``IssuedForprevId`` in the chunk's transaction.
"""

import string
import uuid

from django.utils import timezone

from forprev.accounts.identifiers import is_valid_forprev_id
from forprev.accounts.models import IssuedForprevId

from .context import LOOKUP_SIZE

_LETTERS = string.ascii_uppercase


def normalised(raw: str | None) -> str | None:
    """The Forprev 1 number upper-cased and without spaces, when well-formed."""
    value = (raw or "").strip().upper().replace(" ", "")
    return value if is_valid_forprev_id(value) else None


def candidate(public_id: uuid.UUID, attempt: int) -> str:
    source = public_id if attempt == 0 else uuid.uuid5(public_id, str(attempt))
    number = source.int
    letters = ""
    for _ in range(3):
        number, index = divmod(number, 26)
        letters += _LETTERS[index]
    return f"{letters}{number % 100_000:05d}"


class ForprevIds:
    def __init__(self, ctx):
        self.ctx = ctx
        self.claimed: set[str] = set()

    def in_registry(self, values) -> set[str]:
        """Those of ``values`` issued before the run (the run's own are in ``claimed``)."""
        if not self.ctx.held_rows(IssuedForprevId):
            return set()
        values = list(values)
        found = set()
        for start in range(0, len(values), LOOKUP_SIZE):
            found.update(
                IssuedForprevId.objects.filter(
                    value__in=values[start : start + LOOKUP_SIZE]
                ).values_list("value", flat=True)
            )
        return found

    def free(self, wanted) -> set[str]:
        """Those of ``wanted`` nobody holds yet (the caller claims them in its order)."""
        wanted = {value for value in wanted if value and value not in self.claimed}
        return wanted - self.in_registry(wanted)

    def derived(self, public_id: uuid.UUID) -> str:
        attempt = 0
        while True:
            value = candidate(public_id, attempt)
            if value not in self.claimed and not self.in_registry([value]):
                return value
            attempt += 1

    def claim(self, value: str) -> None:
        self.claimed.add(value)

    def record(self, values) -> None:
        """Write the numbers taken by a chunk (inside its transaction)."""
        now = timezone.now()
        self.ctx.insert(IssuedForprevId, ("value", "issued_at"), [(value, now) for value in values])
