"""Strict parsing of values read from query strings: a malformed value is ``None``, never an
exception that would reach the database (PostgreSQL refuses a non-UUID where SQLite compares
text, so an unchecked ``?session=x`` answers 500 on one and nothing on the other)."""

import uuid
from datetime import date

# A UUID is 36 characters (32 without hyphens, 38 with braces): anything longer is not one.
_MAX_UUID_LENGTH = 40


def parse_uuid(value) -> uuid.UUID | None:
    """The UUID written in ``value`` (a public id from a query parameter), or None."""
    if not isinstance(value, str) or not value or len(value) > _MAX_UUID_LENGTH:
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return None


def parse_iso_date(value) -> date | None:
    """The date written ``YYYY-MM-DD`` in ``value``, or None (``2026-13-45`` is None)."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
