"""« Entités » (issue 13, item 14): filters in the address (type, state, dispositif, caisse,
département, habilitations' échéance in a period, text), a total in French, bad values answered
in French, pagination keeping the filters, a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forprev.entities.enums import EntityStatus
from forprev.referentials.models import ProgrammeLevel
from tests.factories import AccreditationFactory, EntityFactory

URL = reverse("entities:entity_list")


@pytest.fixture
def entities(entity, other_entity):
    today = timezone.localdate()
    AccreditationFactory(entity=entity, expires_on=today + timedelta(days=90))
    AccreditationFactory(
        entity=other_entity,
        programme_level=ProgrammeLevel.objects.get(programme__code="PRAP-IBC", level=1),
    )
    return {
        "marseille": entity,
        "lyon": other_entity,
        "school": EntityFactory(training_org=True, name="ÉCOLE DES GESTES"),
        "provisional": EntityFactory(name="NOUVELLE SARL", status=EntityStatus.PROVISIONAL),
        "expired": AccreditationFactory(expired=True, entity=EntityFactory(name="ANCIENNE")).entity,
    }


def shown(response) -> set[str]:
    return {entity.name for entity in response.context["page"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "training_org"}, {"school"}),
        ({"etat": "provisional"}, {"provisional"}),
        ({"dispositif": "SST"}, {"marseille"}),
        ({"dispositif": "PRAP-IBC"}, {"lyon"}),
        ({"caisse": "carsat-rhone-alpes"}, {"lyon"}),
        ({"departement": "69"}, {"lyon"}),
        ({"q": "gestes"}, {"school"}),
        ({"dispositif": "SST", "departement": "69"}, set()),
    ],
    ids=["type", "state", "sst", "prap", "caisse", "departement", "text", "none"],
)
def test_national_filters_the_entities(login_as, entities, query, expected):
    response = login_as("national").get(URL, query)
    assert response.status_code == 200
    assert shown(response) == {entities[name].name for name in expected}


@pytest.mark.django_db
def test_habilitations_reaching_their_echeance_in_a_period(login_as, entities):
    today = timezone.localdate()
    query = {"du": today.isoformat(), "au": (today + timedelta(days=180)).isoformat()}
    response = login_as("national").get(URL, query)
    assert shown(response) == {entities["marseille"].name}


@pytest.mark.django_db
def test_the_total_is_counted_in_french(login_as, entities):
    assert "5 entités" in login_as("national").get(URL).content.decode()
    assert "1 entité<" in login_as("national").get(URL, {"etat": "provisional"}).content.decode()


@pytest.mark.django_db
def test_the_instructor_has_no_caisse_to_choose(login_as, entities):
    response = login_as("instructor").get(URL, {"departement": "69"})
    assert "caisse" not in response.context["form"].fields
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert entities["lyon"].name not in shown(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"au": "2026-13-45"}, "Saisissez une date valide"),
        ({"type": "\x00"}, "Sélectionnez un choix valide"),
        ({"caisse": "' OR 1=1 --"}, "Sélectionnez un choix valide"),
        ({"du": "2027-01-01", "au": "2026-01-01"}, "postérieure ou égale à la date de début"),
    ],
    ids=["date", "nul", "quote", "reversed"],
)
def test_invalid_filters_are_answered_in_french(login_as, entities, query, message):
    response = login_as("national").get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_pagination_keeps_the_filters(login_as):
    for index in range(60):
        EntityFactory(training_org=True, name=f"FORMATIONS BETA {index:02d}")
    body = login_as("national").get(URL, {"type": "training_org"}).content.decode()
    assert "60 entités" in body
    assert "?type=training_org&amp;page=2" in body


@pytest.mark.django_db
def test_the_filtered_list_runs_a_constant_number_of_queries(login_as, entities):
    client = login_as("national")
    query = {"dispositif": "SST", "departement": "13", "q": "e", "du": "2020-01-01"}
    client.get(URL, query)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(URL, query).context["page"]) == 1
    for index in range(20):
        AccreditationFactory(entity=EntityFactory(name=f"ENTREPRISE GAMMA {index}"))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL, query).context["page"]) == 21
    assert len(many.captured_queries) == len(one.captured_queries)
