"""The banner announcing freezes: to entity members and instructors, from ``announce_days``
before the start until the last day; one query at most per page, none once cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forprev.freezes.enums import FrozenAction
from tests.freezes.factories import FeatureFreezeFactory

pytestmark = pytest.mark.django_db

HOME = reverse("dashboard:home")


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("manager", True),
        ("delegate", True),
        ("delegate_without_right", True),
        ("instructor", True),
        ("instructor_elsewhere", True),
        ("support", False),
        ("national", False),
        ("person", False),
    ],
)
def test_banner_is_for_members_and_instructors(login_as, page_of, persona, shown):
    freeze = FeatureFreezeFactory(action=FrozenAction.RENEWAL, upcoming=True)
    html = page_of(login_as(persona).get(HOME))
    assert (f'id="freeze-notice-{freeze.public_id}"' in html) is shown


def test_banner_announces_then_tells_the_freeze_in_force(login_as, page_of):
    FeatureFreezeFactory(action=FrozenAction.RENEWAL, upcoming=True, message="Préparez-vous.")
    FeatureFreezeFactory(action=FrozenAction.INITIAL, message="Reportées.")
    html = page_of(login_as("manager").get(HOME))
    assert 'class="fr-notice fr-notice--warning"' in html
    assert "ne sera plus possible : Préparez-vous." in html
    assert "la demande initiale d&#x27;habilitation n&#x27;est plus possible : Reportées." in html


@pytest.mark.parametrize(
    "freeze", [{"upcoming": True, "announce_days": 9}, {"over": True}], ids=["early", "over"]
)
def test_no_banner_before_the_announcement_or_after_the_end(login_as, page_of, freeze):
    FeatureFreezeFactory(**freeze)  # upcoming = in 10 days
    assert "fr-notice" not in page_of(login_as("manager").get(HOME))


def test_banner_reads_the_freezes_once_then_from_the_cache(login_as):
    FeatureFreezeFactory(upcoming=True)
    client = login_as("manager")
    for expected in (1, 0):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME).status_code == 200
        freezes = [q for q in queries.captured_queries if "freezes_featurefreeze" in q["sql"]]
        assert len(freezes) == expected


def test_anonymous_pages_have_no_banner(client):
    FeatureFreezeFactory(upcoming=True)
    assert "fr-notice" not in client.get(reverse("public:home")).content.decode()
