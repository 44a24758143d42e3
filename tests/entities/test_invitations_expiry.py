"""Invitations past their expiry are marked expired by a scheduled job; they stay listed for the
inviter (resend, withdraw) and can never be accepted (docs/security/invitations.md)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from forprev.core.exceptions import DomainError
from forprev.core.scheduling import JOBS
from forprev.entities.enums import InvitationKind, InvitationState
from forprev.entities.invitations import (
    delegate_invitation_accept,
    invitation_withdraw,
    invitations_expire,
)
from forprev.entities.models import Invitation
from forprev.trainers.services import team_invitation_accept
from tests.entities.factories import invite, resend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAST_EXPIRY = timedelta(days=settings.FORPREV_INVITATION_DAYS, minutes=1)


@pytest.fixture
def invitations(entity, personas):
    """Two invitations sent now and one sent two days later."""
    manager = personas["manager"]
    early = invite(entity, manager, "premier@exemple.fr")[0]
    trainer = invite(entity, manager, "formateur@exemple.fr", kind=InvitationKind.TRAINER)[0]
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        late = invite(entity, manager, "tardif@exemple.fr")[0]
    return early, trainer, late


def states():
    return dict(Invitation.objects.values_list("identifier", "state"))


def test_nothing_is_marked_before_the_expiry(invitations):
    assert invitations_expire(dry_run=False) == 0
    assert set(states().values()) == {InvitationState.PENDING}


def test_a_dry_run_counts_and_writes_nothing(invitations):
    assert invitations_expire(now=timezone.now() + PAST_EXPIRY, dry_run=True) == 2
    assert set(states().values()) == {InvitationState.PENDING}


def test_pending_invitations_past_expiry_are_marked_expired_and_no_other(
    invitations, entity, personas
):
    early, trainer, late = invitations
    withdrawn = invite(entity, personas["manager"], "retire@exemple.fr")[0]
    invitation_withdraw(invitation=withdrawn, by=personas["manager"])
    now = timezone.now() + PAST_EXPIRY
    assert invitations_expire(now=now, dry_run=False) == 2
    assert states() == {
        "premier@exemple.fr": InvitationState.EXPIRED,
        "formateur@exemple.fr": InvitationState.EXPIRED,
        "tardif@exemple.fr": InvitationState.PENDING,  # two days later: not yet
        "retire@exemple.fr": InvitationState.WITHDRAWN,
    }
    early.refresh_from_db()
    assert early.answered_at == early.expires_at
    assert invitations_expire(now=now, dry_run=False) == 0  # idempotent


def test_an_expired_invitation_cannot_be_accepted_stays_listed_and_can_be_resent(
    invitations, client, entity, personas
):
    early, trainer, _late = invitations
    invitee = UserFactory(email="premier@exemple.fr")
    trainee = UserFactory(email="formateur@exemple.fr")
    with time_machine.travel(timezone.now() + PAST_EXPIRY):
        invitations_expire(dry_run=False)
        with pytest.raises(DomainError, match="expiré"):
            delegate_invitation_accept(invitation=early, user=invitee)
        with pytest.raises(DomainError, match="expiré"):
            team_invitation_accept(invitation=trainer, user=trainee)
        # The inviter still sees it (marked expired) with the buttons to resend or withdraw.
        client.force_login(personas["manager"])
        page = client.get(reverse("entities:delegate_list", args=[entity.public_id]))
        assert "premier@exemple.fr" in page.content.decode()
        assert "expirée" in page.content.decode()
        early, _token = resend(early, personas["manager"])
    early.refresh_from_db()
    assert early.state == InvitationState.PENDING and early.answered_at is None
    assert early.expires_at > timezone.now()
    delegate_invitation_accept(invitation=early, user=invitee)
    early.refresh_from_db()
    assert early.state == InvitationState.ACCEPTED


def test_the_scheduled_job_marks_them(invitations):
    job = JOBS["invitations-expire"]
    assert job.task.call() == "0 invitation(s) expirée(s)"
    with time_machine.travel(timezone.now() + PAST_EXPIRY):
        assert job.task.call() == "2 invitation(s) expirée(s)"
    assert sorted(states().values()) == [
        InvitationState.EXPIRED,
        InvitationState.EXPIRED,
        InvitationState.PENDING,
    ]
