"""A handler's queue page: pending requests first, newest first, with the total, the pending
count and the oldest pending date counted in one query."""

from django.core.paginator import Paginator
from django.db.models import Case, Count, Min, Value, When


def pending_first_page(requests, pending, page_number, page_size):
    """``pending``: the ``Q`` of the requests still waiting. Returns (page, summary)."""
    summary = requests.aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=pending),
        oldest_pending=Min("created_at", filter=pending),
    )
    pending_first = Case(When(pending, then=Value(0)), default=Value(1))
    paginator = Paginator(requests.order_by(pending_first, "-created_at", "-pk"), page_size)
    paginator.count = summary["total"]  # counted above, with the pending ones
    return paginator.get_page(page_number), summary
