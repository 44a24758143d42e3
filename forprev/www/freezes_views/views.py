"""The schedule of feature freezes (national role): list, create, edit, delete."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from forprev.core.exceptions import DomainError
from forprev.freezes import services
from forprev.freezes.models import FeatureFreeze
from forprev.freezes.rules import can_manage_freezes
from forprev.www.scheduler_views.panels import job_panel

from .forms import FeatureFreezeForm


def _check_national(user):
    if not can_manage_freezes(user):
        raise PermissionDenied


def _saved_message(freeze) -> str:
    return _(
        "Le gel « %(action)s » est enregistré. Son annonce (bandeau et courriels) commence le "
        "%(day)s."
    ) % {"action": freeze.get_action_display(), "day": f"{freeze.announced_from:%d/%m/%Y}"}


@require_safe
def freeze_list(request):
    _check_national(request.user)
    today = timezone.localdate()
    freezes = FeatureFreeze.objects.select_related("created_by")
    return render(
        request,
        "freezes/freeze_list.html",
        {
            "today": today,
            "job_panel": job_panel(request, "freeze-announcements"),
            "sections": [
                ("current", _("En vigueur"), freezes.in_force_on(today)),
                ("upcoming", _("À venir"), freezes.upcoming_on(today)),
                ("past", _("Passés"), freezes.over_on(today).order_by("-starts_on", "action")),
            ],
        },
    )


def _form_page(request, form, freeze, save):
    """Valid form → ``save(cleaned values)`` (a service) → back to the schedule; a refusal is
    shown on the form."""
    if form.is_valid():
        try:
            saved = save(form)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _saved_message(saved))
            return redirect("freezes:freeze_list")
    return render(request, "freezes/freeze_edit.html", {"form": form, "freeze": freeze})


@require_http_methods(["GET", "POST"])
def freeze_create(request):
    _check_national(request.user)
    return _form_page(
        request,
        FeatureFreezeForm(request.POST or None),
        None,
        lambda form: services.freeze_create(by=request.user, **form.cleaned_data),
    )


@require_http_methods(["GET", "POST"])
def freeze_edit(request, public_id):
    _check_national(request.user)
    freeze = get_object_or_404(FeatureFreeze, public_id=public_id)
    return _form_page(
        request,
        FeatureFreezeForm(request.POST or None, instance=freeze),
        freeze,
        lambda form: services.freeze_update(
            freeze=freeze, by=request.user, changes=form.changed_values()
        ),
    )


@require_http_methods(["GET", "POST"])
def freeze_delete(request, public_id):
    """GET asks for confirmation; POST deletes."""
    _check_national(request.user)
    freeze = get_object_or_404(FeatureFreeze, public_id=public_id)
    if request.method == "POST":
        services.freeze_delete(freeze=freeze, by=request.user)
        messages.success(
            request,
            _("Le gel « %(action)s » est supprimé : l'action est de nouveau possible.")
            % {"action": freeze.get_action_display()},
        )
        return redirect("freezes:freeze_list")
    return render(request, "freezes/freeze_delete.html", {"freeze": freeze})
