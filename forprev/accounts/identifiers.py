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


def issue_forprev_ids_bulk(count: int, rng) -> list[str]:
    """Reserve ``count`` numbers at once (bulk imports, synthetic datasets)."""
    from .models import IssuedForprevId

    taken = set(IssuedForprevId.objects.values_list("value", flat=True).iterator(chunk_size=50_000))
    fresh: list[str] = []
    seen = set()
    while len(fresh) < count:
        candidate = random_forprev_id(rng)
        if candidate in taken or candidate in seen:
            continue
        seen.add(candidate)
        fresh.append(candidate)
    IssuedForprevId.objects.bulk_create(
        [IssuedForprevId(value=value) for value in fresh], batch_size=5_000
    )
    return fresh
