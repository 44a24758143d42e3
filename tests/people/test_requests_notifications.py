"""Requests about people reach their handlers: filing e-mails the instructors of the entity's
caisse (support for a merge request), each answer e-mails the requester; the queue counts
are scoped to who answers."""

from datetime import date

import pytest

from forprev.people.merge_queue import merge_request_create, merge_request_reject
from forprev.people.merging import persons_merge
from forprev.people.models import Person
from forprev.people.requests import PersonRequest
from forprev.people.selectors import (
    duplicates_to_review_count_for,
    open_merge_requests_count_for,
    open_person_requests_count_for,
)
from forprev.people.services import (
    person_request_answer,
    person_request_create,
    person_request_reject,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _file(personas, entity, **extra):
    return person_request_create(
        entity=entity,
        by=personas["manager"],
        kind=extra.pop("kind", "not_found"),
        last_name="Quintavalle-Zébrowski",
        first_name="Aurèle",
        birth_date=date(1988, 4, 2),
        **extra,
    )


def _recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_filing_a_request_emails_the_instructors_of_the_caisse_only(
    personas, entity, django_capture_on_commit_callbacks, mailoutbox
):
    colleague = UserFactory(instructor=True)  # same caisse as the entity
    UserFactory(instructor=True, is_active=False)  # left the caisse
    with django_capture_on_commit_callbacks(execute=True):
        item = _file(personas, entity)
    assert _recipients(mailoutbox) == sorted([personas["instructor"].email, colleague.email])
    assert personas["instructor_elsewhere"].email not in _recipients(mailoutbox)
    assert personas["support"].email not in _recipients(mailoutbox)
    message = mailoutbox[0]
    assert "Stagiaire introuvable" in message.subject and entity.name in message.subject
    assert str(item.public_id) in message.body
    # No name nor birth date in an e-mail: the page checks the reader's rights.
    assert "Quintavalle" not in message.body and "1988" not in message.body


def test_a_caisse_without_instructor_gets_support_told(
    personas, entity, django_capture_on_commit_callbacks, mailoutbox
):
    personas["instructor"].is_active = False
    personas["instructor"].save()
    with django_capture_on_commit_callbacks(execute=True):
        _file(personas, entity)
    assert _recipients(mailoutbox) == [personas["support"].email]


def test_a_refused_request_sends_nothing(personas, entity, mailoutbox):
    from forprev.core.exceptions import DomainError

    with pytest.raises(DomainError):
        _file(personas, entity, email="pas-une-adresse")
    assert not PersonRequest.objects.exists() and not mailoutbox


def test_answers_email_the_requester(
    personas, entity, django_capture_on_commit_callbacks, mailoutbox
):
    found = Person.objects.create(last_name="Quintavalle", first_name="Aurèle", birth_date=date(1988, 4, 2))  # fmt: skip
    first = _file(personas, entity)
    second = _file(personas, entity)
    with django_capture_on_commit_callbacks(execute=True):
        person_request_answer(request=first, by=personas["instructor"], person=found, resolution="Retrouvée")  # fmt: skip
    assert _recipients(mailoutbox) == [personas["manager"].email]
    assert "traitée" in mailoutbox[0].subject and "Retrouvée" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        person_request_reject(request=second, by=personas["instructor"], resolution="Inconnue")
    assert len(mailoutbox) == 2 and "sans suite" in mailoutbox[1].subject


def test_coordinates_include_the_email_applied_on_answer(personas, entity):
    person = Person.objects.create(last_name="Quintavalle", first_name="Aurèle", birth_date=date(1988, 4, 2), email="ancienne@exemple.fr")  # fmt: skip
    item = _file(
        personas, entity, kind="wrong_details", person=person, email=" Nouvelle@Exemple.fr "
    )
    assert item.email == "nouvelle@exemple.fr"
    person_request_answer(request=item, by=personas["instructor"])
    person.refresh_from_db()
    assert person.email == "nouvelle@exemple.fr" and person.last_name == "Quintavalle-Zébrowski"


def test_blank_email_keeps_the_persons_address(personas, entity):
    person = Person.objects.create(last_name="Quintavalle", first_name="Aurèle", birth_date=date(1988, 4, 2), email="garde@exemple.fr")  # fmt: skip
    item = _file(personas, entity, kind="wrong_details", person=person)
    person_request_answer(request=item, by=personas["instructor"])
    person.refresh_from_db()
    assert person.email == "garde@exemple.fr"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("instructor", 2),
        ("instructor_elsewhere", 0),
        ("support", 2),
        ("national", 0),
        ("manager", 0),
        ("person", 0),
    ],
)
def test_open_person_requests_count_is_the_handlers_queue(
    personas, entity, persona, expected, django_assert_max_num_queries
):
    _file(personas, entity)
    _file(personas, entity)
    closed = _file(personas, entity)
    person_request_reject(request=closed, by=personas["instructor"], resolution="Doublon")
    with django_assert_max_num_queries(1):
        assert open_person_requests_count_for(personas[persona]) == expected


def test_merge_request_emails_support_then_the_requester(
    personas, django_capture_on_commit_callbacks, mailoutbox
):
    requester = personas["person"]
    other = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        item = merge_request_create(by=requester, other_forprev_id=other.forprev_id, explanation="Deux comptes")  # fmt: skip
    assert _recipients(mailoutbox) == [personas["support"].email]
    assert requester.forprev_id in mailoutbox[0].body
    assert open_merge_requests_count_for(personas["support"]) == 1
    assert open_merge_requests_count_for(personas["instructor"]) == 0
    assert open_merge_requests_count_for(requester) == 0
    with django_capture_on_commit_callbacks(execute=True):
        merge_request_reject(
            request=item, by=personas["support"], response="Ce sont deux personnes"
        )
    assert mailoutbox[-1].to == [requester.email] and "close" in mailoutbox[-1].subject
    assert open_merge_requests_count_for(personas["support"]) == 0


def test_merging_through_a_request_emails_the_requester(
    personas, django_capture_on_commit_callbacks, mailoutbox
):
    requester = personas["person"]
    mine = Person.objects.create(last_name="Quintavalle", first_name="Aurèle", birth_date=date(1988, 4, 2), user=requester)  # fmt: skip
    other = Person.objects.create(last_name="Quintavalle", first_name="Aurele", birth_date=date(1988, 4, 2))  # fmt: skip
    item = merge_request_create(by=requester, other_forprev_id=other.forprev_id, explanation="x")
    with django_capture_on_commit_callbacks(execute=True):
        persons_merge(kept=mine, removed=other, by=personas["support"], reason="Même personne", request=item)  # fmt: skip
    assert [m.to for m in mailoutbox] == [[requester.email]]
    assert "fusionnés" in mailoutbox[0].subject


def test_duplicates_count_is_zero_outside_the_review_roles(personas):
    for name in ("manager", "person", "delegate"):
        assert duplicates_to_review_count_for(personas[name]) == 0
    assert duplicates_to_review_count_for(personas["support"]) == 0
