"""Regularisation requests: asked by the manager, decided by the caisse, time-limited, and the
closing rule they lift."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from forprev.certificates.models import Certificate
from forprev.core.exceptions import DomainError
from forprev.training.closing import session_close
from forprev.training.enums import RegularisationKind, RegularisationStatus, SessionStatus
from forprev.training.models import RegularisationRequest
from forprev.training.regularisations import regularisation_decide, regularisation_request
from tests.session_fixtures import join_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_session(session, certified_trainer, personas):
    """A validated session whose last day is four months ago: past the closing deadline."""
    from datetime import date

    from forprev.people.models import Person
    from forprev.training.enums import Result
    from forprev.training.models import Enrolment

    today = timezone.localdate()
    session.starts_on = today - timedelta(days=125)
    session.ends_on = today - timedelta(days=124)
    session.status = SessionStatus.VALIDATED
    session.save()
    for index in range(4):
        person = Person.objects.create(
            last_name=f"Retard{index}", first_name="Emma", birth_date=date(1990, 1, 2)
        )
        Enrolment.objects.create(
            session=session, person=person, result=Result.PASSED, identity_confirmed=True
        )
    return session


def _ask(session, by, kind=RegularisationKind.LATE_CLOSING, explanation="Oubli de clôture"):
    return regularisation_request(
        entity=session.entity, by=by, kind=kind, explanation=explanation, session=session
    )


def test_late_closing_is_refused_then_allowed_once_authorised(
    late_session, personas, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError, match="régularisation"):
        session_close(session=late_session, by=personas["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        request = _ask(late_session, personas["manager"])
    assert any(personas["instructor"].email in m.to for m in mail.outbox)
    assert not any(personas["instructor_elsewhere"].email in m.to for m in mail.outbox)
    with pytest.raises(DomainError):  # still pending
        session_close(session=late_session, by=personas["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        regularisation_decide(request=request, by=personas["instructor"], authorise=True)
    request.refresh_from_db()
    assert request.status == RegularisationStatus.AUTHORISED
    assert request.open_until == timezone.localdate() + timedelta(days=30)
    assert any(personas["manager"].email in m.to and "autorisée" in m.subject for m in mail.outbox)
    session_close(session=late_session, by=personas["manager"])
    late_session.refresh_from_db()
    request.refresh_from_db()
    assert late_session.status == SessionStatus.CLOSED
    assert Certificate.objects.filter(session=late_session).count() == 4
    assert request.status == RegularisationStatus.USED


def test_an_authorisation_whose_window_passed_lifts_nothing(late_session, personas):
    request = _ask(late_session, personas["manager"])
    regularisation_decide(request=request, by=personas["instructor"], authorise=True)
    RegularisationRequest.objects.filter(pk=request.pk).update(
        open_until=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(DomainError, match="délai de clôture"):
        session_close(session=late_session, by=personas["manager"])
    assert not Certificate.objects.filter(session=late_session).exists()


def test_a_refusal_needs_a_reason_and_lifts_nothing(late_session, personas):
    request = _ask(late_session, personas["manager"])
    with pytest.raises(DomainError, match="motif"):
        regularisation_decide(request=request, by=personas["instructor"], authorise=False)
    regularisation_decide(
        request=request, by=personas["instructor"], authorise=False, reason="Délai trop ancien"
    )
    request.refresh_from_db()
    assert request.status == RegularisationStatus.REFUSED and request.open_until is None
    with pytest.raises(DomainError):
        session_close(session=late_session, by=personas["manager"])


@pytest.mark.parametrize(
    "persona", ["instructor_elsewhere", "support", "national", "manager", "delegate"]
)
def test_only_the_caisse_instructor_decides(late_session, personas, persona):
    request = _ask(late_session, personas["manager"])
    with pytest.raises(DomainError):
        regularisation_decide(request=request, by=personas[persona], authorise=True)
    request.refresh_from_db()
    assert request.status == RegularisationStatus.PENDING


def test_a_decision_is_taken_once(late_session, personas):
    request = _ask(late_session, personas["manager"])
    regularisation_decide(request=request, by=personas["instructor"], authorise=True)
    with pytest.raises(DomainError):
        regularisation_decide(
            request=request, by=personas["instructor"], authorise=False, reason="x"
        )


@pytest.mark.parametrize("persona", ["delegate", "manager_elsewhere", "instructor", "person"])
def test_only_the_manager_asks(late_session, personas, persona):
    with pytest.raises(DomainError):
        _ask(late_session, personas[persona])
    assert not RegularisationRequest.objects.exists()


def test_a_closed_session_is_past_closing_requests(closed_session, personas):
    with pytest.raises(DomainError, match="déjà clôturée"):
        _ask(closed_session, personas["manager"], kind=RegularisationKind.LATE_CLOSING)
    assert _ask(closed_session, personas["manager"], kind=RegularisationKind.WRONG_DATA)


def test_bad_requests_are_refused_with_a_message(late_session, personas):
    with pytest.raises(DomainError, match="Expliquez"):
        _ask(late_session, personas["manager"], explanation="  ")
    with pytest.raises(DomainError, match="clôturée"):
        _ask(late_session, personas["manager"], kind=RegularisationKind.WRONG_DATA)
    with pytest.raises(DomainError, match="oubliée"):
        _ask(late_session, personas["manager"], kind=RegularisationKind.FORGOTTEN_SESSION)
    with pytest.raises(DomainError, match="Motif inconnu"):
        _ask(late_session, personas["manager"], kind="anything")
    _ask(late_session, personas["manager"])
    with pytest.raises(DomainError, match="identique"):
        _ask(late_session, personas["manager"])
    assert RegularisationRequest.objects.count() == 1


def test_a_session_of_another_entity_is_refused(late_session, personas, other_entity):
    with pytest.raises(DomainError, match="session"):
        regularisation_request(
            entity=other_entity,
            by=personas["manager_elsewhere"],
            kind=RegularisationKind.LATE_CLOSING,
            explanation="Pas la mienne",
            session=late_session,
        )


def test_expired_accreditation_authorisation_lifts_the_habilitation_rule(
    late_session, personas, accredited
):
    accredited.expires_on = late_session.starts_on - timedelta(days=1)
    accredited.starts_on = accredited.expires_on - timedelta(days=1000)
    accredited.save()
    with pytest.raises(DomainError, match="habilitée"):
        session_close(session=late_session, by=personas["manager"])
    request = _ask(late_session, personas["manager"], kind=RegularisationKind.EXPIRED_ACCREDITATION)
    regularisation_decide(request=request, by=personas["instructor"], authorise=True)
    session_close(session=late_session, by=personas["manager"])
    assert Certificate.objects.filter(session=late_session).count() == 4


def test_a_forgotten_session_is_declared_and_closed_once_authorised(
    entity, sst, accredited, certified_trainer, personas
):
    from datetime import date

    from forprev.people.models import Person
    from forprev.training.closing import session_validate
    from forprev.training.enums import Result
    from forprev.training.models import Enrolment, TrainingSession
    from forprev.training.services import session_create

    ends_on = timezone.localdate() - timedelta(days=150)
    fields = {
        "programme_level": sst,
        "kind": "initial",
        "starts_on": ends_on - timedelta(days=1),
        "ends_on": ends_on,
        "place_address": "5 rue",
        "place_city": "Arles",
        "capacity": 8,
    }

    join_team(certified_trainer, entity)

    def declare():
        return session_create(
            entity=entity,
            by=personas["manager"],
            trainer_logins=[certified_trainer.forprev_id],
            **fields,
        )

    with pytest.raises(DomainError, match="session oubliée"):
        declare()
    assert not TrainingSession.objects.exists()
    request = regularisation_request(
        entity=entity,
        by=personas["manager"],
        kind=RegularisationKind.FORGOTTEN_SESSION,
        explanation="Session de février jamais déclarée.",
    )
    with pytest.raises(DomainError, match="session oubliée"):
        declare()  # still pending
    regularisation_decide(request=request, by=personas["instructor"], authorise=True)
    forgotten = declare()
    request.refresh_from_db()
    assert request.session == forgotten
    for index in range(4):
        person = Person.objects.create(
            last_name=f"Oubli{index}", first_name="Noé", birth_date=date(1991, 3, 3)
        )
        Enrolment.objects.create(session=forgotten, person=person)
    from forprev.training.closing import session_submit

    session_submit(session=forgotten, by=personas["manager"])
    session_validate(
        session=forgotten,
        by=certified_trainer,
        results={str(e.public_id): (True, Result.PASSED) for e in forgotten.enrolments.all()},
    )
    session_close(session=forgotten, by=personas["manager"])
    request.refresh_from_db()
    assert request.status == RegularisationStatus.USED
    assert Certificate.objects.filter(session=forgotten).count() == 4
    # Used: a second forgotten session needs a new authorisation.
    with pytest.raises(DomainError, match="session oubliée"):
        declare()
