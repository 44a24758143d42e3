import random

import pytest

from forprev.accounts.identifiers import (
    FORPREV_ID_RE,
    issue_forprev_id,
    issue_forprev_ids_bulk,
    random_forprev_id,
)
from forprev.accounts.models import IssuedForprevId, User
from tests.factories import UserFactory


def test_random_forprev_id_has_three_letters_and_five_digits():
    for _ in range(500):
        assert FORPREV_ID_RE.fullmatch(random_forprev_id())


@pytest.mark.django_db
def test_issued_forprev_ids_are_unique_and_kept_forever():
    user = UserFactory()
    number = user.forprev_id
    user.delete()
    assert IssuedForprevId.objects.filter(value=number).exists()
    issued = {issue_forprev_id() for _ in range(200)}
    assert len(issued) == 200
    assert number not in issued


@pytest.mark.django_db
def test_issuing_skips_numbers_already_given(monkeypatch):
    IssuedForprevId.objects.create(value="AAA00001")
    candidates = iter(["AAA00001", "AAA00001", "BBB00002"])
    monkeypatch.setattr(
        "forprev.accounts.identifiers.random_forprev_id", lambda rng=None: next(candidates)
    )
    assert issue_forprev_id() == "BBB00002"


@pytest.mark.django_db
def test_bulk_issue_is_reproducible_and_avoids_existing_numbers():
    first = issue_forprev_ids_bulk(50, random.Random(7))
    again = issue_forprev_ids_bulk(50, random.Random(7))
    assert len(set(first) | set(again)) == 100  # same seed, but taken numbers are skipped
    assert all(FORPREV_ID_RE.fullmatch(value) for value in first + again)


@pytest.mark.django_db
def test_database_refuses_a_malformed_forprev_id():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        User.objects.create(
            forprev_id="ab123456", email="x@exemple.fr", first_name="A", last_name="B"
        )
