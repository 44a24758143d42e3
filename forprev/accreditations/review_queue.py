"""The caisse's queue of applications: filters, counts by state, oldest first."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from .enums import RequestStatus
from .models import AccreditationRequest


def queue_for(user, filters: dict | None = None):
    """Applications the user may see, drafts excluded for staff, filtered, oldest first."""
    requests = AccreditationRequest.objects.visible_to(user).select_related("entity", "reviewer")
    if user.staff_role:
        requests = requests.exclude(status=RequestStatus.DRAFT)
    filters = filters or {}
    if filters.get("status"):
        requests = requests.filter(status=filters["status"])
    if filters.get("kind"):
        requests = requests.filter(kind=filters["kind"])
    if filters.get("programme"):
        requests = requests.filter(
            items__programme_level__programme=filters["programme"]
        ).distinct()
    if filters.get("assignee") == "me":
        requests = requests.filter(reviewer=user)
    elif filters.get("assignee") == "none":
        requests = requests.filter(reviewer__isnull=True)
    if filters.get("older_than_days") is not None:
        limit = timezone.now() - timedelta(days=filters["older_than_days"])
        requests = requests.filter(transmitted_at__lte=limit)
    return requests.order_by("transmitted_at", "created_at", "pk")


def counts_by_status(requests) -> dict[str, int]:
    rows = requests.order_by().values("status").annotate(n=Count("pk", distinct=True))
    return {row["status"]: row["n"] for row in rows}
