"""The public list of inter-company sessions: only published, upcoming, not closed sessions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forprev.training.models import TrainingSession

pytestmark = pytest.mark.django_db
URL = reverse("directory:session_list")


def _session(entity, level, manager, *, city, days=10, inter=True, public=True, status="draft"):
    start = timezone.localdate() + timedelta(days=days)
    return TrainingSession.objects.create(
        entity=entity,
        programme_level=level,
        kind="initial",
        starts_on=start,
        ends_on=start + timedelta(days=1),
        place_address="1 place de la Mairie",
        place_city=city,
        capacity=10,
        is_inter=inter,
        is_public=public,
        status=status,
        created_by=manager,
    )


def test_only_published_upcoming_open_sessions_are_listed(client, entity, sst, personas):
    manager = personas["manager"]
    _session(entity, sst, manager, city="Publiée")
    _session(entity, sst, manager, city="Privée", public=False)
    _session(entity, sst, manager, city="Intra", inter=False, public=False)
    _session(entity, sst, manager, city="Passée", days=-5)
    _session(entity, sst, manager, city="Close", status="closed")
    page = client.get(URL).content.decode()
    assert "Publiée" in page
    for hidden in ("Privée", "Intra", "Passée", "Close"):
        assert hidden not in page
    assert "1 session" in page


def test_filters_by_dispositif_and_department(client, entity, other_entity, sst, personas):
    _session(entity, sst, personas["manager"], city="Aubagne")
    _session(other_entity, sst, personas["manager_elsewhere"], city="Villeurbanne")
    page = client.get(URL, {"departement": entity.department.code}).content.decode()
    assert "Aubagne" in page and "Villeurbanne" not in page
    page = client.get(URL, {"dispositif": "PRAP-IBC"}).content.decode()
    assert "Aubagne" not in page and "Villeurbanne" not in page


@pytest.mark.parametrize("value", ["\x00", "ZZZ", "1' OR 1=1 --", "é" * 500])
def test_hostile_criteria_get_a_french_error_not_a_500(client, value):
    response = client.get(URL, {"dispositif": value, "departement": value})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_query_count_does_not_grow_with_sessions(
    client, entity, sst, personas, django_assert_max_num_queries
):
    for index in range(25):
        _session(entity, sst, personas["manager"], city=f"Ville{index}", days=5 + index)
    with django_assert_max_num_queries(6):
        page = client.get(URL).content.decode()
    assert "Ville19" in page and "Ville20" not in page  # 20 a page
