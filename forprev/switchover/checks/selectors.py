"""Reads of the conformity results for the pages: the current run, an entity's to-do figures."""

from django.db.models import Max, Subquery, Sum

from forprev.switchover.models import ConformityRun, EntityReadiness


def current_run_id():
    """The current run's pk as a subquery (no query of its own)."""
    return Subquery(
        ConformityRun.objects.finished().order_by("-created_at", "-pk").values("pk")[:1]
    )


def todo_summary(entity) -> dict | None:
    """In one query: how many blocking findings and warnings ``entity`` has in the current run,
    and by when they are due; ``None`` when it has none (or no run matched it)."""
    figures = EntityReadiness.objects.filter(entity=entity, run_id=current_run_id()).aggregate(
        blocking=Sum("blocking"), warnings=Sum("warnings"), due_on=Max("run__due_on")
    )
    if not (figures["blocking"] or figures["warnings"]):
        return None
    return figures
