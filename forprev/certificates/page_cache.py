"""The public verification page, cached for anonymous visitors.

QR codes are scanned far more often than certificates change: the rendered page of a code is
kept for the day it was rendered (a certificate's state depends on the day) and at most
``FORPREV_VERIFY_PAGE_CACHE_SECONDS``. The services that change what the page shows
(revocation, a closed session's change, a person's correction, a merge) drop the pages of the
certificates concerned, so the cache only bounds staleness for edits made outside them (the
back office). The page carries the response's CSP nonce: it is cached with a placeholder that
each response replaces with its own nonce.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache

NONCE_PLACEHOLDER = "forprev-csp-nonce-0000"
TITLE_PLACEHOLDER = "forprev-page-title-0000"
BODY_PLACEHOLDER = "forprev-page-body-0000"
# What a verification code is made of (secrets.token_urlsafe): anything else is never cached.
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def _key(code: str, day) -> str:
    return f"forprev:verify-page:{day.isoformat()}:{code}"


def _timeout() -> int:
    return getattr(settings, "FORPREV_VERIFY_PAGE_CACHE_SECONDS", 300)


def cached_page(code: str, day) -> str | None:
    if _timeout() <= 0 or not CODE_RE.match(code):
        return None
    return cache.get(_key(code, day))


def keep_page(code: str, day, html: str) -> None:
    if _timeout() > 0 and CODE_RE.match(code):
        cache.set(_key(code, day), html, timeout=_timeout())


# The layout around a certificate (header, menu, footer), the same for every code and visitor:
# kept in the process itself, as long as a page — a shared cache would cost a round trip for it
# on every scan.
_shell: tuple[str, float] | None = None


def cached_shell() -> str | None:
    if _timeout() <= 0 or _shell is None:
        return None
    html, expires = _shell
    return html if time.monotonic() < expires else None


def keep_shell(html: str) -> None:
    global _shell
    if _timeout() > 0:
        _shell = (html, time.monotonic() + _timeout())


def forget_shell() -> None:
    global _shell
    _shell = None


def drop_pages(codes, day) -> None:
    """Forget the pages of these verification codes (for ``day``: earlier days have expired)."""
    keys = [_key(code, day) for code in codes]
    if keys:
        cache.delete_many(keys)


def drop_pages_after_change(codes) -> None:
    """Drop now and again when the transaction commits: a page rendered meanwhile from the
    old data does not survive the change."""
    from django.db import transaction
    from django.utils import timezone

    codes = list(codes)
    drop_pages(codes, timezone.localdate())
    transaction.on_commit(lambda: drop_pages(codes, timezone.localdate()))


def drop_page_of_saved_certificate(sender, instance, created, **kwargs) -> None:
    if not created:
        drop_pages_after_change([instance.verification_code])
