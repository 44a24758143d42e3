"""Regularisation requests: the manager's requests, the caisse's queue, the decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.core.exceptions import DomainError
from forprev.core.parsing import parse_uuid
from forprev.training.enums import RegularisationStatus
from forprev.training.models import RegularisationRequest, TrainingSession
from forprev.training.regularisation_forms import DecisionForm, RegularisationForm
from forprev.training.regularisations import regularisation_decide, regularisation_request
from forprev.training.rules import (
    can_decide_regularisation,
    can_request_regularisation,
    can_view_regularisations,
)
from forprev.www.queues import pending_first_page

PAGE_SIZE = 50


def _visible(request):
    return RegularisationRequest.objects.visible_to(request.user).select_related(
        "entity", "session__programme_level__programme", "requested_by", "decided_by"
    )


@require_safe
def request_list(request):
    """Members see their entity's requests; instructors their caisse's, pending first."""
    role = request.role
    if role.entity is None and not role.is_staff:
        raise PermissionDenied
    if role.entity is not None and not can_view_regularisations(request.user, role.entity):
        raise PermissionDenied
    requests = _visible(request)
    if role.entity is not None:
        requests = requests.filter(entity=role.entity)
    status = request.GET.get("etat", "")
    if status in RegularisationStatus.values:
        requests = requests.filter(status=status)
    page, summary = pending_first_page(
        requests, Q(status=RegularisationStatus.PENDING), request.GET.get("page"), PAGE_SIZE
    )
    return render(
        request,
        "regularisations/request_list.html",
        {
            "page": page,
            "summary": summary,
            "statuses": RegularisationStatus.choices,
            "status": status,
            "can_request": role.entity is not None
            and can_request_regularisation(request.user, role.entity),
        },
    )


@require_http_methods(["GET", "POST"])
def request_create(request):
    entity = request.role.entity
    if entity is None or not can_request_regularisation(request.user, entity):
        raise PermissionDenied
    sessions = (
        TrainingSession.objects.filter(entity=entity)
        .select_related("programme_level__programme")
        .order_by("-ends_on", "-pk")
    )
    initial = {}
    chosen_id = parse_uuid(request.GET.get("session")) if request.method == "GET" else None
    if chosen_id is not None:
        chosen = sessions.filter(public_id=chosen_id).first()
        if chosen is not None:
            initial["session"] = chosen.public_id
    form = RegularisationForm(request.POST or None, sessions=sessions, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = regularisation_request(
                entity=entity,
                by=request.user,
                kind=data["kind"],
                explanation=data["explanation"],
                session=data["session"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Votre demande est transmise à votre caisse."))
            return redirect("regularisations:request_detail", public_id=created.public_id)
    return render(request, "regularisations/request_create.html", {"form": form, "entity": entity})


@require_safe
def request_detail(request, public_id):
    item = get_object_or_404(_visible(request), public_id=public_id)
    can_decide = can_decide_regularisation(request.user, item)
    return render(
        request,
        "regularisations/request_detail.html",
        {
            "item": item,
            "can_decide": can_decide,
            "form": DecisionForm() if can_decide else None,
        },
    )


@require_POST
def request_decide(request, public_id):
    item = get_object_or_404(_visible(request), public_id=public_id)
    if not can_decide_regularisation(request.user, item):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            regularisation_decide(
                request=item,
                by=request.user,
                authorise=form.cleaned_data["decision"] == "authorise",
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La décision est enregistrée et le demandeur prévenu."))
            return redirect("regularisations:request_detail", public_id=item.public_id)
    return render(
        request,
        "regularisations/request_detail.html",
        {"item": item, "can_decide": True, "form": form},
        status=200,
    )
