"""The caisse's regularisation queue: its count for the home and the menu, scoped to the caisse
that decides, and the list's total, pending count and ages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forprev.training.enums import RegularisationKind, RegularisationStatus
from forprev.training.models import RegularisationRequest
from forprev.training.regularisations import open_regularisations_count_for

pytestmark = pytest.mark.django_db
LIST = reverse("regularisations:request_list")


def _request(entity, by, days_ago=0, status=RegularisationStatus.PENDING):
    item = RegularisationRequest.objects.create(
        entity=entity, kind=RegularisationKind.FORGOTTEN_SESSION, explanation="Oubli",
        requested_by=by, status=status,
    )  # fmt: skip
    RegularisationRequest.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return item


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("instructor", 2),
        ("instructor_elsewhere", 1),
        ("support", 0),
        ("national", 0),
        ("manager", 0),
    ],
)
def test_open_regularisations_count_is_the_deciding_caisses(
    personas, entity, other_entity, persona, expected, django_assert_max_num_queries
):
    _request(entity, personas["manager"])
    _request(entity, personas["manager"])
    _request(entity, personas["manager"], status=RegularisationStatus.REFUSED)
    _request(other_entity, personas["manager_elsewhere"])
    with django_assert_max_num_queries(1):
        assert open_regularisations_count_for(personas[persona]) == expected


def test_the_queue_shows_its_total_pending_count_and_ages(login_as, personas, entity):
    _request(entity, personas["manager"], days_ago=10)
    _request(entity, personas["manager"], days_ago=3)
    _request(entity, personas["manager"], days_ago=20, status=RegularisationStatus.REFUSED)
    page = login_as("instructor").get(LIST).content.decode()
    assert "3 demandes, 2 en attente — la plus ancienne depuis 1\xa0semaine" in page
    assert "En attente depuis" in page and "3\xa0jours" in page
    page = login_as("instructor_elsewhere").get(LIST).content.decode()
    assert "Aucune demande." in page
