"""A user and their person are one identity: the people services keep them in step
(« Mes informations » → the person; the caisse's correction of a person → the account)."""

import pytest
from auditlog.models import LogEntry

from forprev.core.exceptions import DomainError
from forprev.people.models import Person
from forprev.people.requests import PersonRequestKind
from forprev.people.services import identity_update, person_request_answer, person_request_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(closed_session):
    person = closed_session.certificates.order_by("person__last_name").first().person
    person.user = UserFactory(last_name=person.last_name, first_name=person.first_name)
    person.save()
    return person.user


def test_identity_update_writes_the_account_and_its_person(holder):
    identity_update(user=holder, first_name="Ysolde", last_name="Brabançon", email=holder.email)
    person = Person.objects.get(user=holder)
    holder.refresh_from_db()
    assert (holder.last_name, holder.first_name) == ("Brabançon", "Ysolde")
    assert (person.last_name, person.first_name) == ("Brabançon", "Ysolde")


def test_identity_update_changes_nothing_when_the_person_refuses(holder, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(self, *args, **kwargs):
        raise ValidationError({"first_name": ["Prénom refusé."]})

    monkeypatch.setattr(Person, "full_clean", refuse)
    with pytest.raises(DomainError) as error:
        identity_update(user=holder, first_name="Ysolde", last_name="Lefort0", email=holder.email)
    assert error.value.message == "Prénom refusé." and error.value.field == "first_name"
    holder.refresh_from_db()
    assert holder.first_name == "Jules"


def test_the_caisse_correction_of_a_person_reaches_its_account(holder, entity, personas):
    person = Person.objects.get(user=holder)
    request = person_request_create(
        entity=entity,
        by=personas["manager"],
        kind=PersonRequestKind.WRONG_DETAILS,
        last_name="Lefort-Brabançon",
        first_name="Jules",
        birth_date=person.birth_date,
        person=person,
    )
    person_request_answer(request=request, by=personas["instructor"], resolution="Corrigé")
    holder.refresh_from_db()
    assert holder.last_name == "Lefort-Brabançon"
    assert LogEntry.objects.get_for_object(holder).filter(action=LogEntry.Action.UPDATE).exists()


def test_only_the_names_the_holder_changed_reach_the_person(holder):
    """A person whose names differ from the account's (an older spelling, a merge) keeps them
    when the holder changes something else."""
    Person.objects.filter(user=holder).update(first_name="Jules-Auguste")
    identity_update(user=holder, first_name="Jules", last_name="Brabançon", email=holder.email)
    person = Person.objects.get(user=holder)
    assert (person.last_name, person.first_name) == ("Brabançon", "Jules-Auguste")
