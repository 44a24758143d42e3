"""The manager names, changes and revokes the entity's delegates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forprev.core.exceptions import DomainError
from forprev.entities import rules, services
from forprev.entities.enums import DelegateRight, InvitationKind, MembershipRole
from forprev.entities.forms import DelegateInviteForm, DelegateRightsForm
from forprev.entities.models import Entity, Membership

from .invitations import invitation_sent_message, invite, pending_invitations


def _entity(request, public_id):
    return get_object_or_404(Entity.objects.visible_to(request.user), public_id=public_id)


def _delegate(entity, membership_id):
    return get_object_or_404(
        Membership.objects.active().select_related("entity"),
        entity=entity,
        public_id=membership_id,
        role=MembershipRole.DELEGATE,
    )


@require_http_methods(["GET", "POST"])
def delegate_list(request, public_id):
    entity = _entity(request, public_id)
    if not rules.can_view_members(request.user, entity):
        raise PermissionDenied
    can_manage = rules.can_manage_delegates(request.user, entity)
    form = DelegateInviteForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation = invite(
                    request,
                    entity=entity,
                    kind=InvitationKind.DELEGATE,
                    identifier=form.cleaned_data["identifier"],
                    rights=form.cleaned_data["rights"],
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, invitation_sent_message(invitation))
                return redirect("entities:delegate_list", public_id=entity.public_id)
    memberships = (
        Membership.objects.active()
        .filter(entity=entity)
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    rows = [
        {
            "membership": membership,
            "right_labels": [DelegateRight(r).label for r in membership.rights],
            "form": DelegateRightsForm(
                initial={"rights": membership.rights}, prefix=f"m{membership.pk}"
            ),
        }
        for membership in memberships
    ]
    return render(
        request,
        "entities/delegate_list.html",
        {
            "entity": entity,
            "rows": rows,
            "form": form,
            "can_manage": can_manage,
            "show_login_identifiers": rules.can_see_login_identifiers(request.user, entity),
            "pending_invitations": (
                pending_invitations(entity, InvitationKind.DELEGATE) if can_manage else []
            ),
        },
    )


@require_POST
def delegate_update(request, public_id, membership_id):
    entity = _entity(request, public_id)
    if not rules.can_manage_delegates(request.user, entity):
        raise PermissionDenied
    membership = _delegate(entity, membership_id)
    form = DelegateRightsForm(request.POST, prefix=f"m{membership.pk}")
    if form.is_valid():
        try:
            services.delegate_update(
                membership=membership, by=request.user, rights=form.cleaned_data["rights"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Les droits du délégué sont enregistrés."))
    else:
        messages.error(request, _("Choisissez des droits parmi ceux proposés."))
    return redirect("entities:delegate_list", public_id=entity.public_id)


@require_POST
def delegate_revoke(request, public_id, membership_id):
    entity = _entity(request, public_id)
    if not rules.can_manage_delegates(request.user, entity):
        raise PermissionDenied
    membership = _delegate(entity, membership_id)
    services.delegate_revoke(membership=membership, by=request.user)
    messages.success(
        request, _("%(name)s n'est plus délégué(e).") % {"name": membership.user.full_name}
    )
    return redirect("entities:delegate_list", public_id=entity.public_id)
