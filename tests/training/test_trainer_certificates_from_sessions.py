"""A trainer-training session (level 2) makes its passed trainees trainers of that dispositif."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from forprev.accounts.models import User
from forprev.accreditations.models import Accreditation
from forprev.people.models import Person
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TrainerCertificate
from forprev.training.closing import closing_problems, session_close
from forprev.training.enums import Result, SessionStatus
from forprev.training.models import Enrolment, SessionTrainer, TrainingSession
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sst2():
    return ProgrammeLevel.objects.get(programme__code="SST", level=2)


@pytest.fixture
def trainer_session(entity, sst2, personas):
    """A validated SST trainer-training session run by a formateur de formateurs (level 3)."""
    today = timezone.localdate()
    Accreditation.objects.create(
        entity=entity,
        programme_level=sst2,
        starts_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=1000),
    )
    master = UserFactory(last_name="Maitre", first_name="Anne")
    TrainerCertificate.objects.create(
        holder=master,
        programme_level=ProgrammeLevel.objects.get(programme__code="SST", level=3),
        issued_on=today - timedelta(days=500),
        valid_until=today + timedelta(days=500),
        source=CertificateSource.RECORDED,
    )
    session = TrainingSession.objects.create(
        entity=entity,
        programme_level=sst2,
        kind="initial",
        starts_on=today - timedelta(days=10),
        ends_on=today - timedelta(days=3),
        place_address="2 quai du Port",
        place_city="Marseille",
        capacity=10,
        created_by=personas["manager"],
        status=SessionStatus.VALIDATED,
    )
    SessionTrainer.objects.create(session=session, trainer=master)
    return session


def _enrol(session, last_name, email="", result=Result.PASSED, user=None):
    person = Person.objects.create(
        last_name=last_name, first_name="Lou", birth_date=date(1988, 5, 6), email=email, user=user
    )
    Enrolment.objects.create(session=session, person=person, result=result, identity_confirmed=True)
    return person


def test_closing_issues_trainer_certificates_and_opens_accounts(
    trainer_session, personas, django_capture_on_commit_callbacks
):
    with_address = _enrol(trainer_session, "Avec", email="lou.avec@exemple.fr")
    without = _enrol(trainer_session, "Sans")
    existing_user = UserFactory(email="deja@exemple.fr")
    already = _enrol(trainer_session, "Compte", email="deja@exemple.fr")
    _enrol(trainer_session, "Quatre")
    _enrol(trainer_session, "Cinq")
    failed = _enrol(trainer_session, "Echec", result=Result.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        session_close(session=trainer_session, by=personas["manager"])

    issued = TrainerCertificate.objects.filter(session=trainer_session)
    assert issued.count() == 5
    assert not issued.filter(holder__person=failed).exists()
    for certificate in issued:
        assert certificate.source == CertificateSource.TRAINING
        assert certificate.programme_level == trainer_session.programme_level
        assert certificate.issued_on == trainer_session.ends_on
        assert (
            certificate.valid_until is not None and certificate.valid_until > certificate.issued_on
        )
    with_address.refresh_from_db()
    without.refresh_from_db()
    already.refresh_from_db()
    # A new account carries the trainee's own numéro Forprev.
    assert with_address.user.forprev_id == with_address.forprev_id
    assert with_address.user.email == "lou.avec@exemple.fr"
    assert not with_address.user.has_usable_password()
    assert without.user.email == ""
    assert already.user == existing_user
    invitations = [
        m for m in mail.outbox if "lou.avec@exemple.fr" in m.to and "compte" in m.subject
    ]
    assert len(invitations) == 1 and with_address.forprev_id in invitations[0].body
    # The new trainer can now be named on a level-1 session and pass the closing check.
    assert User.objects.with_login(without.forprev_id).get() == without.user


def test_closing_twice_issues_nothing_more(trainer_session, personas):
    for name in ("Un", "Deux", "Trois", "Quatre", "Cinq"):
        _enrol(trainer_session, name)
    session_close(session=trainer_session, by=personas["manager"])
    session_close(session=trainer_session, by=personas["manager"])
    assert TrainerCertificate.objects.filter(session=trainer_session).count() == 5
    assert User.objects.filter(person__enrolments__session=trainer_session).count() == 5


def test_a_trainer_trained_here_may_run_level_one_sessions(trainer_session, personas, entity, sst):
    for name in ("Un", "Deux", "Trois", "Quatre", "Cinq"):
        _enrol(trainer_session, name)
    session_close(session=trainer_session, by=personas["manager"])
    new_trainer = TrainerCertificate.objects.filter(session=trainer_session).first().holder
    today = timezone.localdate()
    Accreditation.objects.create(
        entity=entity,
        programme_level=sst,
        starts_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=1000),
    )
    level_one = TrainingSession.objects.create(
        entity=entity,
        programme_level=sst,
        kind="initial",
        starts_on=today - timedelta(days=2),
        ends_on=today - timedelta(days=1),
        place_address="1 rue",
        place_city="Aix-en-Provence",
        capacity=10,
        created_by=personas["manager"],
    )
    SessionTrainer.objects.create(session=level_one, trainer=new_trainer)
    for index in range(4):
        _enrol(level_one, f"Acteur{index}")
    assert closing_problems(level_one, today=today) == []


def test_level_one_sessions_issue_no_trainer_certificate(closed_session):
    assert not TrainerCertificate.objects.filter(session=closed_session).exists()
    assert closed_session.certificates.count() == 4
