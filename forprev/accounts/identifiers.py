"""Numéro Forprev: 3 upper-case letters + 5 digits, generated at random, unique and never reused.

Every number ever handed out is kept in ``IssuedForprevId`` (rows are never deleted), so a number
freed by a deleted or merged account can never be given to somebody else.
"""

import re
import secrets
import string

from django.db import IntegrityError, transaction

FORPREV_ID_RE = re.compile(r"^[A-Z]{3}\d{5}$")
_LETTERS = string.ascii_uppercase


_SYSTEM_RANDOM = secrets.SystemRandom()


def random_forprev_id(rng=None) -> str:
    """A random candidate; ``rng`` (a ``random.Random``) makes synthetic datasets reproducible."""
    rng = rng or _SYSTEM_RANDOM
    letters = "".join(rng.choice(_LETTERS) for _ in range(3))
    return f"{letters}{rng.randrange(100_000):05d}"


def is_valid_forprev_id(value: str) -> bool:
    return bool(FORPREV_ID_RE.fullmatch(value or ""))


def issue_forprev_id(*, attempts: int = 50) -> str:
    """Reserve a fresh numéro Forprev. Collisions are retried; the unique index settles races."""
    from .models import IssuedForprevId

    for _ in range(attempts):
        candidate = random_forprev_id()
        try:
            with transaction.atomic():
                IssuedForprevId.objects.create(value=candidate)
        except IntegrityError:
            continue
        return candidate
    raise RuntimeError("Could not issue a unique numéro Forprev.")  # 17.5 billion possibilities


def issue_forprev_ids_bulk(count: int, rng=None) -> list[str]:
    """Reserve ``count`` numbers at once (bulk imports, synthetic datasets).

    Only the candidates are looked up (by chunks, through the unique index), never the whole
    registry: the cost follows ``count``, not the millions of numbers already issued."""
    from .models import IssuedForprevId

    fresh: list[str] = []
    seen: set[str] = set()
    while len(fresh) < count:
        candidates = []
        while len(candidates) < count - len(fresh):
            candidate = random_forprev_id(rng)
            if candidate not in seen:
                seen.add(candidate)
                candidates.append(candidate)
        taken: set[str] = set()
        for start in range(0, len(candidates), 900):
            chunk = candidates[start : start + 900]
            taken.update(
                IssuedForprevId.objects.filter(value__in=chunk).values_list("value", flat=True)
            )
        fresh.extend(c for c in candidates if c not in taken)
    IssuedForprevId.objects.bulk_create(
        [IssuedForprevId(value=value) for value in fresh], batch_size=5_000
    )
    return fresh
