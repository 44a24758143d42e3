"""The public verification page, cached for anonymous visitors.

QR codes are scanned far more often than certificates change: the rendered page of a code is
kept for the day it was rendered (a certificate's state depends on the day) and at most
``FORPREV_VERIFY_PAGE_CACHE_SECONDS``. The services that change what the page shows
(revocation, a closed session's change, a person's correction, a merge) drop the pages of the
certificates concerned, so the cache only bounds staleness for edits made outside them (the
back office). Pages live in the ``pages`` cache, apart from the throttling counters of the
``ratelimit`` one (see ``CACHES``). The page carries the response's CSP nonce: it is cached with a
placeholder that each response replaces with its own nonce.
"""

import re
import time

from django.conf import settings
from django.core.cache import caches

NONCE_PLACEHOLDER = "forprev-csp-nonce-0000"
NONCE_PLACEHOLDER_BYTES = NONCE_PLACEHOLDER.encode()
TITLE_PLACEHOLDER = "forprev-page-title-0000"
BODY_PLACEHOLDER = "forprev-page-body-0000"
# What a verification code is made of (secrets.token_urlsafe): anything else is never cached.
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def _key(code: str, day) -> str:
    return f"forprev:verify-page:{day.isoformat()}:{code}"


def _timeout() -> int:
    return getattr(settings, "FORPREV_VERIFY_PAGE_CACHE_SECONDS", 300)


def cached_page(code: str, day) -> bytes | None:
    """The page (UTF-8, nonce placeholder inside) of a code, if kept."""
    if _timeout() <= 0 or not CODE_RE.match(code):
        return None
    page = caches["pages"].get(_key(code, day))
    return page if isinstance(page, bytes) else None  # not a text page of an older release


def keep_page(code: str, day, page: bytes) -> None:
    if (timeout := _timeout()) > 0 and CODE_RE.match(code):
        caches["pages"].set(_key(code, day), page, timeout=timeout)


# The layout around a certificate (header, menu, footer), the same for every code and visitor:
# kept in the process itself, as long as a page — a shared cache would cost a round trip for it
# on every scan — as UTF-8 bytes cut at the title and the body, so that a page is three joins
# (no search through the whole layout, no encoding of it).
_shell: tuple[tuple[bytes, bytes, bytes], float] | None = None


def cached_shell() -> tuple[bytes, bytes, bytes] | None:
    if _timeout() <= 0 or _shell is None:
        return None
    parts, expires = _shell
    return parts if time.monotonic() < expires else None


def keep_shell(html: str) -> tuple[bytes, bytes, bytes]:
    """Cut the rendered layout (with its two placeholders) and keep it."""
    global _shell
    head, rest = html.split(TITLE_PLACEHOLDER, 1)
    middle, tail = rest.split(BODY_PLACEHOLDER, 1)
    parts = (head.encode(), middle.encode(), tail.encode())
    if _timeout() > 0:
        _shell = (parts, time.monotonic() + _timeout())
    return parts


def forget_shell() -> None:
    global _shell
    _shell = None


def with_nonce(page: bytes, nonce: str) -> bytes:
    return page.replace(NONCE_PLACEHOLDER_BYTES, str(nonce).encode())


def drop_pages(codes, day) -> None:
    """Forget the pages of these verification codes (for ``day``: earlier days have expired)."""
    keys = [_key(code, day) for code in codes]
    if keys:
        caches["pages"].delete_many(keys)


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
