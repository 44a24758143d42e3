"""Services of the application lifecycle: kinds, renewal window, continuity, dates."""

from datetime import date, timedelta

import pytest
import time_machine

from forprev.accreditations.enums import RequestKind, RequestStatus
from forprev.accreditations.models import Accreditation
from forprev.accreditations.services.decision import request_decide
from forprev.accreditations.services.requests import request_create
from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError
from forprev.referentials.models import ProgrammeLevel

from .dossiers import complete_dossier


@pytest.fixture
def sst():
    return ProgrammeLevel.objects.get(programme__code="SST", level=1)


@pytest.fixture
def active(entity, sst):
    return Accreditation.objects.create(
        entity=entity, programme_level=sst, starts_on=date(2022, 3, 1), expires_on=date(2027, 2, 28)
    )


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 15), -6) == date(2025, 9, 15)


@pytest.mark.django_db
def test_only_the_manager_creates_an_application(personas, entity, sst):
    for name in ["delegate", "instructor", "national", "manager_elsewhere"]:
        with pytest.raises(DomainError):
            request_create(
                entity=entity, kind=RequestKind.INITIAL, programme_levels=[sst], by=personas[name]
            )


@pytest.mark.django_db
def test_an_application_needs_a_dispositif(personas, entity):
    with pytest.raises(DomainError, match="au moins un dispositif"):
        request_create(
            entity=entity, kind=RequestKind.INITIAL, programme_levels=[], by=personas["manager"]
        )


@pytest.mark.django_db
@time_machine.travel("2026-11-27 10:00 +0100", tick=False)
def test_initial_refused_when_already_accredited_and_additional_needs_an_active_one(
    personas, entity, sst, active
):
    manager = personas["manager"]
    with pytest.raises(DomainError, match="demandez un renouvellement"):
        request_create(entity=entity, kind=RequestKind.INITIAL, programme_levels=[sst], by=manager)
    prap = ProgrammeLevel.objects.get(programme__code="PRAP-IBC", level=1)
    application = request_create(
        entity=entity, kind=RequestKind.ADDITIONAL, programme_levels=[prap], by=manager
    )
    assert application.status == RequestStatus.DRAFT
    active.delete()
    with pytest.raises(DomainError, match="demande initiale"):
        request_create(
            entity=entity, kind=RequestKind.ADDITIONAL, programme_levels=[prap], by=manager
        )


@pytest.mark.django_db
def test_renewal_opens_six_months_before_expiry(personas, entity, sst, active):
    manager = personas["manager"]
    with (
        time_machine.travel("2026-08-27 10:00 +0200", tick=False),
        pytest.raises(DomainError, match="le renouvellement ouvre le 28/08/2026"),
    ):
        request_create(entity=entity, kind=RequestKind.RENEWAL, programme_levels=[sst], by=manager)
    with time_machine.travel("2026-08-28 10:00 +0200", tick=False):
        request_create(entity=entity, kind=RequestKind.RENEWAL, programme_levels=[sst], by=manager)


@pytest.mark.django_db
def test_granted_renewal_continues_without_a_gap(personas, entity, sst, active):
    manager = personas["manager"]
    with time_machine.travel("2026-11-27 10:00 +0100", tick=False):
        application = request_create(
            entity=entity, kind=RequestKind.RENEWAL, programme_levels=[sst], by=manager
        )
        application.status = RequestStatus.OPINION_GIVEN
        application.save()
        complete_dossier(application)
        (renewed,) = request_decide(
            request=application, by=personas["national"], decision="granted"
        )
    assert renewed.previous == active
    assert renewed.starts_on == active.expires_on + timedelta(days=1) == date(2027, 3, 1)
    assert renewed.expires_on == date(2032, 2, 29)


@pytest.mark.django_db
def test_accreditation_dates_must_be_in_order(entity, sst):
    from django.core.exceptions import ValidationError

    accreditation = Accreditation(
        entity=entity, programme_level=sst, starts_on=date(2026, 5, 1), expires_on=date(2026, 4, 1)
    )
    with pytest.raises(ValidationError, match="postérieure"):
        accreditation.full_clean()


@pytest.mark.django_db
def test_expired_state_is_derived_from_the_dates(entity, sst):
    accreditation = Accreditation.objects.create(
        entity=entity,
        programme_level=sst,
        starts_on=date(2020, 1, 1),
        expires_on=date(2024, 12, 31),
    )
    assert accreditation.state_on(date(2024, 12, 31)) == "active"
    assert accreditation.state_on(date(2025, 1, 1)) == "expired"
    assert not Accreditation.objects.active_on(date(2025, 1, 1)).exists()
