"""The public application: the form, the « check your mailbox » page, the confirmation link;
and the caisse's « Reconnaître l'entité » action that ends a provisional entity's wait."""

import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.core.exceptions import DomainError
from forprev.entities.application import (
    ApplicationLinkError,
    confirm_hours,
    contested_claim_message,
    entity_apply,
    entity_apply_confirm,
    entity_recognise,
    number_label,
    pending_application,
)
from forprev.entities.models import Entity
from forprev.entities.rules import application_freeze, can_recognise_entity
from forprev.entities.validators import nda_warnings

from .forms import ApplyForm
from .throttling import application_refused, submission_refused

LOGIN_BACKEND = "forprev.accounts.backends.ForprevIdOrEmailBackend"
# Statuses of a link that cannot be used: forged or truncated (404), expired or already used.
LINK_STATUS = {"invalid": 404, "expired": 410, "used": 410}


def _throttled(request, retry_at):
    """429 with the time the refusing window ends, in the page and in ``Retry-After``."""
    seconds = max(int(retry_at.timestamp() - time.time()), 1)
    response = render(request, "apply/throttled.html", {"retry_at": retry_at}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _logged_in(request, next_url):
    return render(request, "apply/start_logged_in.html", {"next_url": next_url})


@login_not_required
@require_http_methods(["GET", "POST"])
def start(request):
    """The public application for a new entity and its manager (CEH).

    A valid POST always ends on the same « check your mailbox » page, whatever the database
    holds about the address or the SIRET/NDA: no account, no login, no numéro yet. Someone
    already logged in gets an explanation instead of the form.
    """
    if request.user.is_authenticated:
        return _logged_in(request, reverse("apply:start"))
    freeze = application_freeze()
    if request.method == "POST" and freeze is None and (retry_at := submission_refused(request)):
        return _throttled(request, retry_at)
    form = ApplyForm(request.POST or None)
    if freeze is None and form.is_valid():
        email = form.cleaned_data["email"]
        if retry_at := application_refused(email=email, number=form.claimed_number()):
            return _throttled(request, retry_at)
        try:
            entity_apply(
                entity_fields=form.entity_fields(),
                manager_fields=form.manager_fields(),
                password=form.cleaned_data["password1"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("apply:sent")
    return render(
        request, "apply/start.html", {"form": form, "freezes": [freeze] if freeze else []}
    )


@login_not_required
@require_safe
def sent(request):
    """The same page for every valid application: the link is in the mailbox, if any."""
    return render(request, "apply/sent.html", {"hours": confirm_hours()})


def _link_unusable(request, error: ApplicationLinkError):
    return render(
        request,
        "apply/confirm_invalid.html",
        {"message": error.message},
        status=LINK_STATUS.get(error.code, 404),
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The e-mailed link: GET shows what will be created (mail scanners that follow links
    create nothing), POST creates the account, the provisional entity and the membership,
    then logs the new manager in."""
    if request.user.is_authenticated:
        return _logged_in(request, request.path)
    try:
        pending = pending_application(token)
    except ApplicationLinkError as error:
        return _link_unusable(request, error)
    error_message = ""
    if request.method == "POST":
        try:
            entity, user, claimants = entity_apply_confirm(token=token)
        except ApplicationLinkError as error:
            return _link_unusable(request, error)
        except DomainError as error:
            error_message = error.message
        else:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(
                request,
                _(
                    "Le compte de %(entity)s est créé. Votre numéro Forprev est %(forprev_id)s : "
                    "c'est votre identifiant de connexion, il vous a aussi été envoyé par "
                    "courriel. Complétez maintenant le tronc commun de votre entité."
                )
                % {"entity": entity.name, "forprev_id": user.forprev_id},
            )
            if claimants:
                messages.warning(request, contested_claim_message(entity))
            for warning in nda_warnings(entity.nda) if entity.nda else []:
                messages.warning(request, warning)
            return redirect("dashboard:home")
    return render(
        request,
        "apply/confirm.html",
        {"pending": pending, "error_message": error_message},
    )


@require_POST
def entity_recognise_view(request, public_id):
    """« Reconnaître l'entité »: the instructor of the entity's caisse."""
    entity = get_object_or_404(Entity.objects.visible_to(request.user), public_id=public_id)
    if not can_recognise_entity(request.user, entity):
        raise PermissionDenied
    try:
        entity_recognise(entity=entity, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("L'entité %(entity)s est reconnue : elle détient désormais son %(number)s.")
            % {"entity": entity.name, "number": number_label(entity.kind)},
        )
    return redirect("entities:entity_detail", public_id=entity.public_id)
