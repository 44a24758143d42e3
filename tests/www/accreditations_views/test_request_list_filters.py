"""« Demandes d'habilitation » (issue 13, item 14): beside the queue's filters, caisse,
département, transmission period and a text search; a total in French; bad values answered in
French; pagination keeping the filters; a constant number of queries."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forprev.accreditations.enums import RequestStatus
from tests.factories import EntityFactory
from tests.www.accreditations_views.conftest import make_application

URL = reverse("accreditations:request_list")


def sent_on(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=10)


@pytest.fixture
def applications(personas, entity, other_entity):
    manager = personas["manager"]
    today = timezone.localdate()
    return {
        "marseille": make_application(
            entity, manager, RequestStatus.TRANSMITTED, transmitted_at=sent_on(today)
        ),
        "marseille_old": make_application(
            entity,
            manager,
            RequestStatus.UNDER_REVIEW,
            transmitted_at=sent_on(today - timedelta(days=200)),
        ),
        "lyon": make_application(
            other_entity,
            manager,
            RequestStatus.TRANSMITTED,
            transmitted_at=sent_on(today - timedelta(days=10)),
        ),
    }


def shown(response) -> set:
    return {application.pk for application in response.context["page"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"marseille", "marseille_old", "lyon"}),
        ({"caisse": "carsat-rhone-alpes"}, {"lyon"}),
        ({"departement": "13"}, {"marseille", "marseille_old"}),
        ({"q": "croix-rousse"}, {"lyon"}),
        ({"status": "under_review"}, {"marseille_old"}),
        ({"q": "vieux-port", "status": "transmitted"}, {"marseille"}),
    ],
    ids=["none", "caisse", "departement", "text", "state", "combined"],
)
def test_national_filters_the_applications(login_as, applications, query, expected):
    response = login_as("national").get(URL, query)
    assert response.status_code == 200
    assert shown(response) == {applications[name].pk for name in expected}


@pytest.mark.django_db
def test_the_transmission_period_includes_both_days(login_as, applications):
    today = timezone.localdate()
    query = {"du": (today - timedelta(days=10)).isoformat(), "au": today.isoformat()}
    response = login_as("national").get(URL, query)
    assert shown(response) == {applications["marseille"].pk, applications["lyon"].pk}


@pytest.mark.django_db
def test_the_total_is_counted_in_french(login_as, applications):
    assert "3 demandes" in login_as("national").get(URL).content.decode()
    body = login_as("national").get(URL, {"caisse": "carsat-rhone-alpes"}).content.decode()
    assert "1 demande<" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"du": "2026-13-45"}, "Saisissez une date valide"),
        ({"departement": "\x00"}, "Sélectionnez un choix valide"),
        ({"q": "x" * 5000}, "au plus 100 caractères"),
        ({"du": "2026-05-01", "au": "2026-01-01"}, "postérieure ou égale à la date de début"),
    ],
    ids=["date", "nul", "long", "reversed"],
)
def test_invalid_filters_are_answered_in_french(login_as, applications, query, message):
    response = login_as("instructor").get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_pagination_keeps_the_filters(login_as, personas):
    manager = personas["manager"]
    for index in range(55):
        make_application(
            EntityFactory(in_lyon=True, name=f"LYON DELTA {index}"),
            manager,
            RequestStatus.TRANSMITTED,
            transmitted_at=timezone.now(),
        )
    body = login_as("national").get(URL, {"departement": "69"}).content.decode()
    assert "55 demandes" in body
    assert "?departement=69&amp;page=2" in body


@pytest.mark.django_db
def test_the_filtered_list_runs_a_constant_number_of_queries(login_as, personas, applications):
    client = login_as("national")
    query = {"departement": "69", "q": "e", "status": "transmitted"}
    client.get(URL, query)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(URL, query).context["page"]) == 1
    for index in range(20):
        make_application(
            EntityFactory(in_lyon=True, name=f"LYON EPSILON {index}"),
            personas["manager"],
            RequestStatus.TRANSMITTED,
            transmitted_at=timezone.now(),
        )
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL, query).context["page"]) == 21
    assert len(many.captured_queries) == len(one.captured_queries)
