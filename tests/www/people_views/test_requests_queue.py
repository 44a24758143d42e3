"""The caisse's queue of requests about people: the e-mail address in the form, the count and
ages on the list, scoped to the caisse, constant queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forprev.people.models import Person
from forprev.people.requests import PersonRequest
from forprev.training.models import Enrolment

pytestmark = pytest.mark.django_db
LIST = reverse("people:request_list")


def _pending(entity, by, days_ago=0, **extra):
    item = PersonRequest.objects.create(
        entity=entity, kind="not_found", last_name="Xylander", first_name="Ottilie",
        birth_date=date(1990, 1, 1), requested_by=by, **extra,
    )  # fmt: skip
    PersonRequest.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return item


def test_filing_from_the_page_emails_the_caisse(
    login_as, session, personas, django_capture_on_commit_callbacks, mailoutbox
):
    client = login_as("manager")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:request_create") + f"?session={session.public_id}",
            {"kind": "not_found", "last_name": "Xylander", "first_name": "Ottilie",
             "birth_date": "1990-01-01", "email": "ottilie@exemple.fr"},
        )  # fmt: skip
    assert response.status_code == 302
    assert PersonRequest.objects.get().email == "ottilie@exemple.fr"
    assert [m.to for m in mailoutbox] == [[personas["instructor"].email]]


@pytest.mark.parametrize(
    "email",
    ["pas-une-adresse", "a@b", "x" * 250 + "@exemple.fr", "nom@exemple.fr\r\nBcc: x@y.fr"],
    ids=["no-at", "no-domain", "too-long", "header-injection"],
)
def test_a_bad_email_gets_a_french_message_and_writes_nothing(login_as, session, email, mailoutbox):
    person = Person.objects.create(last_name="Xylander", first_name="Ottilie", birth_date=date(1990, 1, 1))  # fmt: skip
    Enrolment.objects.create(session=session, person=person)
    response = login_as("manager").post(
        reverse("people:request_create") + f"?personne={person.public_id}",
        {"kind": "wrong_details", "last_name": "Xylander", "first_name": "Ottilie",
         "birth_date": "1990-01-01", "email": email},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "adresse électronique valide" in page or "au plus 254" in page
    assert not PersonRequest.objects.exists() and not mailoutbox


def test_the_email_is_shown_to_the_caisse(login_as, personas, entity):
    item = _pending(entity, personas["manager"], email="ottilie@exemple.fr")
    page = login_as("instructor").get(reverse("people:request_detail", args=[item.public_id]))
    assert "ottilie@exemple.fr" in page.content.decode()


def test_queue_shows_count_and_age_within_the_caisse(login_as, personas, entity, other_entity):
    _pending(entity, personas["manager"], days_ago=9)
    _pending(entity, personas["manager"], days_ago=2)
    _pending(other_entity, personas["manager_elsewhere"], days_ago=30)
    page = login_as("instructor").get(LIST).content.decode()
    assert "2 demandes" in page and "2 en attente" in page
    assert "la plus ancienne depuis 1\xa0semaine" in page
    page = login_as("instructor_elsewhere").get(LIST).content.decode()
    assert "1 demande, 1 en attente — la plus ancienne depuis 1\xa0mois" in page


def test_queue_queries_do_not_grow_with_requests(login_as, personas, entity):
    client = login_as("instructor")
    _pending(entity, personas["manager"])
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(12):
        _pending(entity, personas["manager"])
    with CaptureQueriesContext(connection) as many:
        assert "13 demandes" in client.get(LIST).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
