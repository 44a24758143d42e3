"""Read-side queries of sessions shown outside the entity: the public list of inter-company
sessions open for enrolment."""

from datetime import date

from django.db.models import Count, F, QuerySet

from .enums import SessionStatus
from .models import TrainingSession


def published_sessions(
    *, day: date, programme_code: str = "", department_code: str = ""
) -> QuerySet[TrainingSession]:
    """Inter-company sessions their entity published, starting on ``day`` or later and not yet
    closed, soonest first, with the number of places left."""
    sessions = TrainingSession.objects.filter(
        is_public=True, is_inter=True, starts_on__gte=day
    ).exclude(status=SessionStatus.CLOSED)
    if programme_code:
        sessions = sessions.filter(programme_level__programme__code=programme_code)
    if department_code:
        sessions = sessions.filter(entity__department__code=department_code)
    return (
        sessions.select_related("entity__department", "programme_level__programme")
        .annotate(places_left=F("capacity") - Count("enrolments"))
        .order_by("starts_on", "pk")
    )
