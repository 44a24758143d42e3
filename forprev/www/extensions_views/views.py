"""Bulk extensions (national): preview a rule, then apply it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from forprev.accreditations.models import Extension
from forprev.accreditations.rules import can_extend_accreditations
from forprev.accreditations.services.extensions import (
    accreditations_extend,
    extension_candidates,
    extension_preview_rows,
)
from forprev.core.exceptions import DomainError
from forprev.www.scheduler_views.panels import job_panel

from .forms import ExtensionApplyForm, ExtensionRuleForm

PAGE_SIZE = 50


def _check_national(user):
    if not can_extend_accreditations(user):
        raise PermissionDenied


def _render(request, form, rule=None):
    context = {
        "form": form,
        "rule": rule,
        # The managers are reminded of their échéances by a daily job: its last run, and a
        # button to start it after a large extension.
        "job_panel": job_panel(request, "expiry-reminders"),
    }
    if rule is not None:
        page = Paginator(extension_candidates(rule), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            rows=extension_preview_rows(page, rule),
            already_extended=Extension.objects.filter(rule_key=rule.key).count(),
        )
    return render(request, "extensions/extension_preview.html", context)


@require_safe
def extension_preview(request):
    _check_national(request.user)
    form = ExtensionRuleForm(request.GET or None)
    return _render(request, form, form.rule if form.is_valid() else None)


@require_POST
def extension_apply(request):
    _check_national(request.user)
    form = ExtensionApplyForm(request.POST)
    if form.is_valid():
        rule = form.rule
        try:
            count = accreditations_extend(
                rule=rule, by=request.user, expected_count=form.cleaned_data["expected_count"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s habilitation prolongée de %(months)s mois.",
                    "%(count)s habilitations prolongées de %(months)s mois.",
                    count,
                )
                % {"count": count, "months": rule.months},
            )
            query = urlencode(
                {
                    "expiring_from": rule.expiring_from.isoformat(),
                    "expiring_to": rule.expiring_to.isoformat(),
                    "months": rule.months,
                }
            )
            return redirect(f"{reverse('extensions:extension_preview')}?{query}")
    # Invalid input: the errors; a valid rule refused (empty, outdated): its preview again.
    return _render(request, form, form.rule)
