"""« Sessions de formation » (issue 13, item 14): filters in the address (state, dispositif,
caisse, département, period, text), a total count in French, bad values answered in French,
pagination keeping the filters, a constant number of queries."""

import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forprev.referentials.models import ProgrammeLevel
from forprev.training.models import TrainingSession
from tests.factories import EntityFactory

URL = reverse("training:session_list")


def add_session(entity, creator, *, code="SST", starts_on=date(2026, 3, 2), status="draft", city="Marseille"):  # fmt: skip
    level = ProgrammeLevel.objects.filter(programme__code=code).order_by("level").first()
    return TrainingSession.objects.create(
        entity=entity,
        programme_level=level,
        kind="initial",
        starts_on=starts_on,
        ends_on=starts_on,
        place_address="1 rue de la Paix",
        place_city=city,
        capacity=10,
        status=status,
        created_by=creator,
    )


@pytest.fixture
def sessions(entity, other_entity, personas):
    manager = personas["manager"]
    return {
        "marseille_sst": add_session(entity, manager, city="Aubagne"),
        "marseille_closed": add_session(
            entity, manager, status="closed", starts_on=date(2025, 6, 1)
        ),
        "marseille_prap": add_session(entity, manager, code="PRAP-IBC", starts_on=date(2026, 5, 4)),
        "lyon_sst": add_session(other_entity, manager, city="Villeurbanne"),
    }


def shown(response) -> set[str]:
    return {str(session.public_id) for session in response.context["page"]}


def ids(sessions, *names) -> set[str]:
    return {str(sessions[name].public_id) for name in names}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["marseille_sst", "marseille_closed", "marseille_prap", "lyon_sst"]),
        ({"etat": "closed"}, ["marseille_closed"]),
        ({"dispositif": "PRAP-IBC"}, ["marseille_prap"]),
        ({"caisse": "carsat-sud-est"}, ["marseille_sst", "marseille_closed", "marseille_prap"]),
        ({"departement": "69"}, ["lyon_sst"]),
        ({"du": "2026-01-01"}, ["marseille_sst", "marseille_prap", "lyon_sst"]),
        ({"du": "2026-01-01", "au": "2026-04-30"}, ["marseille_sst", "lyon_sst"]),
        ({"q": "croix-rousse"}, ["lyon_sst"]),
        ({"q": "aubagne"}, ["marseille_sst"]),
        ({"etat": "draft", "dispositif": "SST", "departement": "13"}, ["marseille_sst"]),
    ],
    ids=[
        "none",
        "state",
        "dispositif",
        "caisse",
        "departement",
        "from",
        "period",
        "entity",
        "city",
        "combined",
    ],  # fmt: skip
)
def test_national_filters_the_sessions(login_as, sessions, query, expected):
    response = login_as("national").get(URL, query)
    assert response.status_code == 200
    assert shown(response) == ids(sessions, *expected)


@pytest.mark.django_db
def test_search_by_siret_finds_the_entity_sessions(login_as, sessions, other_entity):
    spaced = f"{other_entity.siret[:3]} {other_entity.siret[3:9]}"
    response = login_as("support").get(URL, {"q": spaced})
    assert shown(response) == ids(sessions, "lyon_sst")


@pytest.mark.django_db
def test_the_total_is_counted_in_french(login_as, sessions):
    body = login_as("national").get(URL).content.decode()
    assert "4 sessions" in body
    body = login_as("national").get(URL, {"etat": "closed"}).content.decode()
    assert "1 session<" in body


@pytest.mark.django_db
def test_a_large_total_is_grouped_in_thousands(login_as, personas, entity, sst):
    manager = personas["manager"]
    TrainingSession.objects.bulk_create(
        TrainingSession(
            public_id=uuid.uuid4(),
            entity=entity,
            programme_level=sst,
            kind="initial",
            starts_on=date(2026, 1, 5),
            ends_on=date(2026, 1, 5),
            place_address="x",
            place_city="Marseille",
            capacity=5,
            created_by=manager,
        )
        for _ in range(1234)
    )
    body = login_as("national").get(URL).content.decode()
    assert "1\u202f234 sessions" in body or "1\xa0234 sessions" in body


@pytest.mark.django_db
def test_the_instructor_chooses_among_the_departements_of_their_caisse(login_as, sessions):
    response = login_as("instructor").get(URL)
    form = response.context["form"]
    assert "caisse" not in form.fields
    codes = {code for code, _label in form.fields["departement"].choices}
    assert "13" in codes and "69" not in codes
    assert shown(response) == ids(sessions, "marseille_sst", "marseille_closed", "marseille_prap")
    # A département of another caisse is refused, never a way out of the scope.
    refused = login_as("instructor").get(URL, {"departement": "69"})
    assert "Sélectionnez un choix valide" in refused.content.decode()
    assert shown(refused) == shown(response)


@pytest.mark.django_db
def test_the_entity_own_list_has_its_filters_without_caisse(login_as, sessions):
    response = login_as("manager").get(URL, {"etat": "closed"})
    assert {"caisse", "departement"}.isdisjoint(response.context["form"].fields)
    assert shown(response) == ids(sessions, "marseille_closed")
    assert "1 session<" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"du": "2026-13-45"}, "Saisissez une date valide"),
        ({"etat": "\x00"}, "Sélectionnez un choix valide"),
        ({"dispositif": "'; DROP TABLE"}, "Sélectionnez un choix valide"),
        ({"q": "x" * 5000}, "au plus 100 caractères"),
        ({"du": "2026-05-01", "au": "2026-01-01"}, "postérieure ou égale à la date de début"),
    ],
    ids=["date", "nul", "quote", "long", "reversed"],
)
def test_invalid_filters_are_answered_in_french(login_as, sessions, query, message):
    response = login_as("national").get(URL, query)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Certains filtres sont invalides" in body


@pytest.mark.django_db
def test_pagination_keeps_the_filters(login_as, personas, entity, sst):
    manager = personas["manager"]
    for day in range(1, 29):
        for status in ("draft", "closed", "closed"):
            add_session(entity, manager, status=status, starts_on=date(2026, 2, day))
    response = login_as("national").get(URL, {"etat": "closed"})
    body = response.content.decode()
    assert "84 sessions" not in body and "56 sessions" in body
    assert "?etat=closed&amp;page=2" in body
    page_two = login_as("national").get(URL, {"etat": "closed", "page": 2})
    assert {s.status for s in page_two.context["page"]} == {"closed"}


@pytest.mark.django_db
def test_the_filtered_list_runs_a_constant_number_of_queries(
    login_as, personas, entity, other_entity, django_assert_num_queries
):
    manager = personas["manager"]
    client = login_as("national")
    query = {
        "etat": "draft",
        "dispositif": "SST",
        "departement": "13",
        "q": "e",
        "du": "2020-01-01",
    }
    add_session(entity, manager)
    client.get(URL, query)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(URL, query).context["page"]) == 1
    for n in range(30):
        add_session(EntityFactory(name=f"ENTREPRISE FILTRE {n}"), manager)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(URL, query).context["page"]) == 31
