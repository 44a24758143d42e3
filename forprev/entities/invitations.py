"""Invitations: nobody becomes a delegate or a trainer of an entity without saying yes.

The inviting side types an e-mail address or a numéro Forprev; an ``Invitation`` is recorded and
the invitee is e-mailed a link (secret, expiring, replaced when resent). The membership is
created only when the invitee accepts, from that link or from « Mes invitations ». Until then
the inviting side sees only what it typed: every answer it gets is the same whether an account
bears the identifier or not, whether that account is staff or already a member (docs/security/
invitations.md).

Memberships of the trainers team belong to ``trainers`` (a higher layer): its service
``team_invitation_accept`` creates them with the checks of this module.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accounts.identifiers import is_valid_forprev_id
from forprev.accounts.models import User
from forprev.core.exceptions import DomainError
from forprev.core.mail import send_templated_email
from forprev.core.ratelimit import Limit, allow, hit

from .enums import DelegateRight, InvitationKind, InvitationState, MembershipRole
from .models import Invitation, Membership
from .rules import can_invite

RATE_SCOPE = "invitation-email"
DAY = 24 * 60 * 60
HOUR = 60 * 60


def normalise_identifier(value: str) -> str:
    """The identifier as typed, in one canonical form: an e-mail address in lower case or a
    numéro Forprev in upper case. Anything else is refused (the format only: no look-up)."""
    value = (value or "").strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise DomainError(
                _("Saisissez une adresse électronique valide ou un numéro Forprev."),
                field="identifier",
            ) from None
        return value.lower()
    if not is_valid_forprev_id(value.upper()):
        raise DomainError(
            _(
                "Saisissez une adresse électronique ou un numéro Forprev "
                "(trois lettres et cinq chiffres, par exemple JKA37899)."
            ),
            field="identifier",
        )
    return value.upper()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(invitation: Invitation, token: str) -> bool:
    """Whether ``token`` is the secret of the invitation's latest link (constant time)."""
    return bool(token) and hmac.compare_digest(_digest(token), invitation.token_digest)


def invitation_link(invitation: Invitation, token: str) -> str:
    """The link of the e-mail, always on ``FORPREV_SITE_URL`` (never the request's Host)."""
    return settings.FORPREV_SITE_URL.rstrip("/") + reverse(
        "entities:invitation_open", kwargs={"public_id": invitation.public_id, "token": token}
    )


def invitation_email_allowed(request, *, entity, identifier: str) -> bool:
    """Whether one more invitation e-mail may leave: a global ceiling, then per inviting client
    address (hour), per typed identifier (day) and per entity (day). Counted on what was typed,
    never on the account it names, so the limits disclose nothing either."""
    if not allow(
        request,
        scope=RATE_SCOPE,
        overall=Limit(settings.FORPREV_INVITATION_EMAILS_OVERALL, HOUR),
        per_client=Limit(settings.FORPREV_INVITATION_EMAILS_PER_CLIENT, HOUR),
        per_key=Limit(settings.FORPREV_INVITATION_EMAILS_PER_ADDRESS, DAY),
        key=identifier,
    ):
        return False
    return hit(
        f"{RATE_SCOPE}:entity",
        str(entity.public_id),
        Limit(settings.FORPREV_INVITATION_EMAILS_PER_ENTITY, DAY),
    )


def rate_limited_error() -> DomainError:
    return DomainError(
        _(
            "Trop d'invitations ont été envoyées récemment (pour cet identifiant, depuis votre "
            "poste ou pour votre entité) : réessayez plus tard."
        ),
        code="rate_limited",
        field="identifier",
    )


def _recipient(invitation: Invitation) -> str | None:
    """Where the link goes: the typed address; for a typed numéro, the address of the account
    bearing it when that account may answer. The inviting side never learns which."""
    if "@" in invitation.identifier:
        return invitation.identifier
    invitee = invitation.invitee
    if invitee is None or not invitee.is_active or invitee.is_staff_role or not invitee.email:
        return None
    return invitee.email


def _issue_link(invitation: Invitation) -> str:
    """A new secret for the invitation (the previous link stops working), a new expiry."""
    token = secrets.token_urlsafe(32)
    invitation.token_digest = _digest(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.FORPREV_INVITATION_DAYS)
    return token


def _send(invitation: Invitation, token: str) -> None:
    """A fixed text: the entity's registered name, the role and rights offered, the link. No
    text typed by the inviter (not even a name) goes into it."""
    invitation.sent_count += 1
    invitation.last_sent_at = timezone.now()
    recipient = _recipient(invitation)
    if recipient is None:
        return
    send_templated_email(
        to=recipient,
        template="entities/email/invitation",
        context={
            "entity_name": invitation.entity.name,
            "role_label": InvitationKind(invitation.kind).label,
            "right_labels": [DelegateRight(r).label for r in invitation.rights],
            "link": invitation_link(invitation, token),
            "expires_at": invitation.expires_at,
        },
    )


@transaction.atomic
def invitation_create(*, entity, by, kind, identifier: str, rights=()) -> Invitation:
    """Invite whoever ``identifier`` names to become a delegate (with ``rights``) or a trainer.

    Always the same outcome for the inviter: one pending invitation. The account the identifier
    names, if any, is kept for the acceptance and never shown; a staff account can never
    accept; a member already in place accepts without change."""
    kind = InvitationKind(kind)
    if not can_invite(by, entity, kind):
        raise DomainError(_("Vous n'avez pas le droit d'inviter pour cette entité."))
    rights = sorted(set(rights)) if kind == InvitationKind.DELEGATE else []
    if set(rights) - set(DelegateRight.values):
        raise DomainError(_("Droit inconnu."), field="rights")
    identifier = normalise_identifier(identifier)
    if entity.invitations.open().filter(kind=kind, identifier=identifier).exists():
        raise DomainError(
            _(
                "Une invitation est déjà en attente pour « %(identifier)s » : renvoyez-la depuis "
                "la liste des invitations en attente."
            )
            % {"identifier": identifier},
            field="identifier",
        )
    invitation = Invitation(
        kind=kind,
        entity=entity,
        identifier=identifier,
        rights=rights,
        invited_by=by,
        invitee=User.objects.with_login(identifier).first(),
    )
    token = _issue_link(invitation)
    _send(invitation, token)
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by) -> Invitation:
    """Send the invitation again with a new link and a new expiry; the old link is dead."""
    if not can_invite(by, invitation.entity, invitation.kind):
        raise DomainError(_("Vous n'avez pas le droit d'inviter pour cette entité."))
    invitation = _lock(invitation)
    if invitation.state not in {InvitationState.PENDING, InvitationState.EXPIRED}:
        raise DomainError(_("Cette invitation n'est plus en attente."))
    if invitation.invitee_id is None:
        invitation.invitee = User.objects.with_login(invitation.identifier).first()
    invitation.state = InvitationState.PENDING
    invitation.answered_at = None  # set when the scheduled job marked it expired
    token = _issue_link(invitation)
    _send(invitation, token)
    invitation.save()
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by) -> Invitation:
    if not can_invite(by, invitation.entity, invitation.kind):
        raise DomainError(_("Vous n'avez pas le droit d'inviter pour cette entité."))
    invitation = _lock(invitation)
    if invitation.state not in {InvitationState.PENDING, InvitationState.EXPIRED}:
        raise DomainError(_("Cette invitation n'est plus en attente."))
    return _close(invitation, InvitationState.WITHDRAWN)


@transaction.atomic
def invitations_expire(*, now=None, dry_run: bool = True) -> int:
    """Mark the pending invitations past their expiry as expired (scheduled, ``periodic.py``):
    the state then says what the pages already showed. ``answered_at`` takes the expiry. An
    expired invitation can still be resent (it becomes pending again) or withdrawn. Dry run by
    default: counts only. Returns how many are (or would be) marked."""
    now = now or timezone.now()
    due = Invitation.objects.filter(state=InvitationState.PENDING, expires_at__lte=now)
    if dry_run:
        return due.count()
    marked = 0
    # Row by row under a lock: audited like the other steps, and a resend that moved the expiry
    # meanwhile is not overwritten (the lock re-reads the rows).
    for invitation in due.select_for_update().order_by("pk"):
        invitation.state = InvitationState.EXPIRED
        invitation.answered_at = invitation.expires_at
        invitation.save(update_fields=["state", "answered_at", "updated_at"])
        marked += 1
    return marked


def _lock(invitation: Invitation) -> Invitation:
    return Invitation.objects.select_for_update().select_related("entity").get(pk=invitation.pk)


def _close(invitation: Invitation, state: InvitationState) -> Invitation:
    invitation.state = state
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["state", "answered_at", "invitee", "updated_at"])
    return invitation


def account_for(invitation: Invitation):
    """The account that may answer the invitation, or None (known to the invitee only)."""
    if invitation.invitee_id is not None:
        return invitation.invitee
    if "@" in invitation.identifier:
        return User.objects.filter(email__iexact=invitation.identifier).first()
    return None


def is_addressed_to(invitation: Invitation, user) -> bool:
    """The invitation is bound to its invitee: the account resolved when it was sent, or,
    when none was, the account holding the typed e-mail address."""
    if not user.is_authenticated:
        return False
    if invitation.invitee_id is not None:
        return invitation.invitee_id == user.pk
    return "@" in invitation.identifier and (user.email or "").lower() == invitation.identifier


def check_can_answer(invitation: Invitation, user) -> None:
    """Raise a French ``DomainError`` unless ``user`` may accept or decline now."""
    if invitation.state == InvitationState.ACCEPTED:
        raise DomainError(_("Cette invitation a déjà été acceptée."))
    if invitation.state == InvitationState.DECLINED:
        raise DomainError(_("Cette invitation a été déclinée."))
    if invitation.state == InvitationState.WITHDRAWN:
        raise DomainError(_("Cette invitation a été retirée par l'entité."))
    if invitation.state == InvitationState.EXPIRED or invitation.is_expired:
        raise DomainError(
            _("Cette invitation a expiré : demandez à %(entity)s de vous la renvoyer.")
            % {"entity": invitation.entity.name}
        )
    if not user.is_authenticated or not user.is_active:
        raise DomainError(_("Connectez-vous pour répondre à cette invitation."))
    if user.is_staff_role:
        raise DomainError(
            _(
                "Un compte du réseau (caisse, assistance, national) ne peut pas rejoindre une entité."
            )
        )
    if not is_addressed_to(invitation, user):
        raise DomainError(_("Cette invitation est adressée à un autre compte."))


def invitation_accepting(invitation: Invitation, user) -> Invitation:
    """For the acceptance services (inside their transaction): the invitation locked and
    checked. The caller creates the membership, then calls :func:`invitation_mark_accepted`."""
    invitation = _lock(invitation)
    check_can_answer(invitation, user)
    return invitation


def invitation_mark_accepted(invitation: Invitation, user) -> Invitation:
    invitation.invitee = user
    return _close(invitation, InvitationState.ACCEPTED)


@transaction.atomic
def delegate_invitation_accept(*, invitation: Invitation, user) -> Membership:
    """The invitee accepts to act for the entity with the rights offered. A member already in
    place keeps their membership as it is."""
    invitation = invitation_accepting(invitation, user)
    if invitation.kind != InvitationKind.DELEGATE:
        raise DomainError(_("Cette invitation ne porte pas sur une délégation."))
    membership = Membership.objects.active().filter(user=user, entity=invitation.entity).first()
    if membership is None:
        membership = Membership(
            user=user,
            entity=invitation.entity,
            role=MembershipRole.DELEGATE,
            rights=list(invitation.rights),
        )
        membership.full_clean()
        membership.save()
    invitation_mark_accepted(invitation, user)
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user) -> Invitation:
    invitation = _lock(invitation)
    check_can_answer(invitation, user)
    invitation.invitee = user
    return _close(invitation, InvitationState.DECLINED)


@transaction.atomic
def invitation_account_create(
    *, invitation: Invitation, token: str, first_name: str, last_name: str, password: str
) -> User:
    """Open the account of an invitee who has none, from the link of the e-mail (which proves
    the address). The account exists from now on, not from the invitation."""
    invitation = _lock(invitation)
    if not token_matches(invitation, token):
        raise DomainError(_("Ce lien d'invitation n'est pas valide."))
    if invitation.state != InvitationState.PENDING or invitation.is_expired:
        raise DomainError(_("Cette invitation n'est plus en attente."))
    if "@" not in invitation.identifier or account_for(invitation) is not None:
        raise DomainError(_("Un compte existe déjà : connectez-vous pour répondre."))
    user = User.objects.create_user(
        email=invitation.identifier,
        password=password,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    invitation.invitee = user
    invitation.save(update_fields=["invitee", "updated_at"])
    return user
