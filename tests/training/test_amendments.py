"""Support's changes to a closed session: reason, history, checks, certificates in line."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from forprev.certificates.models import Certificate
from forprev.core.exceptions import DomainError
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TrainerCertificate
from forprev.training.amendments import session_amend
from forprev.training.enums import RegularisationKind, RegularisationStatus
from forprev.training.models import RegularisationRequest, SessionAmendment
from tests.factories import UserFactory
from tests.session_fixtures import join_team

pytestmark = pytest.mark.django_db


def _amend(session, by, **overrides):
    values = {
        "reason": "Erreur de saisie signalée par l'entité",
        "programme_level": session.programme_level,
        "trainer_logins": [t.trainer.forprev_id for t in session.trainers.all()],
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "place_address": session.place_address,
        "place_city": session.place_city,
    }
    values.update(overrides)
    return session_amend(session=session, by=by, **values)


def _snapshot(session):
    return (
        sorted(Certificate.objects.filter(session=session).values_list("number", "issued_on", "valid_until", "trainer_names", "programme_level_id")),
        SessionAmendment.objects.count(),
    )  # fmt: skip


def test_support_changes_the_place_and_the_certificates_follow(closed_session, personas):
    amendment = _amend(closed_session, personas["support"], place_city="Aubagne")
    closed_session.refresh_from_db()
    assert closed_session.place_city == "Aubagne"
    assert amendment.changes == {"place_city": ["Marseille", "Aubagne"]}
    assert amendment.reason == "Erreur de saisie signalée par l'entité"
    assert all(c.revised_at is not None for c in closed_session.certificates.all())
    assert LogEntry.objects.get_for_object(closed_session).filter(action=1).exists()


def test_new_dates_move_issue_date_and_validity(closed_session, personas):
    new_end = closed_session.ends_on - timedelta(days=7)
    _amend(
        closed_session,
        personas["support"],
        starts_on=new_end - timedelta(days=1),
        ends_on=new_end,
    )
    for certificate in closed_session.certificates.all():
        assert certificate.issued_on == new_end
        assert certificate.valid_until > new_end


def test_new_trainer_needs_a_valid_trainer_certificate(closed_session, personas):
    uncertified = join_team(UserFactory(last_name="Sanscertif"), closed_session.entity)
    before = _snapshot(closed_session)
    with pytest.raises(DomainError) as error:
        _amend(closed_session, personas["support"], trainer_logins=[uncertified.forprev_id])
    assert "SANSCERTIF" in error.value.message
    assert _snapshot(closed_session) == before
    assert closed_session.trainers.get().trainer != uncertified


def test_a_certified_trainer_replaces_the_other(closed_session, personas):
    other = join_team(UserFactory(last_name="Remplacant", first_name="Max"), closed_session.entity)
    TrainerCertificate.objects.create(
        holder=other,
        programme_level=ProgrammeLevel.objects.get(programme__code="SST", level=2),
        issued_on=timezone.localdate() - timedelta(days=300),
        valid_until=timezone.localdate() + timedelta(days=300),
        source=CertificateSource.RECORDED,
    )
    _amend(closed_session, personas["support"], trainer_logins=[other.forprev_id])
    assert closed_session.trainers.get().trainer == other
    assert {c.trainer_names for c in closed_session.certificates.all()} == {other.full_name}


@pytest.mark.parametrize("persona", ["manager", "delegate", "instructor", "national", "person"])
def test_only_support_amends(closed_session, personas, persona):
    before = _snapshot(closed_session)
    with pytest.raises(DomainError):
        _amend(closed_session, personas[persona], place_city="Aubagne")
    assert _snapshot(closed_session) == before


def test_a_reason_is_required_and_nothing_changes_without_one(closed_session, personas):
    with pytest.raises(DomainError) as error:
        _amend(closed_session, personas["support"], place_city="Aubagne", reason="   ")
    assert error.value.field == "reason"
    closed_session.refresh_from_db()
    assert closed_session.place_city == "Marseille"


def test_no_change_is_refused(closed_session, personas):
    with pytest.raises(DomainError, match="Aucune modification"):
        _amend(closed_session, personas["support"])


def test_an_open_session_is_not_amended(session, personas):
    with pytest.raises(DomainError):
        _amend(session, personas["support"], place_city="Aubagne")


def test_future_dates_are_refused(closed_session, personas):
    future = timezone.localdate() + timedelta(days=5)
    before = _snapshot(closed_session)
    with pytest.raises(DomainError, match="pas terminée"):
        _amend(closed_session, personas["support"], starts_on=future, ends_on=future)
    assert _snapshot(closed_session) == before


def test_a_level_the_entity_is_not_habilitated_for_is_refused(closed_session, personas):
    prap = ProgrammeLevel.objects.get(programme__code="PRAP-IBC", level=1)
    with pytest.raises(DomainError, match="habilitée"):
        _amend(closed_session, personas["support"], programme_level=prap)
    assert set(closed_session.certificates.values_list("programme_level", flat=True)) == {
        closed_session.programme_level_id
    }


def test_a_wrong_dispositif_is_corrected_with_certificates(closed_session, personas, entity):
    from forprev.accreditations.models import Accreditation

    prap = ProgrammeLevel.objects.get(programme__code="PRAP-IBC", level=1)
    today = timezone.localdate()
    Accreditation.objects.create(
        entity=entity,
        programme_level=prap,
        starts_on=today - timedelta(days=400),
        expires_on=today + timedelta(days=400),
    )
    TrainerCertificate.objects.create(
        holder=closed_session.trainers.get().trainer,
        programme_level=ProgrammeLevel.objects.get(programme__code="PRAP-IBC", level=2),
        issued_on=today - timedelta(days=300),
        valid_until=today + timedelta(days=300),
        source=CertificateSource.RECORDED,
    )
    amendment = _amend(closed_session, personas["support"], programme_level=prap)
    assert set(closed_session.certificates.values_list("programme_level", flat=True)) == {prap.pk}
    assert list(amendment.changes) == ["programme_level"]


def test_an_authorised_wrong_data_request_is_used_by_the_change(closed_session, personas):
    request = RegularisationRequest.objects.create(
        entity=closed_session.entity,
        session=closed_session,
        kind=RegularisationKind.WRONG_DATA,
        explanation="Mauvaise commune",
        requested_by=personas["manager"],
        status=RegularisationStatus.AUTHORISED,
        open_until=timezone.localdate() + timedelta(days=10),
    )
    amendment = _amend(closed_session, personas["support"], place_city="Aubagne")
    request.refresh_from_db()
    assert request.status == RegularisationStatus.USED
    assert amendment.regularisation == request
