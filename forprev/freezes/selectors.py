"""Reads of the freezes. Every page may ask whether an action is frozen and which freezes to
announce: both come from one short list (the freezes not over today), read with one query and
kept in the cache for the day, dropped whenever a freeze is saved or deleted. A page therefore
makes at most one query for the freezes, whatever the number of buttons it shows."""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import FeatureFreeze

CACHE_SECONDS = 300


def _cache_key(day: datetime.date) -> str:
    return f"freezes:not-over:{day.isoformat()}"


def current_freezes(day: datetime.date | None = None) -> list[FeatureFreeze]:
    """The freezes in force or to come on ``day`` (today by default), by start date."""
    day = day or timezone.localdate()
    key = _cache_key(day)
    freezes = cache.get(key)
    if freezes is None:
        freezes = list(FeatureFreeze.objects.not_over_on(day).order_by("starts_on", "pk"))
        cache.set(key, freezes, CACHE_SECONDS)
    return freezes


def forget_cached_freezes() -> None:
    """Drop the cached lists around today (now, and again once the change is committed)."""

    def forget():
        today = timezone.localdate()
        cache.delete_many([_cache_key(today + datetime.timedelta(days=d)) for d in (-1, 0, 1)])

    forget()
    transaction.on_commit(forget)


def freeze_in_force(action: str, day: datetime.date | None = None) -> FeatureFreeze | None:
    """The freeze of ``action`` in force on ``day`` (today by default), or None."""
    day = day or timezone.localdate()
    return next(
        (f for f in current_freezes(day) if f.action == action and f.is_in_force_on(day)), None
    )


def announced_freezes(day: datetime.date | None = None) -> list[FeatureFreeze]:
    """The freezes the banner shows on ``day``: from ``announce_days`` before their start until
    their last day."""
    day = day or timezone.localdate()
    return [f for f in current_freezes(day) if f.is_announced_on(day)]
