"""What an import would do to a session (training.services.trainees_import_plan), the one rule
of the preview and of the confirmation (training.services.trainees_import)."""

from datetime import date

import pytest

from forprev.core.exceptions import DomainError
from forprev.people.models import Person
from forprev.training import services
from forprev.training.imports import TraineeRow
from tests.session_fixtures import BORN, enrolled_in


def row(line, last_name, first_name="Awa", birth_date=date(1991, 2, 1), errors=()):
    return TraineeRow(
        line=line,
        last_name=last_name,
        first_name=first_name,
        birth_date=birth_date,
        email="",
        errors=errors,
    )


@pytest.mark.django_db
def test_the_plan_counts_new_rows_and_lines_already_enrolled(session):
    enrolled_in(session, last_name="Martin", first_name="Léa")
    enrolled_in(session, last_name="Autre", first_name="Noé")
    rows = [
        row(2, "MARTIN", "lea", BORN),  # the same person, written otherwise
        row(3, "Nouveau"),
        row(4, "Erreur", errors=("Nom manquant.",)),
    ]
    plan = services.trainees_import_plan(session=session, rows=rows)
    assert plan.enrolled == 2 and plan.capacity == 10 and plan.places_left == 8
    assert plan.already_enrolled == {2}
    assert [r.line for r in plan.new_rows] == [3]
    assert plan.excess == 0 and plan.can_be_confirmed and plan.capacity_error() is None


@pytest.mark.django_db
def test_the_plan_says_how_many_lines_are_too_many(session):
    session.capacity = 2
    session.save()
    enrolled_in(session, last_name="Martin")
    plan = services.trainees_import_plan(
        session=session, rows=[row(n, f"Nom{n}") for n in range(2, 6)]
    )
    assert plan.places_left == 1 and plan.excess == 3 and not plan.can_be_confirmed
    assert plan.capacity_error() == (
        "Places libres dans la session : 1 sur 2. Le fichier compte 4 stagiaires à inscrire. "
        "Retirez 3 lignes du fichier, ou des stagiaires de la session, puis déposez-le de nouveau."
    )


@pytest.mark.django_db
def test_the_plan_of_a_file_of_enrolled_people_has_nothing_to_confirm(session):
    enrolled_in(session, last_name="Martin", first_name="Léa")
    plan = services.trainees_import_plan(session=session, rows=[row(2, "Martin", "Léa", BORN)])
    assert plan.new_rows == [] and not plan.can_be_confirmed and plan.capacity_error() is None


@pytest.mark.django_db
def test_people_already_enrolled_take_no_place_at_confirmation(session, personas):
    """Re-importing a list to which one trainee was added fits when only one place is left."""
    session.capacity = 3
    session.save()
    enrolled_in(session, last_name="Martin", first_name="Léa")
    enrolled_in(session, last_name="Autre", first_name="Noé")
    rows = [row(2, "Martin", "Léa", BORN), row(3, "Nouveau")]
    count = services.trainees_import(session=session, rows=rows, by=personas["manager"])
    assert count == 1 and session.enrolments.count() == 3


@pytest.mark.django_db
def test_an_import_beyond_the_places_left_is_refused_and_writes_nothing(session, personas):
    session.capacity = 2
    session.save()
    enrolled_in(session, last_name="Martin")
    people = Person.objects.count()
    with pytest.raises(DomainError, match="Retirez 1 ligne du fichier") as refused:
        services.trainees_import(
            session=session, rows=[row(2, "Un"), row(3, "Deux")], by=personas["manager"]
        )
    assert refused.value.code == "full"
    assert session.enrolments.count() == 1 and Person.objects.count() == people
