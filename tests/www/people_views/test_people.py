"""« Individus »: typo-tolerant search within one's scope, a person's page, requests."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from forprev.people.models import Person
from forprev.people.requests import PersonRequest, PersonRequestStatus
from forprev.training.models import Enrolment
from tests.session_fixtures import copy_of

pytestmark = pytest.mark.django_db
SEARCH = reverse("people:person_search")


@pytest.fixture
def trained(session):
    """People trained by the entity (enrolled in its session)."""
    people = {
        "lefevre": Person.objects.create(last_name="Lefèvre", first_name="Éloïse", birth_date=date(1990, 3, 12)),
        "dubois": Person.objects.create(last_name="Dubois-Martin", first_name="Jean-Pierre", birth_date=date(1975, 11, 4)),
        "ngo": Person.objects.create(last_name="N'Guyen", first_name="Thi", birth_date=date(2001, 1, 30)),
    }  # fmt: skip
    for person in people.values():
        Enrolment.objects.create(session=session, person=person)
    return people


@pytest.fixture
def stranger(session, other_entity, personas):
    """Somebody trained by another entity only."""
    person = Person.objects.create(
        last_name="Lefèvre", first_name="Éloïse", birth_date=date(1990, 3, 12)
    )
    elsewhere = copy_of(session, entity=other_entity, created_by=personas["manager_elsewhere"])
    Enrolment.objects.create(session=elsewhere, person=person)
    return person


def _search_url(client, **query):
    """The criteria are POSTed; the results page is addressed by a search id (no name in it)."""
    response = client.post(SEARCH, query)
    assert response.status_code == 302, response.status_code
    return response.url


def _found(client, **query):
    return client.get(_search_url(client, **query)).content.decode()


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ({"nom": "lefevre", "naissance": "1990-03-12"}, "lefevre"),
        ({"nom": "Lefebvre", "prenom": "Eloise", "naissance": "1990-03-12"}, "lefevre"),  # typo
        ({"nom": "Eloise", "prenom": "Lefevre", "naissance": "1990-03-12"}, "lefevre"),  # swapped
        ({"nom": "Lefèvre", "naissance": "1990-12-03"}, "lefevre"),  # day and month swapped
        ({"nom": "Dubois Martin", "prenom": "Jean Pierre", "naissance": "1975-11-04"}, "dubois"),
        ({"nom": "Martin", "naissance": "1975-11-04"}, "dubois"),  # one part of a compound name
        ({"nom": "nguyen", "naissance": "2001-01-30"}, "ngo"),
        ({"nom": "dubois-mar"}, "dubois"),  # prefix without birth date
    ],
)
def test_search_tolerates_typos_accents_and_swaps(login_as, trained, query, who):
    page = _found(login_as("manager"), **query)
    assert trained[who].forprev_id in page


def test_search_by_numero(login_as, trained):
    page = _found(login_as("manager"), numero=trained["ngo"].forprev_id.lower())
    assert "N&#x27;GUYEN" in page or "N'GUYEN" in page


def test_an_entity_never_finds_a_person_it_did_not_train(login_as, trained, stranger):
    page = _found(login_as("manager"), nom="Lefèvre", naissance="1990-03-12")
    assert trained["lefevre"].forprev_id in page and stranger.forprev_id not in page
    assert "Aucun individu" in _found(login_as("manager"), numero=stranger.forprev_id)
    detail = reverse("people:person_detail", args=[stranger.public_id])
    assert login_as("manager").get(detail).status_code == 404
    assert login_as("manager_elsewhere").get(detail).status_code == 200
    # National scope finds both.
    page = _found(login_as("support"), nom="Lefèvre", naissance="1990-03-12")
    assert trained["lefevre"].forprev_id in page and stranger.forprev_id in page


def test_a_different_person_is_not_a_match(login_as, trained):
    page = _found(login_as("manager"), nom="Bernard", prenom="Paul", naissance="1990-03-12")
    assert trained["lefevre"].forprev_id not in page and "Aucun individu" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"nom": "a"}, "au moins deux lettres"),
        ({"nom": "Martin", "naissance": "31/02/1990"}, "date valide"),
        ({"nom": "Mar\x00tin"}, "caractère nul"),
        ({"nom": "Mar\x07tin"}, "Caractère non autorisé"),
        ({"numero": "X" * 20}, "au plus 8"),
    ],
)
def test_bad_searches_get_french_messages(login_as, query, message):
    response = login_as("manager").post(SEARCH, query)
    assert response.status_code == 200 and message in response.content.decode()


def test_search_query_count_does_not_grow(login_as, session, django_assert_max_num_queries):
    later = copy_of(session)
    for index in range(40):
        person = Person.objects.create(
            last_name="Martin", first_name=f"Prénom{index}", birth_date=date(1990, 3, 12)
        )
        Enrolment.objects.create(session=session if index % 2 else later, person=person)
    client = login_as("manager")
    url = _search_url(client, nom="Martin", naissance="1990-03-12")
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert page.count("MARTIN") >= 40


def test_person_page_shows_only_what_the_scope_allows(
    login_as, closed_session, other_entity, personas
):
    person = closed_session.certificates.first().person
    elsewhere = copy_of(
        closed_session, entity=other_entity, created_by=personas["manager_elsewhere"]
    )
    Enrolment.objects.create(session=elsewhere, person=person, result="passed")
    url = reverse("people:person_detail", args=[person.public_id])
    page = login_as("manager").get(url).content.decode()
    assert closed_session.certificates.get(person=person).number in page
    assert (
        other_entity.name not in page
        and person.email not in page.replace("—", "")
        or not person.email
    )
    page = login_as("support").get(url).content.decode()
    assert other_entity.name in page


def test_not_found_request_answered_by_enrolling_the_found_person(
    login_as, session, stranger, personas
):
    client = login_as("manager")
    response = client.post(
        reverse("people:request_create") + f"?session={session.public_id}",
        {"kind": "not_found", "last_name": "Lefebvre", "first_name": "Eloise", "birth_date": "1990-03-12", "explanation": "Formée à Lyon"},
    )  # fmt: skip
    item = PersonRequest.objects.get()
    assert response.status_code == 302 and item.session == session
    client = login_as("instructor")
    detail = client.get(reverse("people:request_detail", args=[item.public_id])).content.decode()
    assert stranger.forprev_id in detail
    answer = reverse("people:request_answer", args=[item.public_id])
    client.post(answer, {"person": "not-a-uuid"})
    item.refresh_from_db()
    assert item.status == PersonRequestStatus.PENDING
    client.post(answer, {"person": str(stranger.public_id), "resolution": "Retrouvée"})
    item.refresh_from_db()
    assert item.status == PersonRequestStatus.RESOLVED and item.person == stranger
    assert session.enrolments.filter(person=stranger).exists()
    # The entity now sees the person.
    assert stranger.forprev_id in _found(login_as("manager"), nom="Lefevre", naissance="1990-03-12")
    # Answered once.
    assert (
        login_as("instructor").post(answer, {"person": str(stranger.public_id)}).status_code == 403
    )


def test_wrong_details_corrected_by_the_caisse_with_audit(login_as, trained):
    person = trained["ngo"]
    client = login_as("manager")
    client.post(
        reverse("people:request_create") + f"?personne={person.public_id}",
        {"kind": "wrong_details", "last_name": "Nguyen", "first_name": "Thi Lan", "birth_date": "2001-01-30"},
    )  # fmt: skip
    item = PersonRequest.objects.get()
    assert item.person == person
    login_as("instructor_elsewhere")
    assert login_as("instructor_elsewhere").post(reverse("people:request_answer", args=[item.public_id])).status_code == 404  # fmt: skip
    login_as("instructor").post(reverse("people:request_answer", args=[item.public_id]), {"resolution": "Corrigé"})  # fmt: skip
    person.refresh_from_db()
    assert (person.last_name, person.first_name) == ("Nguyen", "Thi Lan")
    assert LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).exists()


def test_rejecting_needs_a_reason(login_as, personas, entity):
    item = PersonRequest.objects.create(
        entity=entity, kind="not_found", last_name="X", first_name="Y", birth_date=date(1990, 1, 1), requested_by=personas["manager"]
    )  # fmt: skip
    client = login_as("instructor")
    answer = reverse("people:request_answer", args=[item.public_id])
    page = client.post(answer, {"action": "reject"}, follow=True).content.decode()
    assert "Expliquez pourquoi" in page
    client.post(answer, {"action": "reject", "resolution": "Personne inconnue"})
    item.refresh_from_db()
    assert item.status == PersonRequestStatus.REJECTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "not_found", "last_name": "", "first_name": "A", "birth_date": "1990-01-01"}, "Ce champ est obligatoire"),
        ({"kind": "wrong_details", "last_name": "A", "first_name": "B", "birth_date": "1990-01-01"}, "Indiquez la personne"),
        ({"kind": "nope", "last_name": "A", "first_name": "B", "birth_date": "1990-01-01"}, "Sélectionnez un choix valide"),
        ({"kind": "not_found", "last_name": "A", "first_name": "B", "birth_date": "1990-02-30"}, "date valide"),
    ],
)  # fmt: skip
def test_bad_requests_get_french_messages_and_write_nothing(login_as, entity, data, message):
    response = login_as("manager").post(reverse("people:request_create"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not PersonRequest.objects.exists()


def test_a_merged_numero_still_finds_the_kept_person(login_as, trained, personas):
    from forprev.people.merging import persons_merge

    kept, removed = trained["lefevre"], trained["dubois"]
    old_numero = removed.forprev_id
    persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Même personne")
    page = _found(login_as("manager"), numero=old_numero)
    assert kept.forprev_id in page
    detail = login_as("support").get(reverse("people:person_detail", args=[kept.public_id]))
    assert old_numero in detail.content.decode()
