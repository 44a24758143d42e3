"""The readiness dashboard before the switch (caisses and national level): entities ready or not,
by caisse and by check, the entities not ready, an entity's findings, and the CSV exports.

Every figure comes from the current run's summary, computed once by the check; an instructor
sees their caisse's figures and entities only. The CSV files are the command's, scoped to what
the user may see. The page also starts the check of the export the switch-over team put on the
server (a background task) and shows the last run's state.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from forprev.accounts.enums import StaffRole
from forprev.core.exceptions import DomainError
from forprev.switchover.checks.catalogue import CHECKS
from forprev.switchover.checks.export import (
    csv_lines,
    findings_header,
    findings_queryset,
    findings_rows,
    readiness_header,
    readiness_queryset,
    readiness_rows,
)
from forprev.switchover.checks.rules import can_start_conformity_check, can_view_readiness
from forprev.switchover.checks.starting import STALE_AFTER, conformity_check_start, server_export
from forprev.switchover.enums import CheckCode, RunStatus
from forprev.switchover.models import ConformityFinding, ConformityRun, EntityReadiness

from .todo import check_rows, findings_page

PAGE_SIZE = 50
EMPTY = {"entities": 0, "ready": 0, "not_ready": 0, "findings": 0, "by_check": {}}


def _is_national(user) -> bool:
    return user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}


def _current_run(request) -> ConformityRun | None:
    if not can_view_readiness(request.user):
        raise PermissionDenied
    return ConformityRun.objects.current()


def _scope_figures(user, summary: dict) -> tuple[dict, list[dict]]:
    """The totals the user may see, and the caisses' rows (national) or their caisse's."""
    by_caisse = summary.get("by_caisse", {})
    if _is_national(user):
        return summary, list(by_caisse.values())
    mine = by_caisse.get(str(user.caisse_id))
    return (mine or EMPTY), ([mine] if mine else [])


def _by_check(figures: dict) -> list[dict]:
    by_check = figures.get("by_check", {})
    return [
        {
            "check": check,
            "findings": by_check.get(code, {}).get("findings", 0),
            "entities": by_check.get(code, {}).get("entities", 0),
        }
        for code, check in CHECKS.items()
    ]


@require_safe
def readiness_dashboard(request):
    if not can_view_readiness(request.user):
        raise PermissionDenied
    latest = ConformityRun.objects.latest()
    if latest is None or latest.status == RunStatus.FINISHED:
        run = latest
    else:
        run = ConformityRun.objects.current()
    context = {
        "run": run,
        "latest": latest,
        "national": _is_national(request.user),
        "can_start": can_start_conformity_check(request.user),
        "export_ready": server_export() is not None,
        "running": latest is not None
        and latest.status == RunStatus.RUNNING
        and latest.created_at >= timezone.now() - STALE_AFTER,
    }
    if run is not None:
        figures, caisses = _scope_figures(request.user, run.summary)
        entities = EntityReadiness.objects.visible_to(request.user).filter(run=run, ready=False)
        caisse = request.GET.get("caisse", "")
        if context["national"] and caisse in {str(c["id"]) for c in caisses if c["id"]}:
            entities = entities.filter(caisse_id=int(caisse))
        else:
            caisse = ""
        code = request.GET.get("controle", "")
        if code in CheckCode.values:
            entities = entities.filter(counts__has_key=code)
        else:
            code = ""
        entities = entities.select_related("caisse").order_by("name", "pk")
        context |= {
            "figures": figures,
            "caisses": caisses,
            "by_check": _by_check(figures),
            "unattributed": run.summary.get("unattributed_findings", 0)
            if context["national"]
            else None,
            "page": Paginator(entities, PAGE_SIZE).get_page(request.GET.get("page")),
            "caisse": caisse,
            "code": code,
            "checks": CHECKS.values(),
        }
    return render(request, "switchover/readiness_dashboard.html", context)


@require_POST
def readiness_check_start(request):
    """Start the conformity check of the export on the server; the result shows on the page."""
    if not can_start_conformity_check(request.user):
        raise PermissionDenied
    try:
        conformity_check_start(started_by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Contrôle lancé : ses résultats s'affichent sur cette page dès qu'il est terminé "
                "(quelques minutes pour un export national)."
            ),
        )
    return redirect("switchover:readiness")


@require_safe
def readiness_entity(request, legacy_id):
    """One entity's findings, for its caisse (and the national level)."""
    run = _current_run(request)
    if run is None:
        raise Http404
    readiness = get_object_or_404(
        EntityReadiness.objects.visible_to(request.user).select_related("caisse", "entity"),
        run=run,
        legacy_id=legacy_id,
    )
    findings = ConformityFinding.objects.filter(run=run, entity_legacy_id=legacy_id)
    page, code = findings_page(request, run, findings)
    return render(
        request,
        "switchover/readiness_entity.html",
        {
            "run": run,
            "readiness": readiness,
            "checks": check_rows(readiness.counts),
            "page": page,
            "code": code,
        },
    )


def _csv_response(lines, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def readiness_export(request):
    """The readiness CSV of the entities the user may see (the command's ``--csv``)."""
    run = _current_run(request)
    if run is None:
        raise Http404
    rows = readiness_rows(readiness_queryset(run, request.user))
    return _csv_response(
        csv_lines(readiness_header(), rows), f"preparation-bascule-{run.created_at:%Y%m%d}.csv"
    )


@require_safe
def findings_export(request):
    """Every finding the user may see (the command's ``--findings-csv``)."""
    run = _current_run(request)
    if run is None:
        raise Http404
    rows = findings_rows(run, findings_queryset(run, request.user))
    return _csv_response(
        csv_lines(findings_header(), rows), f"anomalies-bascule-{run.created_at:%Y%m%d}.csv"
    )
