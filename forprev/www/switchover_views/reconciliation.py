"""The reconciliation reports of the migration (``switchover_migrate``): the runs, one run's
equation file by file (read = migrated + merged + rejected + deferred), by caisse, the entities
with the most rows not taken, and the rows themselves with their reason (page and CSV).

Support and the national level read everything; an instructor reads their caisse's figures and
rows only (the run files each row under the caisse of its entity); anybody else is refused.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.fields.json import KeyTransform
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from forprev.accounts.enums import StaffRole
from forprev.core.forms import DsfrForm
from forprev.switchover.enums import Outcome
from forprev.switchover.legacy.spec import FILES
from forprev.switchover.migration.reasons import REASONS, label_of
from forprev.switchover.migration.report import (
    COUNTS,
    caisse_rows,
    file_rows,
    issue_rows,
    phase_rows,
    reason_rows,
)
from forprev.switchover.migration.rules import can_view_reconciliation
from forprev.switchover.models import MigrationIssue, MigrationRun

PAGE_SIZE = 50
RUNS_PAGE_SIZE = 25
ENTITIES_PAGE_SIZE = 20
ISSUE_FIELDS = (
    "file", "line", "legacy_id", "outcome", "reason", "message", "entity_legacy_id", "caisse_code",
)  # fmt: skip


class IssueFilterForm(DsfrForm):
    fichier = forms.ChoiceField(
        label=_("Fichier"),
        required=False,
        choices=[("", _("Tous"))] + [(spec.name, spec.name) for spec in FILES],
    )
    sort = forms.ChoiceField(
        label=_("Sort de la ligne"), required=False, choices=[("", _("Tous")), *Outcome.choices]
    )
    motif = forms.ChoiceField(
        label=_("Motif"),
        required=False,
        choices=[("", _("Tous"))]
        + sorted(
            ((code, reason.label) for code, reason in REASONS.items()), key=lambda c: str(c[1])
        ),
    )

    def filter(self, issues):
        if not self.is_valid():
            return issues
        data = self.cleaned_data
        if data["fichier"]:
            issues = issues.filter(file=data["fichier"])
        if data["sort"]:
            issues = issues.filter(outcome=data["sort"])
        if data["motif"]:
            issues = issues.filter(reason=data["motif"])
        return issues


def _caisse_code(user) -> str | None:
    """None for a national reader; the code of an instructor's caisse."""
    if user.is_superuser or user.staff_role != StaffRole.INSTRUCTOR:
        return None
    return user.caisse.code if user.caisse_id else ""


def _readable_run(request, public_id) -> MigrationRun:
    if not can_view_reconciliation(request.user):
        raise PermissionDenied
    return get_object_or_404(MigrationRun.objects.visible_to(request.user), public_id=public_id)


@require_safe
def reconciliation_list(request):
    if not can_view_reconciliation(request.user):
        raise PermissionDenied
    code = _caisse_code(request.user)
    totals = KeyTransform("totals", "report")
    if code is not None:
        totals = KeyTransform("totals", KeyTransform(code, KeyTransform("by_caisse", "report")))
    runs = (
        MigrationRun.objects.visible_to(request.user)
        .defer("report")
        .annotate(totals=totals)
        .order_by("-created_at", "-pk")
    )
    page = Paginator(runs, RUNS_PAGE_SIZE).get_page(request.GET.get("page"))
    for run in page:
        run.figures = {key: (run.totals or {}).get(key, 0) for key in COUNTS}
    return render(request, "switchover/reconciliation_list.html", {"page": page, "caisse": code})


@require_safe
def reconciliation_detail(request, public_id):
    run = _readable_run(request, public_id)
    report = run.report or {}
    code = _caisse_code(request.user)
    issues = MigrationIssue.objects.visible_to(request.user).filter(run=run)
    if code is None:
        files, caisses, reasons = file_rows(report), caisse_rows(report), reason_rows(report)
    else:
        caisses = [row for row in caisse_rows(report) if row["code"] == code]
        files = [
            {**row, "balanced": row["read"] == sum(row[k] for k in COUNTS[1:])}
            for row in (caisses[0]["files"] if caisses else [])
        ]
        reasons = _reason_rows(issues)
    entities = sorted(
        (
            {"id": entity_id, **counts}
            for entity_id, counts in report.get("by_entity", {}).items()
            if code is None or counts.get("caisse") == code
        ),
        key=lambda row: (
            -row["rejected"],
            -row["deferred"],
            -row["merged"],
            row["name"],
            row["id"],
        ),
    )
    entities = [row for row in entities if row["rejected"] or row["deferred"] or row["merged"]]
    form = IssueFilterForm(request.GET or None)
    issues = form.filter(issues).order_by("file", "line", "pk")
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    for issue in page:
        issue.reason_label = label_of(issue.reason)
    return render(
        request,
        "switchover/reconciliation_detail.html",
        {
            "run": run,
            "export_date": report.get("export_date"),
            "seconds": report.get("seconds"),
            "errors": report.get("errors", []),
            "caisse": code,
            "files": files,
            "caisses": caisses,
            "phases": phase_rows(report),
            "reasons": reasons,
            "entities": Paginator(entities, ENTITIES_PAGE_SIZE).get_page(
                request.GET.get("entites")
            ),
            "form": form,
            "page": page,
            "national": code is None,
        },
    )


def _reason_rows(issues) -> list[dict]:
    """The reasons of the rows a reader may see, counted in the database."""
    labels = dict(Outcome.choices)
    return [
        {"code": reason, "label": label_of(reason), "outcome": labels.get(outcome), "count": count}
        for outcome, reason, count in issues.values_list("outcome", "reason")
        .annotate(count=Count("id"))
        .order_by("outcome", "reason")
    ]


@require_safe
def reconciliation_issues_csv(request, public_id):
    run = _readable_run(request, public_id)
    issues = IssueFilterForm(request.GET or None).filter(
        MigrationIssue.objects.visible_to(request.user).filter(run=run)
    )
    rows = issues.order_by("file", "line", "pk").values_list(*ISSUE_FIELDS)
    response = StreamingHttpResponse(
        issue_rows(rows.iterator(chunk_size=2_000)), content_type="text/csv; charset=utf-8"
    )
    day = run.created_at.strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="rapprochement-{day}-lignes.csv"'
    return response
