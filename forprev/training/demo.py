"""Demo sessions in every state: prepared, submitted to the trainer, validated (ready to close),
validated but past the closing deadline with a regularisation request waiting for the caisse,
closed (one certificate revoked, the place corrected by support) and closed long ago (expired
certificates); a « stagiaire introuvable » request waiting for the caisse. Idempotent."""

from datetime import date, timedelta

from django.utils import timezone

from forprev.accounts.models import User
from forprev.certificates.services import certificates_issue
from forprev.entities.models import Entity
from forprev.people.models import Person
from forprev.people.requests import PersonRequest, PersonRequestKind
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.models import TeamMembership

from .enums import RegularisationKind, Result, SessionKind, SessionStatus
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
    (SessionStatus.VALIDATED, -3, 2, Result.PASSED),
    (SessionStatus.VALIDATED, -130, 2, Result.PASSED),
    (SessionStatus.CLOSED, -40, 2, Result.PASSED),
    (SessionStatus.CLOSED, -800, 2, Result.PASSED),
]


def _after_closing(entity, manager, sessions) -> None:
    """The regularisation asked for the late session, a revoked certificate, support's change."""
    from forprev.certificates.services import certificate_revoke

    from .amendments import session_amend
    from .regularisations import regularisation_request

    late = sessions[3]
    regularisation_request(
        entity=entity,
        by=manager,
        kind=RegularisationKind.LATE_CLOSING,
        explanation="Le formateur a validé la session avec retard (arrêt maladie).",
        session=late,
    )
    support = User.objects.filter(email="support@demo.forprev.fr").first()
    closed = sessions[4]
    if support is None:
        return
    certificate_revoke(
        certificate=closed.certificates.order_by("person__last_name").first(),
        by=support,
        reason="Stagiaire absent le second jour : certificat délivré par erreur.",
    )
    session_amend(
        session=closed,
        by=support,
        reason="Lieu mal saisi par l'entité (demande du 12 du mois).",
        programme_level=closed.programme_level,
        trainer_logins=[t.trainer.forprev_id for t in closed.trainers.select_related("trainer")],
        starts_on=closed.starts_on,
        ends_on=closed.ends_on,
        place_address="Salle Massalia, 12 rue Sainte",
        place_city="Marseille",
    )


def _person_request(entity, manager, session) -> None:
    """A « stagiaire introuvable » waiting for the caisse (a to-do of the instructor's and
    support's homes)."""
    PersonRequest.objects.create(
        entity=entity,
        session=session,
        kind=PersonRequestKind.NOT_FOUND,
        last_name="Fontaine",
        first_name="Mathis",
        birth_date=date(1997, 9, 14),
        explanation="Titulaire d'un certificat SST de 2023 introuvable dans Forprev.",
        requested_by=manager,
    )


def load_training_demo() -> int:
    entity = Entity.objects.filter(name="FORMASUD PREVENTION").first()
    # The sessions' trainer is a member of the entity's équipe pédagogique (trainers demo), as
    # the session form requires: without it, no demo session.
    trainer = User.objects.filter(
        email="trainer@demo.forprev.fr",
        pk__in=TeamMembership.objects.active().filter(entity=entity).values("trainer"),
    ).first()
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
    sessions = []
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
            # The session being prepared is open to other companies and published.
            is_inter=status == SessionStatus.DRAFT,
            is_public=status == SessionStatus.DRAFT,
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
        sessions.append(session)
    _after_closing(entity, manager, sessions)
    _person_request(entity, manager, sessions[0])
    return len(SESSIONS)
