"""Fixtures of the session and certificate tests: a habilitated entity's session and its
trainer, and the same session closed with certificates. Loaded by ``tests/conftest.py``."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from forprev.accreditations.models import Accreditation
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.models import TeamMembership
from forprev.training.models import SessionTrainer, TrainingSession
from tests.factories import UserFactory


@pytest.fixture
def sst():
    return ProgrammeLevel.objects.get(programme__code="SST", level=1)


@pytest.fixture
def accredited(entity, sst):
    today = timezone.localdate()
    return Accreditation.objects.create(
        entity=entity,
        programme_level=sst,
        starts_on=today - timedelta(days=400),
        expires_on=today + timedelta(days=1000),
    )


@pytest.fixture
def trainer(db):
    return UserFactory(last_name="Formateur", first_name="Paul")


def join_team(trainer, entity):
    """``trainer`` in ``entity``'s équipe pédagogique, as after accepting its invitation: only
    team members can be named trainers of the entity's sessions."""
    manager = entity.memberships.filter(role="manager").first()
    TeamMembership.objects.get_or_create(
        entity=entity,
        trainer=trainer,
        removed_at=None,
        defaults={"added_by": manager.user if manager else trainer},
    )
    return trainer


@pytest.fixture
def team_trainer(trainer, entity):
    """The trainer, member of the entity's équipe pédagogique (sessions declared through the
    service or the form name trainers of the team only)."""
    return join_team(trainer, entity)


@pytest.fixture
def session(entity, sst, accredited, personas, trainer):
    today = timezone.localdate()
    training_session = TrainingSession.objects.create(
        entity=entity,
        programme_level=sst,
        kind="initial",
        starts_on=today - timedelta(days=2),
        ends_on=today - timedelta(days=1),
        place_address="1 rue de la Paix",
        place_city="Marseille",
        capacity=10,
        created_by=personas["manager"],
    )
    SessionTrainer.objects.create(session=training_session, trainer=trainer)
    return training_session


@pytest.fixture
def certified_trainer(trainer):
    """The session's trainer, holding a valid SST trainer certificate."""
    from forprev.trainers.enums import CertificateSource
    from forprev.trainers.models import TrainerCertificate

    TrainerCertificate.objects.create(
        holder=trainer,
        programme_level=ProgrammeLevel.objects.get(programme__code="SST", level=2),
        issued_on=timezone.localdate() - timedelta(days=200),
        valid_until=timezone.localdate() + timedelta(days=800),
        source=CertificateSource.RECORDED,
    )
    return trainer


@pytest.fixture
def closed_session(session, certified_trainer, personas):
    from forprev.people.models import Person
    from forprev.training.closing import session_close
    from forprev.training.enums import Result, SessionStatus
    from forprev.training.models import Enrolment

    for index in range(4):
        person = Person.objects.create(
            last_name=f"Lefort{index}", first_name="Jules", birth_date=date(1992, 4, 4)
        )
        Enrolment.objects.create(
            session=session, person=person, result=Result.PASSED, identity_confirmed=True
        )
    session.status = SessionStatus.VALIDATED
    session.save()
    return session_close(session=session, by=personas["manager"])


# Sessions like ``session`` and trainees in them (the "add a trainee" tests).
BORN = date(1990, 3, 12)


def copy_of(session, **changes):
    """Another session like ``session`` (same entity unless told)."""
    import uuid

    other = TrainingSession.objects.get(pk=session.pk)
    other.pk, other.public_id, other._state.adding = None, uuid.uuid4(), True
    for name, value in changes.items():
        setattr(other, name, value)
    other.save()
    return other


def enrolled_in(session, last_name="Lefèvre", first_name="Éloïse", birth_date=BORN, **fields):
    from forprev.people.models import Person
    from forprev.training.models import Enrolment

    person = Person.objects.create(
        last_name=last_name, first_name=first_name, birth_date=birth_date, **fields
    )
    Enrolment.objects.create(session=session, person=person)
    return person


@pytest.fixture
def earlier(session):
    """An earlier session of the same entity: its trainees are known to the entity."""
    return copy_of(session)


@pytest.fixture
def elsewhere(session, other_entity, personas):
    """A session of another entity."""
    return copy_of(session, entity=other_entity, created_by=personas["manager_elsewhere"])
