"""Fixed-window counters for anti-abuse limits (look-ups, e-mails sent, applications…).

Counters live in the ``ratelimit`` cache, apart from cached pages and sessions, so that nothing
else fills it. Flooding it with distinct keys (addresses, e-mails) cannot push out the counters
that matter either: a counter is created only for an event its scope's global ceiling let
through, so a scope holds at most ``ceiling × counters per event`` live counters per window
(a counter lives one window and one second), and the sum over every scope stays below the
cache's size (``FORPREV_RATELIMIT_ENTRIES``; with Redis, a server without eviction). A local
memory cache that is full drops its least recently used keys: a flood under the ceilings never
fills it, so a throttled client's counter stays until its window ends.

Windows are fixed (aligned on the epoch): a client may send up to twice its limit across the
boundary of two windows, never more.

Use :func:`allow` in views and services; it answers False past any limit. Limits on failures
(wrong answers to a question) count every attempt with :func:`allow` before judging it, and
take a successful one back with :func:`undo`.
"""

import hashlib
import time
from contextlib import suppress
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
    """Keys may carry e-mail addresses: they are stored as short digests, never in clear (and
    compared without case or surrounding spaces)."""
    return hashlib.blake2b(key.strip().lower().encode(), digest_size=12).hexdigest()


def _cache_key(scope: str, key: str, limit: Limit, now: float | None) -> str:
    window = int(now if now is not None else time.time()) // limit.period
    return f"rl:{scope}:{limit.period}:{window}:{key}"


def _increment(store, cache_key: str) -> int | None:
    """The counter after counting one more event, or None when it does not exist yet."""
    try:
        return store.incr(cache_key)
    except ValueError:  # the window's first event, or the counter just expired
        return None


def _create(store, cache_key: str, limit: Limit) -> int:
    """Count the first event of a window (or the next one, if another request created the
    counter meanwhile)."""
    if store.add(cache_key, 1, timeout=limit.period + 1):
        return 1
    return _increment(store, cache_key) or 1


def hit(scope: str, key: str, limit: Limit, *, now: float | None = None) -> bool:
    """Count one event of ``key`` in the current window; True while within the limit.

    The counter is incremented first: one cache operation for every event but the first of a
    window."""
    if limit.count is None:
        return True
    return _hit(caches[CACHE_ALIAS], _cache_key(scope, key, limit, now), limit)


def _hit(store, cache_key: str, limit: Limit) -> bool:
    count = _increment(store, cache_key)
    if count is None:
        count = _create(store, cache_key, limit)
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
    """One event of ``scope``, within the client's own limit (its address or IPv6 /64, read
    behind the trusted proxies), the limit of ``key`` (an e-mail address, a SIRET…) and the
    global ceiling (``overall``).

    The client's and the key's counters are counted first when they exist: one past its limit
    refuses the event before the ceiling counts it, so that one client hammering the service
    cannot use up the ceiling of everyone else. Counters that do not exist yet are created only
    for events the ceiling let through: a flood of new keys stops at the ceiling."""
    store = caches[CACHE_ALIAS]
    now = time.time() if now is None else now
    counters = []
    if per_client is not None and per_client.count is not None and request is not None:
        counters.append(
            (_cache_key(f"{scope}:ip", client_key(request), per_client, now), per_client)
        )
    if per_key is not None and per_key.count is not None:
        counters.append((_cache_key(f"{scope}:key", _digest(key), per_key, now), per_key))
    missing = []
    for cache_key, limit in counters:
        count = _increment(store, cache_key)
        if count is None:
            missing.append((cache_key, limit))
        elif count > limit.count:
            return False
    if (
        overall is not None
        and overall.count is not None
        and not _hit(store, _cache_key(scope, "*", overall, now), overall)
    ):
        return False
    return all(_create(store, cache_key, limit) <= limit.count for cache_key, limit in missing)


def undo(*, scope: str, per_key: Limit, key: str = "", now: float | None = None) -> None:
    """Take back one event of ``key`` counted by :func:`allow` (``per_key`` only). For limits on
    failures: each attempt is counted *before* it is judged — concurrent attempts each get their
    own count, so no more than the limit ever pass — and a successful one is taken back."""
    if per_key.count is None:
        return
    with suppress(ValueError):  # the window ended meanwhile: nothing to take back
        caches[CACHE_ALIAS].decr(_cache_key(f"{scope}:key", _digest(key), per_key, now))
