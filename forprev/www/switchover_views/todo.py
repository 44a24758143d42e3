"""The manager's to-do list before the switch: the findings of the active entity in the current
conformity run, grouped by check — what, about whom, where to fix it, by when."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from forprev.switchover.checks.catalogue import CHECKS, when_text
from forprev.switchover.checks.rules import can_view_todo_list
from forprev.switchover.enums import CheckCode
from forprev.switchover.models import ConformityFinding, ConformityRun, EntityReadiness

PAGE_SIZE = 50


def findings_page(request, run, findings):
    """One page of ``findings`` in the catalogue's order of checks (what blocks first), each with
    its check and « by when »; the ``controle`` parameter keeps one check."""
    code = request.GET.get("controle", "")
    if code in CheckCode.values:
        findings = findings.filter(check_code=code)
    else:
        code = ""
    in_catalogue_order = Case(
        *[When(check_code=code, then=Value(n)) for n, code in enumerate(CHECKS)],
        default=Value(len(CHECKS)),
    )
    findings = findings.order_by(in_catalogue_order, "-blocking", "file", "line", "pk")
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    for finding in page:
        finding.check = CHECKS[finding.check_code]
        finding.when = when_text(finding.check_code, run.due_on, finding.blocking)
    return page, code


def check_rows(counts: dict) -> list[dict]:
    """The entity's counts by check, in the catalogue's order."""
    return [
        {"check": check, "count": counts[code]}
        for code, check in CHECKS.items()
        if counts.get(code)
    ]


@require_safe
def todo_list(request):
    role = request.role
    if role.needs_entity_choice:
        return redirect("dashboard:choose_entity")
    membership = role.active_membership
    if not can_view_todo_list(request.user, membership):
        raise PermissionDenied
    entity = membership.entity
    run = ConformityRun.objects.current()
    context = {"entity": entity, "run": run}
    if run is not None:
        readiness = list(
            EntityReadiness.objects.visible_to(request.user).filter(run=run, entity=entity)
        )
        counts: dict[str, int] = {}
        for row in readiness:
            for code, number in row.counts.items():
                counts[code] = counts.get(code, 0) + number
        findings = ConformityFinding.objects.visible_to(request.user).filter(run=run, entity=entity)
        page, code = findings_page(request, run, findings)
        context |= {
            "readiness": readiness,
            "blocking": sum(row.blocking for row in readiness),
            "warnings": sum(row.warnings for row in readiness),
            "checks": check_rows(counts),
            "page": page,
            "code": code,
        }
    return render(request, "switchover/todo_list.html", context)
