"""Services of the trainees added or taken off by hand (forprev/training/services.py)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from forprev.accounts.models import IssuedForprevId
from forprev.core.exceptions import DomainError
from forprev.people.models import Person
from forprev.training import selectors, services
from forprev.training.enums import SessionStatus
from forprev.training.models import Enrolment, TrainingSession
from tests.session_fixtures import BORN, enrolled_in


@pytest.fixture
def manager(personas):
    return personas["manager"]


def create(session, by, **changes):
    fields = {"last_name": "Martin", "first_name": "Léa", "birth_date": BORN, "email": ""}
    fields.update(changes)
    return services.trainee_create_and_enrol(session=session, by=by, **fields)


# Enrolling a person the entity knows.


@pytest.mark.django_db
def test_manager_enrols_a_person_known_to_the_entity(session, earlier, manager):
    person = enrolled_in(earlier)
    enrolment = services.trainee_enrol(session=session, person=person, by=manager)
    assert enrolment.session == session and enrolment.person == person


@pytest.mark.django_db
def test_delegate_with_the_right_enrols(session, earlier, personas):
    person = enrolled_in(earlier)
    services.trainee_enrol(session=session, person=person, by=personas["delegate"])
    assert session.enrolments.filter(person=person).exists()


@pytest.mark.django_db
def test_a_person_of_another_entity_is_refused(session, elsewhere, manager):
    stranger = enrolled_in(elsewhere)
    with pytest.raises(DomainError, match="pas connue de votre entité"):
        services.trainee_enrol(session=session, person=stranger, by=manager)
    assert not session.enrolments.exists()


@pytest.mark.django_db
def test_a_person_already_enrolled_gets_a_clear_message(session, manager):
    person = enrolled_in(session)
    with pytest.raises(DomainError, match="LEFÈVRE Éloïse figure déjà parmi les stagiaires"):
        services.trainee_enrol(session=session, person=person, by=manager)
    assert session.enrolments.count() == 1


@pytest.mark.django_db
def test_a_full_session_takes_nobody_more(session, earlier, manager):
    session.capacity = 2
    session.save()
    enrolled_in(session, last_name="Un")
    enrolled_in(session, last_name="Deux")
    person = enrolled_in(earlier)
    with pytest.raises(DomainError, match="complète : ses 2 places"):
        services.trainee_enrol(session=session, person=person, by=manager)
    assert session.enrolments.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [SessionStatus.SUBMITTED, SessionStatus.VALIDATED, SessionStatus.CLOSED]
)
def test_only_a_session_in_preparation_takes_trainees(session, earlier, manager, status):
    person = enrolled_in(earlier)
    session.status = status
    session.save()
    with pytest.raises(DomainError, match="ne peuvent plus être modifiés"):
        services.trainee_enrol(session=session, person=person, by=manager)
    with pytest.raises(DomainError, match="ne peuvent plus être modifiés"):
        create(session, manager)
    assert not session.enrolments.exists()


@pytest.mark.django_db
def test_the_rule_is_checked_on_the_locked_row_not_on_the_callers_copy(session, earlier, manager):
    person = enrolled_in(earlier)
    stale = TrainingSession.objects.get(pk=session.pk)  # read while still a draft
    TrainingSession.objects.filter(pk=session.pk).update(status=SessionStatus.SUBMITTED)
    with pytest.raises(DomainError):
        services.trainee_enrol(session=stale, person=person, by=manager)
    assert not session.enrolments.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["delegate_without_right", "manager_elsewhere", "support"])
def test_those_who_do_not_declare_sessions_cannot_enrol(session, earlier, personas, persona):
    person = enrolled_in(earlier)
    with pytest.raises(DomainError, match="ne peuvent plus être modifiés"):
        services.trainee_enrol(session=session, person=person, by=personas[persona])
    with pytest.raises(DomainError):
        create(session, personas[persona])
    assert not session.enrolments.exists() and Person.objects.count() == 1


# Creating a person typed in by hand.


@pytest.mark.django_db
def test_a_new_person_is_created_with_a_numero_forprev_and_enrolled(session, manager):
    enrolment, created = create(session, manager, email="lea.martin@exemple.fr")
    person = enrolment.person
    assert created
    assert IssuedForprevId.objects.filter(value=person.forprev_id).exists()
    assert (person.last_name, person.first_name, person.birth_date, person.email) == (
        "Martin",
        "Léa",
        BORN,
        "lea.martin@exemple.fr",
    )
    assert person.name_key == "martin|lea"
    assert list(session.enrolments.all()) == [enrolment]


@pytest.mark.django_db
def test_spaces_typed_around_and_inside_the_names_are_tidied(session, manager):
    enrolment, _ = create(session, manager, last_name="  Le   Gall ", first_name=" Anne  Marie")
    assert (enrolment.person.last_name, enrolment.person.first_name) == ("Le Gall", "Anne Marie")


@pytest.mark.django_db
def test_a_known_person_is_reused_instead_of_creating_a_twin(session, earlier, manager):
    known = enrolled_in(earlier, email="eloise@exemple.fr")
    enrolment, created = create(
        session, manager, last_name="LEFEVRE", first_name="eloise", email="autre@exemple.fr"
    )
    assert not created and enrolment.person == known
    assert Person.objects.count() == 1
    known.refresh_from_db()
    # A reused person's data is not overwritten (an entity cannot redirect their certificates).
    assert (known.last_name, known.email) == ("Lefèvre", "eloise@exemple.fr")


@pytest.mark.django_db
def test_the_twin_check_covers_the_whole_registry_like_the_import(session, elsewhere, manager):
    """Same rule as ``trainees_import``: one person per names and birth date, whoever knew them."""
    stranger = enrolled_in(elsewhere)
    enrolment, created = create(session, manager, last_name="Lefevre", first_name="Eloise")
    assert not created and enrolment.person == stranger and Person.objects.count() == 1


@pytest.mark.django_db
def test_same_names_another_birth_date_is_another_person(session, earlier, manager):
    enrolled_in(earlier, last_name="Martin", first_name="Léa", birth_date=date(1991, 3, 12))
    _, created = create(session, manager)
    assert created and Person.objects.count() == 2


@pytest.mark.django_db
def test_creating_someone_already_enrolled_says_so_and_creates_nothing(session, manager):
    enrolled_in(session, last_name="Martin", first_name="Léa")
    with pytest.raises(DomainError, match="MARTIN Léa figure déjà"):
        create(session, manager, last_name="martin", first_name="LEA")
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_a_creation_refused_for_capacity_leaves_no_person_nor_number(session, manager):
    session.capacity = 1
    session.save()
    enrolled_in(session)
    numbers = IssuedForprevId.objects.count()
    with pytest.raises(DomainError, match="complète"):
        create(session, manager)
    assert Person.objects.count() == 1
    assert IssuedForprevId.objects.count() == numbers


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        (date(1899, 12, 31), "plus de 100 ans"),
        (date(1066, 10, 14), "plus de 100 ans"),
        ("today", "moins de 14 ans"),
        ("tomorrow", "dans le futur"),
    ],
)
def test_impossible_birth_dates_are_refused_in_french(session, manager, birth_date, message):
    if birth_date == "tomorrow":
        birth_date = timezone.localdate() + timedelta(days=1)
    if birth_date == "today":
        birth_date = timezone.localdate()
    with pytest.raises(DomainError, match=message) as raised:
        create(session, manager, birth_date=birth_date)
    assert raised.value.field == "birth_date"
    assert not Person.objects.exists() and not session.enrolments.exists()


@pytest.mark.django_db
def test_the_age_bounds_of_the_import_are_accepted(session, manager):
    today = timezone.localdate()
    create(session, manager, birth_date=date(today.year - 14, 1, 1))
    create(session, manager, last_name="Nouveau", birth_date=date(today.year - 100, 12, 31))
    assert session.enrolments.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"last_name": "   "}, "last_name"),
        ({"last_name": "- '"}, "last_name"),
        ({"first_name": ""}, "first_name"),
        ({"last_name": "X" * 151}, "last_name"),
        ({"email": "pas-une-adresse"}, "email"),
    ],
)
def test_bad_names_or_email_are_refused_with_the_field(session, manager, changes, field):
    with pytest.raises(DomainError) as raised:
        create(session, manager, **changes)
    assert raised.value.field == field
    assert not Person.objects.exists()


# Taking a trainee off.


@pytest.mark.django_db
def test_a_trainee_is_taken_off_and_the_person_kept(session, manager):
    person = enrolled_in(session)
    enrolment = session.enrolments.get()
    services.trainee_remove(session=session, enrolment=enrolment, by=manager)
    assert not session.enrolments.exists()
    assert Person.objects.filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_taking_off_twice_says_the_trainee_is_no_longer_enrolled(session, manager):
    enrolled_in(session)
    enrolment = session.enrolments.get()
    services.trainee_remove(session=session, enrolment=enrolment, by=manager)
    with pytest.raises(DomainError, match="n'est plus inscrit"):
        services.trainee_remove(session=session, enrolment=enrolment, by=manager)


@pytest.mark.django_db
def test_an_enrolment_of_another_session_cannot_be_taken_off_through_this_one(
    session, earlier, manager
):
    enrolled_in(earlier)
    other = earlier.enrolments.get()
    with pytest.raises(DomainError, match="n'est plus inscrit"):
        services.trainee_remove(session=session, enrolment=other, by=manager)
    assert Enrolment.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["delegate_without_right", "manager_elsewhere", "instructor"])
def test_removal_needs_the_right_and_a_session_in_preparation(session, personas, persona):
    enrolled_in(session)
    enrolment = session.enrolments.get()
    with pytest.raises(DomainError, match="ne peuvent plus être modifiés"):
        services.trainee_remove(session=session, enrolment=enrolment, by=personas[persona])
    session.status = SessionStatus.SUBMITTED
    session.save()
    with pytest.raises(DomainError, match="ne peuvent plus être modifiés"):
        services.trainee_remove(session=session, enrolment=enrolment, by=personas["manager"])
    assert session.enrolments.count() == 1


# The search of the enrolment page.


def search(session, user, last_name, first_name="", birth_date=BORN, **kwargs):
    return selectors.trainee_candidates(
        user=user,
        session=session,
        last_name=last_name,
        first_name=first_name,
        birth_date=birth_date,
        **kwargs,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("last_name", "first_name"),
    [("lefevre", ""), ("LEFÈ", ""), ("Lefèvre", "eloise"), ("lef", "ELO"), ("  Lefevre ", "É")],
)
def test_search_ignores_accents_and_case_and_matches_the_start(
    session, earlier, manager, last_name, first_name
):
    person = enrolled_in(earlier)
    assert search(session, manager, last_name, first_name) == [person]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("last_name", "first_name", "birth_date"),
    [
        ("fevre", "", BORN),  # not the start of the last name
        ("lefevre", "paul", BORN),  # another first name
        ("lefevre", "", BORN + timedelta(days=1)),  # the birth date must be exact
        ("eloise", "", BORN),  # a first name is not a last name
    ],
)
def test_search_misses_what_does_not_match(
    session, earlier, manager, last_name, first_name, birth_date
):
    enrolled_in(earlier)
    assert search(session, manager, last_name, first_name, birth_date) == []


@pytest.mark.django_db
def test_search_never_finds_another_entitys_people(session, elsewhere, manager, personas):
    stranger = enrolled_in(elsewhere)
    assert search(session, manager, "lefevre") == []
    assert search(elsewhere, personas["manager_elsewhere"], "lefevre") == [stranger]


@pytest.mark.django_db
def test_search_flags_who_is_already_in_the_session(session, earlier, manager):
    enrolled_in(earlier, last_name="Martin", first_name="Awa")
    in_session = enrolled_in(session, last_name="Martin", first_name="Léa")
    Enrolment.objects.create(session=earlier, person=in_session)  # known twice: listed once
    found = search(session, manager, "martin")
    assert [(p.first_name, p.is_enrolled) for p in found] == [("Awa", False), ("Léa", True)]


@pytest.mark.django_db
def test_search_is_three_queries_and_stops_one_past_the_limit(
    session, earlier, manager, django_assert_num_queries
):
    """The people of the birth date (and its day/month swap), the scope of those kept, the
    enrolments of the session among them."""
    for index in range(7):
        enrolled_in(earlier, last_name=f"Martin{index}", first_name="Léa")
    with django_assert_num_queries(3):
        found = search(session, manager, "martin", limit=5)
        [(p.last_name, p.forprev_id, p.is_enrolled) for p in found]
    assert len(found) == 6
