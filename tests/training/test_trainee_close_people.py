"""Adding a trainee by hand without doubling a person: the close people the duplicate engine
finds (people.search.close_people / enrolment_candidates, training.selectors.trainee_candidates)
and the service refusing to create a person beside them unless told « ce n'est pas la même
personne » (training.services.trainee_create_and_enrol)."""

from datetime import date

import pytest

from forprev.core.exceptions import DomainError
from forprev.people.duplicates.engine import compare, compare_pairs
from forprev.people.models import Person
from forprev.people.search import close_people, enrolment_candidates
from forprev.training import selectors, services
from forprev.training.models import Enrolment
from tests.session_fixtures import BORN, enrolled_in

SWAPPED = date(1990, 12, 3)  # BORN (12 March) with day and month swapped


@pytest.fixture
def manager(personas):
    return personas["manager"]


@pytest.fixture
def girard(earlier):
    """GIRARD Lucas, trained earlier by the entity: known to its members."""
    return enrolled_in(earlier, last_name="GIRARD", first_name="Lucas")


def search(session, user, last_name, first_name="", birth_date=BORN):
    return selectors.trainee_candidates(
        user=user,
        session=session,
        last_name=last_name,
        first_name=first_name,
        birth_date=birth_date,
    )


def create(session, by, **changes):
    fields = {"last_name": "Girrard", "first_name": "Lucas", "birth_date": BORN, "email": ""}
    fields.update(changes)
    return services.trainee_create_and_enrol(session=session, by=by, **fields)


# The search of the page: what a prefix search missed.


@pytest.mark.django_db
def test_a_typo_in_the_last_name_alone_finds_the_person(session, girard, manager):
    found = search(session, manager, "Girrard")
    assert found == [girard] and found[0].is_close and not found[0].is_enrolled


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("last_name", "first_name", "birth_date"),
    [
        ("Girrard", "Lucas", BORN),  # one letter doubled
        ("Lucas", "Girard", BORN),  # first and last names swapped
        ("Girard", "Lucas", SWAPPED),  # day and month of birth swapped
        ("Girârd", "Lûcas", BORN),  # accents
        ("Girad", "Lukas", BORN),  # a slip in each name
    ],
    ids=["typo", "swapped-names", "swapped-day-month", "accents", "two-slips"],
)
def test_close_spellings_find_the_person(
    session, girard, manager, last_name, first_name, birth_date
):
    assert [p.public_id for p in search(session, manager, last_name, first_name, birth_date)] == [
        girard.public_id
    ]
    matches = close_people(
        manager, last_name=last_name, first_name=first_name, birth_date=birth_date
    )
    assert [m.person for m in matches] == [girard] and matches[0].score >= 50


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("known", "typed"),
    [
        (("de La Fontaine", "Jean-Pierre"), ("Delafontaine", "Jean Pierre")),
        (("LEFÈVRE-DUPONT", "Anne-Sophie"), ("Lefevre Dupond", "anne sophie")),
    ],
    ids=["particles-glued", "hyphens-accents-typo"],
)
def test_hyphens_spaces_and_particles_do_not_hide_a_person(session, earlier, manager, known, typed):
    person = enrolled_in(earlier, last_name=known[0], first_name=known[1])
    matches = close_people(manager, last_name=typed[0], first_name=typed[1], birth_date=BORN)
    assert [m.person for m in matches] == [person]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("last_name", "first_name", "birth_date"),
    [
        ("Girard", "Lucas", date(1990, 3, 14)),  # another birth date
        ("Martin", "Paul", BORN),  # other names, same birth date
        ("Girard", "Louise", BORN),  # another first name
        ("G", "", BORN),  # one letter: only the start of a name, not close
    ],
    ids=["other-date", "other-names", "other-first-name", "one-letter"],
)
def test_other_people_are_not_close(session, girard, manager, last_name, first_name, birth_date):
    assert (
        close_people(manager, last_name=last_name, first_name=first_name, birth_date=birth_date)
        == []
    )


@pytest.mark.django_db
def test_the_start_of_the_names_still_finds_but_is_not_close(session, girard, manager):
    matches = enrolment_candidates(manager, last_name="Gi", first_name="L", birth_date=BORN)
    assert [(m.person, m.is_close) for m in matches] == [(girard, False)]


@pytest.mark.django_db
def test_close_people_come_before_the_others(session, earlier, manager):
    start_only = enrolled_in(earlier, last_name="Girardot", first_name="Zoé")
    close = enrolled_in(earlier, last_name="Girard", first_name="Lucas")
    found = search(session, manager, "Girard", "Lucas")
    assert found[0] == close and found[0].is_close
    assert start_only not in found  # « Lucas » is not the start of « Zoé »
    found = search(session, manager, "Girard")
    assert found[0] == close or found[0].is_close


@pytest.mark.django_db
def test_another_entitys_trainee_is_never_shown_however_close(
    session, elsewhere, manager, personas
):
    stranger = enrolled_in(elsewhere, last_name="Xylophanou", first_name="Quirine")
    assert search(session, manager, "Xylophanu", "Quirine") == []
    assert (
        close_people(manager, last_name="Xylophanou", first_name="Quirine", birth_date=BORN) == []
    )
    # Their own entity sees them.
    other = close_people(
        personas["manager_elsewhere"], last_name="Xylophanu", first_name="Quirine", birth_date=BORN
    )
    assert [m.person for m in other] == [stranger]


@pytest.mark.django_db
def test_the_search_costs_three_queries_for_one_or_forty_people_of_the_day(
    session, earlier, manager, django_assert_num_queries
):
    enrolled_in(earlier, last_name="Girard", first_name="Lucas")
    with django_assert_num_queries(3):
        assert len(search(session, manager, "Girrard", "Lucas")) == 1
    for index in range(40):
        enrolled_in(earlier, last_name=f"Girard{'e' * (index % 3)}", first_name=f"Luc{index}")
        Person.objects.create(last_name=f"Autre{index}", first_name="Paul", birth_date=SWAPPED)
    with django_assert_num_queries(3):
        found = search(session, manager, "Girrard", "Lucas")
        [(p.forprev_id, p.is_close, p.is_enrolled) for p in found]
    assert found


# The engine's batch comparison is its pair comparison.


def test_compare_pairs_scores_each_pair_as_compare_does():
    typed = (0, "Girrard", "Lucas", BORN, None, "", None)
    others = [
        (1, "GIRARD", "Lucas", BORN, None, "", None),
        (2, "Lucas", "Girard", BORN, None, "", None),
        (3, "Girard", "Lucas", SWAPPED, None, "", None),
        (4, "Martin", "Paul", BORN, None, "", None),
    ]
    batch = compare_pairs([(typed, other) for other in others])
    assert batch == pytest.approx([compare(typed, other) for other in others], abs=1e-6)
    assert compare_pairs([]) == []


# Creating beside close people.


@pytest.mark.django_db
def test_creating_beside_a_close_person_is_refused_and_writes_nothing(session, girard, manager):
    people = Person.objects.count()
    with pytest.raises(DomainError, match="ce n'est pas la même personne") as refused:
        create(session, manager)
    assert refused.value.code == "close_people"
    assert Person.objects.count() == people and not session.enrolments.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"last_name": "Lucas", "first_name": "Girard"},
        {"last_name": "Girard", "first_name": "Lucas", "birth_date": SWAPPED},
    ],
    ids=["swapped-names", "swapped-day-month"],
)
def test_swapped_names_or_dates_are_refused_too(session, girard, manager, changes):
    with pytest.raises(DomainError, match="proches"):
        create(session, manager, **changes)
    assert not session.enrolments.exists()


@pytest.mark.django_db
def test_declared_another_person_it_is_created(session, girard, manager):
    enrolment, created = create(session, manager, distinct_from={girard.public_id})
    assert created and enrolment.person != girard
    assert enrolment.person.last_name == "Girrard" and enrolment.person.forprev_id
    assert session.enrolments.get() == enrolment


@pytest.mark.django_db
def test_declaring_another_id_does_not_confirm(session, girard, manager, earlier):
    other = enrolled_in(earlier, last_name="Autre", first_name="Noé")
    with pytest.raises(DomainError, match="proches"):
        create(session, manager, distinct_from={other.public_id})
    assert not session.enrolments.exists()


@pytest.mark.django_db
def test_every_close_person_must_be_ruled_out(session, girard, earlier, manager):
    second = enrolled_in(earlier, last_name="Girard", first_name="Lucas", birth_date=SWAPPED)
    with pytest.raises(DomainError):
        create(session, manager, distinct_from={girard.public_id})
    _, created = create(session, manager, distinct_from={girard.public_id, second.public_id})
    assert created


@pytest.mark.django_db
def test_with_no_close_person_it_is_created_directly(session, girard, manager):
    enrolment, created = create(session, manager, last_name="Martin", first_name="Paul")
    assert created and enrolment.person.last_name == "Martin"


@pytest.mark.django_db
def test_the_exact_person_is_still_reused_without_confirmation(session, girard, manager):
    enrolment, created = create(session, manager, last_name="girard", first_name="LUCAS")
    assert not created and enrolment.person == girard
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_a_close_person_of_another_entity_neither_blocks_nor_shows(session, elsewhere, manager):
    enrolled_in(elsewhere, last_name="Girard", first_name="Lucas")
    enrolment, created = create(session, manager)
    assert created and enrolment.person.last_name == "Girrard"
    assert Enrolment.objects.filter(session=session).count() == 1
