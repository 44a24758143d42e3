import uuid
from datetime import date

import pytest

from forprev.core.parsing import parse_iso_date, parse_uuid


def test_parse_uuid_reads_public_ids():
    value = uuid.uuid4()
    assert parse_uuid(str(value)) == value
    assert parse_uuid(str(value).upper()) == value


@pytest.mark.parametrize(
    "value",
    ["", "x", "\x00", "'", "../../", "%", "-1", "9" * 30, "x" * 5000, None, 12, ["a"]],
)
def test_parse_uuid_turns_anything_else_into_none(value):
    assert parse_uuid(value) is None


def test_parse_iso_date():
    assert parse_iso_date("2026-02-28") == date(2026, 2, 28)
    for value in ("2026-13-45", "2026-02-30", "28/02/2026", "", "\x00", "9" * 30, None):
        assert parse_iso_date(value) is None
