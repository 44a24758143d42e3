"""Guessing certificate numbers or codes is throttled per client IP (Django's cache: use a shared
cache such as Redis when several servers run)."""

from django.conf import settings
from django.core.cache import cache


def verification_allowed(request) -> bool:
    """Count this look-up in the client's minute; False past ``FORPREV_VERIFY_PER_MINUTE``.

    The counter is incremented first: one cache operation for every look-up but the first of a
    minute (``add`` then ``incr`` took two, three round trips with Redis)."""
    limit = getattr(settings, "FORPREV_VERIFY_PER_MINUTE", 60)
    key = f"forprev:verify:{request.META.get('REMOTE_ADDR', '')}"
    try:
        count = cache.incr(key)
    except ValueError:  # the minute's first look-up, or the counter just expired
        if cache.add(key, 1, timeout=60):
            return limit >= 1
        try:
            count = cache.incr(key)  # another request created it meanwhile
        except ValueError:
            return True
    return count <= limit
