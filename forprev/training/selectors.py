"""Read-side queries of sessions: the public list of inter-company sessions open for
enrolment, and the people a user may enrol by hand."""

from datetime import date

from django.db.models import Count, F, QuerySet

from forprev.people.search import enrolment_candidates

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
    """Read for the "add a trainee" page: the people ``user`` may see who may be the one typed
    in (``people.search.enrolment_candidates``: close for the duplicate engine — typos, swapped
    names, day and month swapped — or born on ``birth_date`` with names starting as typed), close
    ones first, each flagged ``is_close`` and ``is_enrolled`` in ``session``. Three queries at
    most; at most ``limit + 1`` people, so that the caller can say there are more."""
    matches = enrolment_candidates(
        user, last_name=last_name, first_name=first_name, birth_date=birth_date
    )[: limit + 1]
    enrolled = set(
        Enrolment.objects.filter(
            session=session, person__in=[m.person.pk for m in matches]
        ).values_list("person_id", flat=True)
        if matches
        else ()
    )
    people = []
    for match in matches:
        match.person.is_close = match.is_close
        match.person.is_enrolled = match.person.pk in enrolled
        people.append(match.person)
    return people
