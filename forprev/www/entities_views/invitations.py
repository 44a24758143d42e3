"""Invitations: the inviting side (invite, resend, withdraw) and the invitee's side (the link of
the e-mail, « Mes invitations », accept, decline). See docs/security/invitations.md."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.core.exceptions import DomainError
from forprev.entities import invitations as service
from forprev.entities.enums import DelegateRight, InvitationKind, InvitationState
from forprev.entities.forms import InvitationAccountForm
from forprev.entities.models import Entity, Invitation
from forprev.entities.rules import can_invite
from forprev.trainers.services import team_invitation_accept, team_invite_trainer

LOGIN_BACKEND = "forprev.accounts.backends.ForprevIdOrEmailBackend"

ACCEPT = {
    InvitationKind.DELEGATE: service.delegate_invitation_accept,
    InvitationKind.TRAINER: team_invitation_accept,
}


# The inviting side -----------------------------------------------------------------------------


def invite(request, *, entity, kind, identifier, rights=()) -> Invitation:
    """Check the typed identifier's format, the e-mail limits, then call the service of the
    kind. Raises ``DomainError``; every other answer is the same whoever the identifier names."""
    identifier = service.normalise_identifier(identifier)
    if not can_invite(request.user, entity, kind):
        raise PermissionDenied
    if not service.invitation_email_allowed(request, entity=entity, identifier=identifier):
        raise service.rate_limited_error()
    if kind == InvitationKind.TRAINER:
        return team_invite_trainer(entity=entity, by=request.user, identifier=identifier)
    return service.invitation_create(
        entity=entity, by=request.user, kind=kind, identifier=identifier, rights=rights
    )


def invitation_sent_message(invitation) -> str:
    """The one answer to an invitation, whether an account bears the identifier or not."""
    return _(
        "Invitation enregistrée pour « %(identifier)s ». La personne l'accepte ou la décline "
        "depuis le courriel d'invitation ou son espace Forprev ; elle apparaîtra parmi les "
        "membres quand elle l'aura acceptée."
    ) % {"identifier": invitation.identifier}


def pending_invitations(entity, kind) -> list[dict]:
    """Pending invitations as the inviting side sees them: what it typed, never the account."""
    rows = Invitation.objects.pending().filter(entity=entity, kind=kind).order_by("-created_at")
    return [
        {
            "invitation": invitation,
            "right_labels": [DelegateRight(r).label for r in invitation.rights],
        }
        for invitation in rows
    ]


def _inviter_invitation(request, public_id, invitation_id):
    entity = get_object_or_404(Entity.objects.visible_to(request.user), public_id=public_id)
    invitation = get_object_or_404(
        Invitation.objects.select_related("entity"), entity=entity, public_id=invitation_id
    )
    if not can_invite(request.user, entity, invitation.kind):
        raise PermissionDenied
    return invitation


def _back_to_list(invitation):
    if invitation.kind == InvitationKind.TRAINER:
        return redirect("trainers:team_list")
    return redirect("entities:delegate_list", public_id=invitation.entity.public_id)


@require_POST
def invitation_resend(request, public_id, invitation_id):
    invitation = _inviter_invitation(request, public_id, invitation_id)
    if not service.invitation_email_allowed(
        request, entity=invitation.entity, identifier=invitation.identifier
    ):
        messages.error(request, service.rate_limited_error().message)
        return _back_to_list(invitation)
    try:
        service.invitation_resend(invitation=invitation, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Invitation renvoyée pour « %(identifier)s », avec un nouveau lien.")
            % {"identifier": invitation.identifier},
        )
    return _back_to_list(invitation)


@require_POST
def invitation_withdraw(request, public_id, invitation_id):
    invitation = _inviter_invitation(request, public_id, invitation_id)
    try:
        service.invitation_withdraw(invitation=invitation, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Invitation retirée pour « %(identifier)s ».")
            % {"identifier": invitation.identifier},
        )
    return _back_to_list(invitation)


# The invitee's side ----------------------------------------------------------------------------


def _accepted_message(invitation) -> str:
    return _("Vous avez rejoint %(entity)s : %(role)s.") % {
        "entity": invitation.entity.name,
        "role": InvitationKind(invitation.kind).label,
    }


def _answer(request, invitation, action):
    """Accept or decline as ``request.user``; a French message either way."""
    try:
        if action == "accept":
            ACCEPT[invitation.kind](invitation=invitation, user=request.user)
            messages.success(request, _accepted_message(invitation))
        else:
            service.invitation_decline(invitation=invitation, user=request.user)
            messages.success(
                request,
                _("Vous avez décliné l'invitation de %(entity)s.")
                % {"entity": invitation.entity.name},
            )
    except DomainError as error:
        messages.error(request, error.message)


@require_safe
def invitation_list(request):
    """« Mes invitations »: those addressed to me, to accept or decline."""
    invitations = (
        Invitation.objects.addressed_to(request.user)
        .pending()
        .select_related("entity")
        .order_by("-created_at")
    )
    rows = [
        {
            "invitation": invitation,
            "right_labels": [DelegateRight(r).label for r in invitation.rights],
        }
        for invitation in invitations
    ]
    return render(request, "entities/invitation_list.html", {"rows": rows})


def _addressed(request, invitation_id):
    return get_object_or_404(
        Invitation.objects.addressed_to(request.user).select_related("entity"),
        public_id=invitation_id,
    )


@require_POST
def invitation_accept(request, invitation_id):
    _answer(request, _addressed(request, invitation_id), "accept")
    return redirect("entities:invitation_list")


@require_POST
def invitation_decline(request, invitation_id):
    _answer(request, _addressed(request, invitation_id), "decline")
    return redirect("entities:invitation_list")


def _situation(request, invitation) -> str:
    """What the link's page shows."""
    if invitation.state != InvitationState.PENDING:
        return invitation.state
    if invitation.is_expired:
        return InvitationState.EXPIRED
    user = request.user
    if not user.is_authenticated:
        if service.account_for(invitation) is None and "@" in invitation.identifier:
            return "create"
        return "login"
    if user.is_staff_role:
        return "staff"
    if service.is_addressed_to(invitation, user):
        return "answer"
    return "other_account"


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_open(request, public_id, token):
    """The page of the e-mail's link. Without the latest secret of the invitation, nothing is
    shown (404); with it: the invitation's state, or the way to answer it."""
    invitation = Invitation.objects.select_related("entity").filter(public_id=public_id).first()
    if invitation is None or not service.token_matches(invitation, token):
        return render(
            request, "entities/invitation_open.html", {"situation": "invalid"}, status=404
        )
    situation = _situation(request, invitation)
    form = None
    if situation == "create":
        form = InvitationAccountForm(
            request.POST if request.method == "POST" else None, email=invitation.identifier
        )
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in {"accept", "decline", "create"}:
            raise BadRequest
        if action == "create":
            if situation != "create":
                raise PermissionDenied
            if form.is_valid():
                try:
                    with transaction.atomic():
                        user = service.invitation_account_create(
                            invitation=invitation,
                            token=token,
                            first_name=form.cleaned_data["first_name"],
                            last_name=form.cleaned_data["last_name"],
                            password=form.cleaned_data["password1"],
                        )
                        ACCEPT[invitation.kind](invitation=invitation, user=user)
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    login(request, user, backend=LOGIN_BACKEND)
                    messages.success(request, _accepted_message(invitation))
                    messages.info(
                        request,
                        _(
                            "Votre compte est créé. Votre numéro Forprev (identifiant de "
                            "connexion) : %(forprev_id)s."
                        )
                        % {"forprev_id": user.forprev_id},
                    )
                    return redirect("dashboard:home")
        else:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if situation != "answer":
                raise PermissionDenied
            _answer(request, invitation, action)
            return redirect("dashboard:home")
    return render(
        request,
        "entities/invitation_open.html",
        {
            "situation": situation,
            "invitation": invitation,
            "right_labels": [DelegateRight(r).label for r in invitation.rights],
            "form": form,
        },
    )
