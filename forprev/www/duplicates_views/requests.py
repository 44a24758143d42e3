"""A trainer's request to merge their own duplicate account (from « Mes informations »), and
support's answer: merge through the comparison page, or « sans suite »."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.core.exceptions import DomainError
from forprev.people.merge_queue import (
    merge_request_create,
    merge_request_people,
    merge_request_reject,
)
from forprev.people.merging_models import MergeRequest
from forprev.people.rules import can_answer_merge_request, can_ask_account_merge

from .forms import MergeRequestForm, RejectForm


def _visible(request):
    return MergeRequest.objects.visible_to(request.user).select_related(
        "requested_by", "handled_by"
    )


@require_http_methods(["GET", "POST"])
def request_create(request):
    if not can_ask_account_merge(request.user):
        raise PermissionDenied
    form = MergeRequestForm(request.POST or None)
    if form.is_valid():
        try:
            created = merge_request_create(by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Votre demande est transmise à l'assistance Forprev, qui vous répondra."),
            )
            return redirect("duplicates:request_detail", public_id=created.public_id)
    mine = MergeRequest.objects.filter(requested_by=request.user).order_by("-created_at", "-pk")
    return render(request, "duplicates/request_create.html", {"form": form, "requests": mine[:20]})


def _detail_page(request, item, form, status=200):
    can_answer = can_answer_merge_request(request.user, item)
    mine, other = merge_request_people(item) if can_answer else (None, None)
    return render(
        request,
        "duplicates/request_detail.html",
        {
            "item": item,
            "can_answer": can_answer,
            "form": form if can_answer else None,
            "mine": mine,
            "other": other,
            "people_ids": [mine.public_id, other.public_id]
            if mine and other and mine.pk != other.pk
            else None,
        },
        status=status,
    )


@require_safe
def request_detail(request, public_id):
    item = get_object_or_404(_visible(request), public_id=public_id)
    return _detail_page(request, item, RejectForm())


@require_POST
def request_reject(request, public_id):
    item = get_object_or_404(_visible(request), public_id=public_id)
    if not can_answer_merge_request(request.user, item):
        raise PermissionDenied
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            merge_request_reject(request=item, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("La demande est close sans fusion ; le demandeur voit la réponse."))  # fmt: skip
            return redirect("duplicates:request_detail", public_id=item.public_id)
    return _detail_page(request, item, form)
