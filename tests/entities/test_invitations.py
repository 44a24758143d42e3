"""Invitations (forprev.entities.invitations): no membership without the invitee's consent."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from forprev.accounts.models import User
from forprev.core.exceptions import DomainError
from forprev.entities.enums import InvitationKind, InvitationState, MembershipRole
from forprev.entities.invitations import (
    delegate_invitation_accept,
    invitation_account_create,
    invitation_decline,
    invitation_withdraw,
    token_matches,
)
from forprev.entities.models import Invitation, Membership
from tests.entities.factories import invite, link_of, resend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(personas):
    return personas["manager"]


@pytest.mark.parametrize("by", ["forprev_id", "email"])
def test_an_invitation_attaches_nobody_until_the_invitee_accepts(entity, manager, by):
    person = UserFactory(email="jean.martin@exemple.fr")
    typed = person.forprev_id.lower() if by == "forprev_id" else "JEAN.Martin@exemple.fr"
    invitation, token = invite(entity, manager, typed, rights=["exports", "declare_sessions"])
    assert invitation.identifier == (person.forprev_id if by == "forprev_id" else person.email)
    assert not person.memberships.exists()
    assert token and mail.outbox[-1].to == ["jean.martin@exemple.fr"]
    membership = delegate_invitation_accept(invitation=invitation, user=person)
    assert membership.role == MembershipRole.DELEGATE
    assert membership.rights == ["declare_sessions", "exports"]
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ACCEPTED and invitation.answered_at


def test_no_account_is_created_for_an_unknown_email_before_acceptance(entity, manager):
    invitation, token = invite(entity, manager, "nouvelle.personne@exemple.fr")
    assert not User.objects.filter(email="nouvelle.personne@exemple.fr").exists()
    user = invitation_account_create(
        invitation=invitation,
        token=token,
        first_name="Linh",
        last_name="Nguyen",
        password="Un-Mot-de-passe-2026!",
    )
    assert user.email == "nouvelle.personne@exemple.fr" and user.check_password(
        "Un-Mot-de-passe-2026!"
    )
    assert not user.memberships.exists()  # the account exists; the membership once accepted
    delegate_invitation_accept(invitation=invitation, user=user)
    assert user.memberships.get().entity == entity


def test_an_account_is_not_created_with_a_wrong_token_or_for_an_existing_address(entity, manager):
    invitation, token = invite(entity, manager, "nouvelle.personne@exemple.fr")
    fields = {"first_name": "A", "last_name": "B", "password": "Un-Mot-de-passe-2026!"}
    with pytest.raises(DomainError):
        invitation_account_create(invitation=invitation, token="x" + token[1:], **fields)
    UserFactory(email="nouvelle.personne@exemple.fr")
    with pytest.raises(DomainError, match="Un compte existe déjà"):
        invitation_account_create(invitation=invitation, token=token, **fields)


@pytest.mark.parametrize("staff", ["instructor", "support", "national"])
def test_a_staff_account_is_recorded_but_never_becomes_a_member(entity, manager, personas, staff):
    account = personas[staff]
    by_email, _ = invite(entity, manager, account.email)
    by_numero, _ = invite(entity, manager, account.forprev_id, kind=InvitationKind.TRAINER)
    assert by_email.state == by_numero.state == InvitationState.PENDING
    assert not Invitation.objects.addressed_to(account).exists()
    with pytest.raises(DomainError, match="compte du réseau"):
        delegate_invitation_accept(invitation=by_email, user=account)
    with pytest.raises(DomainError, match="compte du réseau"):
        invitation_decline(invitation=by_email, user=account)
    assert not Membership.objects.filter(user=account).exists()


def test_a_staff_account_typed_by_numero_gets_no_email(entity, manager, personas):
    invite(entity, manager, personas["support"].forprev_id)
    assert mail.outbox == []


def test_an_invitation_is_bound_to_its_invitee(entity, manager, personas):
    invitee = UserFactory()
    invitation, _ = invite(entity, manager, invitee.email)
    for intruder in (UserFactory(), personas["manager_elsewhere"], personas["delegate"]):
        with pytest.raises(DomainError, match="adressée à un autre compte"):
            delegate_invitation_accept(invitation=invitation, user=intruder)
    assert not Membership.objects.filter(entity=entity, user=invitee).exists()
    assert Membership.objects.filter(entity=entity).count() == 3  # the personas' own


def test_an_invitation_for_an_unknown_email_binds_the_account_holding_it_later(entity, manager):
    invitation, _ = invite(entity, manager, "plus.tard@exemple.fr")
    other = UserFactory(email="quelqu.un@exemple.fr")
    assert not Invitation.objects.addressed_to(other).exists()
    later = UserFactory(email="plus.tard@exemple.fr")
    assert list(Invitation.objects.addressed_to(later)) == [invitation]
    delegate_invitation_accept(invitation=invitation, user=later)
    assert later.memberships.filter(entity=entity).exists()


def _withdrawn(invitation, by, invitee):
    invitation_withdraw(invitation=invitation, by=by)


def _declined(invitation, by, invitee):
    invitation_decline(invitation=invitation, user=invitee)


def _expired(invitation, by, invitee):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )


def _accepted(invitation, by, invitee):
    delegate_invitation_accept(invitation=invitation, user=invitee)


@pytest.mark.parametrize(
    ("close", "message"),
    [
        (_withdrawn, "retirée"),
        (_declined, "déclinée"),
        (_expired, "expiré"),
        (_accepted, "déjà été acceptée"),
    ],
)
def test_a_closed_invitation_cannot_be_accepted(entity, manager, close, message):
    invitee = UserFactory()
    invitation, _ = invite(entity, manager, invitee.forprev_id)
    close(invitation, manager, invitee)
    invitation.refresh_from_db()
    Membership.objects.filter(user=invitee).delete()
    with pytest.raises(DomainError, match=message):
        delegate_invitation_accept(invitation=invitation, user=invitee)
    assert not Membership.objects.filter(user=invitee).exists()


def test_resend_rotates_the_token_and_extends_the_expiry(entity, manager):
    invitee = UserFactory()
    invitation, first = invite(entity, manager, invitee.email)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    invitation.refresh_from_db()
    invitation, second = resend(invitation, manager)
    assert first != second
    assert not token_matches(invitation, first) and token_matches(invitation, second)
    assert invitation.sent_count == 2 and not invitation.is_expired
    delegate_invitation_accept(invitation=invitation, user=invitee)


def test_only_whoever_invites_for_the_entity_may_resend_or_withdraw(entity, personas):
    invitation, _ = invite(entity, personas["manager"], "x@exemple.fr")
    for name in ("delegate", "manager_elsewhere", "instructor"):
        with pytest.raises(DomainError):
            invitation_withdraw(invitation=invitation, by=personas[name])
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PENDING


def test_only_the_manager_invites_delegates(entity, personas):
    with pytest.raises(DomainError):
        invite(entity, personas["delegate"], "x@exemple.fr")
    assert not Invitation.objects.exists()


def test_a_member_reinvited_accepts_without_change(entity, manager, personas):
    delegate = personas["delegate_without_right"]
    invitation, _ = invite(entity, manager, delegate.email, rights=["exports"])
    membership = delegate_invitation_accept(invitation=invitation, user=delegate)
    assert membership.rights == [] and delegate.memberships.count() == 1


def test_the_email_is_a_fixed_text_with_no_text_typed_by_the_inviter(entity, manager, settings):
    settings.FORPREV_SITE_URL = "https://forprev.example.fr"
    manager.first_name, manager.last_name = "Gagnez", "http://arnaque.example"
    manager.save()
    invite(entity, manager, "quelqu.un@exemple.fr", rights=["exports"])
    message = mail.outbox[-1]
    assert entity.name in message.subject and entity.name in message.body
    assert "Délégué(e)" in message.body and "Réaliser des exports" in message.body
    for typed in ("Gagnez", "arnaque", "quelqu.un"):
        assert typed not in message.body + message.subject
    public_id, token = link_of(message)
    assert f"https://forprev.example.fr/entites/invitations/{public_id}/{token}/" in message.body


@pytest.mark.parametrize(
    "typed", ["Jean Martin", "jean@", "ZZ123456", "<script>@x", "ABC1234", "\x00"]
)
def test_malformed_identifiers_are_refused(entity, manager, typed):
    with pytest.raises(DomainError) as caught:
        invite(entity, manager, typed)
    assert caught.value.field == "identifier"
    assert not Invitation.objects.exists()


def test_a_second_pending_invitation_for_the_same_typed_identifier_is_refused(entity, manager):
    invite(entity, manager, "x@exemple.fr")
    with pytest.raises(DomainError, match="déjà en attente"):
        invite(entity, manager, "X@exemple.fr")
    invite(entity, manager, "x@exemple.fr", kind=InvitationKind.TRAINER)  # another role


def test_the_audit_log_records_every_step(entity, manager):
    invitee = UserFactory()
    kinds = {}
    for step in ("accepted", "declined", "withdrawn"):
        invitation, _ = invite(entity, manager, f"{step}@exemple.fr")
        invitation.invitee = invitee if step != "withdrawn" else None
        Invitation.objects.filter(pk=invitation.pk).update(invitee=invitation.invitee)
        if step == "accepted":
            delegate_invitation_accept(invitation=invitation, user=invitee)
        elif step == "declined":
            invitation_decline(invitation=invitation, user=invitee)
        else:
            invitation_withdraw(invitation=invitation, by=manager)
        kinds[step] = invitation
    content_type = ContentType.objects.get_for_model(Invitation)
    for step, invitation in kinds.items():
        entries = LogEntry.objects.filter(content_type=content_type, object_pk=str(invitation.pk))
        assert entries.filter(action=LogEntry.Action.CREATE).exists()
        states = [e.changes_dict.get("state", [None, None])[1] for e in entries]
        assert step in states, (step, states)
        assert all("token_digest" not in e.changes_dict for e in entries)
