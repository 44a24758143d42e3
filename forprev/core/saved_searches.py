"""Searches for people kept out of addresses: the criteria (names, birth dates) are POSTed, kept
in the user's session under a random id for a short while, and the results page is addressed by
that id (``?recherche=<id>``). Addresses end up in server and proxy logs, in the browser's
history and in the ``Referer`` sent to other sites; a name and a birth date must not.
"""

import secrets
import time

SESSION_KEY = "forprev_saved_searches"
# How long a search id answers (the results page, its pagination, the Back button).
LIFETIME_SECONDS = 30 * 60
# Searches kept per session: the oldest is forgotten first.
KEPT = 10


def _fresh(saved: dict, now: float) -> dict:
    return {key: entry for key, entry in saved.items() if now - entry["at"] < LIFETIME_SECONDS}


def remember_search(request, scope: str, criteria: dict[str, str]) -> str:
    """Keep ``criteria`` (text values, as typed) for ``scope``; the id to put in the address."""
    now = time.time()
    saved = _fresh(request.session.get(SESSION_KEY, {}), now)
    search_id = secrets.token_urlsafe(12)
    saved[search_id] = {"scope": scope, "criteria": dict(criteria), "at": now}
    newest = sorted(saved.items(), key=lambda item: item[1]["at"])[-KEPT:]
    request.session[SESSION_KEY] = dict(newest)
    return search_id


def recall_search(request, scope: str, search_id) -> dict[str, str] | None:
    """The criteria kept under ``search_id`` for ``scope``, or None (unknown, expired, another
    scope, another session)."""
    if not isinstance(search_id, str) or not search_id or len(search_id) > 64:
        return None
    entry = _fresh(request.session.get(SESSION_KEY, {}), time.time()).get(search_id)
    if entry is None or entry.get("scope") != scope:
        return None
    return dict(entry["criteria"])
