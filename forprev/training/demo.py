"""Demo sessions: one being prepared, one submitted to the trainer, one closed. Idempotent."""

from datetime import date, timedelta

from django.utils import timezone

from forprev.accounts.models import User
from forprev.certificates.services import certificates_issue
from forprev.entities.models import Entity
from forprev.people.models import Person
from forprev.referentials.models import ProgrammeLevel

from .enums import Result, SessionKind, SessionStatus
from .models import Enrolment, SessionTrainer, TrainingSession

TRAINEES = [
    ("Moreau", "Inès", date(1994, 5, 12)),
    ("Girard", "Lucas", date(1988, 11, 3)),
    ("Benali", "Yasmine", date(1999, 2, 27)),
    ("Le Goff", "Erwan", date(1976, 8, 19)),
    ("Da Costa", "Ana", date(2001, 6, 30)),
    ("Petitjean", "Hugo", date(1990, 1, 8)),
]

SESSIONS = [
    # status, days from today (first day), length in days, results
    (SessionStatus.DRAFT, 20, 2, None),
    (SessionStatus.SUBMITTED, -5, 2, None),
    (SessionStatus.CLOSED, -40, 2, Result.PASSED),
]


def load_training_demo() -> int:
    entity = Entity.objects.filter(name="FORMASUD PREVENTION").first()
    trainer = User.objects.filter(email="trainer@demo.forprev.fr").first()
    if entity is None or trainer is None or entity.sessions.exists():
        return 0
    manager = entity.memberships.filter(role="manager").first().user
    level = ProgrammeLevel.objects.get(programme__code="SST", level=1)
    people = [
        Person.objects.get_or_create(
            last_name=last, first_name=first, birth_date=born, defaults={"email": ""}
        )[0]
        for last, first, born in TRAINEES
    ]
    today = timezone.localdate()
    for status, offset, length, result in SESSIONS:
        starts_on = today + timedelta(days=offset)
        session = TrainingSession.objects.create(
            entity=entity,
            programme_level=level,
            kind=SessionKind.INITIAL,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=length - 1),
            place_address="27 boulevard Michelet",
            place_city="Marseille",
            capacity=10,
            status=status,
            created_by=manager,
        )
        SessionTrainer.objects.create(session=session, trainer=trainer)
        for person in people:
            Enrolment.objects.create(
                session=session,
                person=person,
                result=result or Result.PENDING,
                identity_confirmed=bool(result),
            )
        if status == SessionStatus.CLOSED:
            certificates_issue(session=session)
    return len(SESSIONS)
