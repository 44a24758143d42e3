"""Read-side queries of sessions: the public list of inter-company sessions open for
enrolment, and the people a user may enrol by hand."""

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, QuerySet

from forprev.people.models import Person, fold_name

from .enums import SessionStatus
from .models import Enrolment, TrainingSession

CANDIDATES_LIMIT = 50


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


def trainee_candidates(*, user, session, last_name, first_name, birth_date, limit=CANDIDATES_LIMIT):
    """Read for the "add a trainee" page: the people ``user`` may see born on ``birth_date``
    whose folded last name (and first name, when given) starts as typed, each flagged
    ``is_enrolled`` in ``session``. One query; at most ``limit + 1`` rows, so that the
    caller can say there are more."""
    people = Person.objects.visible_to(user).filter(
        birth_date=birth_date, name_key__startswith=fold_name(last_name)
    )
    if fold_name(first_name):
        # The key is « nom|prénom »: the first name starts right after the bar.
        people = people.filter(name_key__contains=f"|{fold_name(first_name)}")
    return list(
        people.annotate(
            is_enrolled=Exists(Enrolment.objects.filter(session=session, person=OuterRef("pk")))
        )
        .only("public_id", "forprev_id", "last_name", "first_name", "birth_date")
        .order_by("last_name", "first_name", "pk")[: limit + 1]
    )
