"""Fixed-window counters for anti-abuse limits (look-ups, e-mails sent, applications…).

Counters live in the ``ratelimit`` cache, apart from cached pages and sessions, so that nothing
else fills it. Flooding it with distinct keys (addresses, e-mails) cannot push out the counters
that matter either: every limited action first counts against a global ceiling for its scope,
and a key is created only for requests under that ceiling. The number of live keys is thus
bounded by the sum of the ceilings, which the cache's size exceeds
(``FORPREV_RATELIMIT_ENTRIES``; with Redis, a server without eviction).

Use :func:`allow` in views and services; it answers False past any limit and creates no further
counter once one limit refused.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import caches

from .client_ip import client_key

CACHE_ALIAS = "ratelimit"


@dataclass(frozen=True)
class Limit:
    """``count`` events per ``period`` seconds; ``None`` means no limit."""

    count: int | None
    period: int = 60


def _digest(key: str) -> str:
    """Keys may carry e-mail addresses: they are stored as short digests, never in clear."""
    return hashlib.blake2b(key.encode(), digest_size=12).hexdigest()


def hit(scope: str, key: str, limit: Limit, *, now: float | None = None) -> bool:
    """Count one event of ``key`` in the current window; True while within the limit.

    The counter is incremented first: one cache operation for every event but the first of a
    window."""
    if limit.count is None:
        return True
    window = int(now if now is not None else time.time()) // limit.period
    cache_key = f"rl:{scope}:{limit.period}:{window}:{key}"
    cache = caches[CACHE_ALIAS]
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window's first event, or the counter just expired
        if cache.add(cache_key, 1, timeout=limit.period + 1):
            return limit.count >= 1
        try:
            count = cache.incr(cache_key)  # another request created it meanwhile
        except ValueError:
            return True
    return count <= limit.count


def allow(
    request=None,
    *,
    scope: str,
    overall: Limit | None = None,
    per_client: Limit | None = None,
    per_key: Limit | None = None,
    key: str = "",
    now: float | None = None,
) -> bool:
    """One event of ``scope``: within the global ceiling (``overall``), then the client's own
    limit (its address or IPv6 /64, read behind the trusted proxies), then the limit of ``key``
    (an e-mail address, a SIRET…). Stops at the first refusal."""
    if overall is not None and not hit(scope, "*", overall, now=now):
        return False
    if (
        per_client is not None
        and request is not None
        and not hit(f"{scope}:ip", client_key(request), per_client, now=now)
    ):
        return False
    return per_key is None or hit(f"{scope}:key", _digest(key.strip().lower()), per_key, now=now)
