"""Guessing certificate numbers or codes is throttled per client IP (Django's cache: use a shared
cache such as Redis when several servers run)."""

from django.conf import settings
from django.core.cache import cache


def verification_allowed(request) -> bool:
    limit = getattr(settings, "FORPREV_VERIFY_PER_MINUTE", 60)
    key = f"forprev:verify:{request.META.get('REMOTE_ADDR', '')}"
    if cache.add(key, 1, timeout=60):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=60)
        return True
    return count <= limit
