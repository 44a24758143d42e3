"""The Forprev 2 flow after preparation: submit to the trainer, trainer's validation, closing.

Closing checks every rule with a French message, then marks the session closed in one
transaction under a row lock: a double click or two people closing at once give one closing.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accreditations.models import Accreditation
from forprev.certificates.services import certificates_issue
from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError
from forprev.trainers.issuing import trainer_certificates_issue
from forprev.trainers.models import TrainerCertificate

from .enums import RegularisationKind, RegularisationStatus, Result, SessionStatus
from .models import Enrolment, RegularisationRequest, TrainingSession
from .rules import can_close_session, can_submit_session, can_validate_session


def _locked(session) -> TrainingSession:
    return (
        TrainingSession.objects.select_for_update()
        .select_related("programme_level__programme", "entity")
        .get(pk=session.pk)
    )


@transaction.atomic
def session_submit(*, session, by) -> TrainingSession:
    session = _locked(session)
    if not can_submit_session(by, session):
        raise DomainError(_("Cette session ne peut pas être soumise au formateur."))
    if not session.enrolments.exists():
        raise DomainError(_("Inscrivez au moins un stagiaire avant de soumettre la session."))
    session.status = SessionStatus.SUBMITTED
    session.save(update_fields=["status", "updated_at"])
    return session


@transaction.atomic
def session_validate(*, session, by, results: dict) -> TrainingSession:
    """``results``: enrolment public id → (identity confirmed, result). Every trainee needs a
    result other than "à renseigner"."""
    session = _locked(session)
    if not can_validate_session(by, session):
        raise DomainError(_("Seul un formateur de la session la valide, une fois soumise."))
    enrolments = list(session.enrolments.all())
    missing = [e for e in enrolments if str(e.public_id) not in results]
    if missing:
        raise DomainError(_("Renseignez le résultat de chaque stagiaire."))
    for enrolment in enrolments:
        confirmed, result = results[str(enrolment.public_id)]
        if result not in {Result.PASSED, Result.FAILED, Result.ABSENT}:
            raise DomainError(_("Renseignez le résultat de chaque stagiaire."))
        if result == Result.PASSED and not confirmed:
            raise DomainError(
                _("Vérifiez l'identité de chaque stagiaire certifié avant de valider.")
            )
        enrolment.result = result
        enrolment.identity_confirmed = confirmed
    Enrolment.objects.bulk_update(enrolments, ["result", "identity_confirmed"])
    session.status = SessionStatus.VALIDATED
    session.save(update_fields=["status", "updated_at"])
    return session


# Rules an authorised regularisation lifts, by kind of request.
WAIVERS = {
    RegularisationKind.LATE_CLOSING: {"deadline"},
    RegularisationKind.FORGOTTEN_SESSION: {"deadline"},
    RegularisationKind.EXPIRED_ACCREDITATION: {"accreditation", "deadline"},
}


def closing_deadline(ends_on):
    return add_months(ends_on, getattr(settings, "FORPREV_CLOSING_DEADLINE_MONTHS", 3))


def open_waivers(session, *, today) -> set[str]:
    """The rules lifted for this session by the caisse's authorised, still open requests."""
    kinds = RegularisationRequest.objects.open_for(session, WAIVERS, today).values_list(
        "kind", flat=True
    )
    return {rule for kind in kinds for rule in WAIVERS[kind]}


def closing_problems(session, *, today, waived=frozenset()) -> list[str]:
    """Every rule closing checks, as French messages (empty list: the session may close).
    ``waived`` names the rules a regularisation lifted ("deadline", "accreditation")."""
    problems = []
    level = session.programme_level
    if session.ends_on > today:
        problems.append(
            _("La session n'est pas terminée : elle se clôture après son dernier jour.")
        )
    deadline_months = getattr(settings, "FORPREV_CLOSING_DEADLINE_MONTHS", 3)
    if "deadline" not in waived and today > closing_deadline(session.ends_on):
        problems.append(
            _(
                "Le délai de clôture (%(months)d mois après le dernier jour) est dépassé : demandez une régularisation à votre caisse."
            )
            % {"months": deadline_months}
        )
    days = [
        session.starts_on + timedelta(days=n)
        for n in range((session.ends_on - session.starts_on).days + 1)
    ]
    accreditations = list(
        Accreditation.objects.filter(entity=session.entity, programme_level=level, status="active")
    )
    covered = all(any(a.starts_on <= day <= a.expires_on for a in accreditations) for day in days)
    if "accreditation" not in waived and not covered:
        problems.append(
            _("L'entité n'était pas habilitée pour %(level)s chaque jour de la session.")
            % {"level": level}
        )
    trainer_level = level.programme.levels.filter(level=level.level + 1).first()
    for item in session.trainers.select_related("trainer"):
        certificates = TrainerCertificate.objects.filter(
            holder=item.trainer,
            programme_level__programme=level.programme,
            programme_level__level__gt=level.level,
            revoked_at__isnull=True,
        )
        valid_every_day = all(any(c.is_valid_on(day) for c in certificates) for day in days)
        if trainer_level is not None and not valid_every_day:
            problems.append(
                _(
                    "%(name)s n'avait pas de certificat de formateur valide pour ce dispositif pendant la session."
                )
                % {"name": item.trainer.full_name}
            )
    count = session.enrolments.exclude(result=Result.ABSENT).count()
    if level.min_trainees and count < level.min_trainees:
        problems.append(
            _("%(count)d stagiaires présents : le dispositif en demande au moins %(min)d.")
            % {"count": count, "min": level.min_trainees}
        )
    if level.max_trainees and count > level.max_trainees:
        problems.append(
            _("%(count)d stagiaires présents : le dispositif en admet au plus %(max)d par session.")
            % {"count": count, "max": level.max_trainees}
        )
    return problems


@transaction.atomic
def session_close(*, session, by) -> TrainingSession:
    """Close once: the row lock makes a second, concurrent closing see the closed state.
    The returned session's ``closed_now`` says whether this call closed it."""
    session = _locked(session)
    if session.status == SessionStatus.CLOSED:
        session.closed_now = False
        return session  # idempotent: a double click changes nothing
    if not can_close_session(by, session):
        raise DomainError(_("Cette session ne peut pas être clôturée par vous à ce stade."))
    today = timezone.localdate()
    waived = open_waivers(session, today=today)
    problems = closing_problems(session, today=today, waived=waived)
    if problems:
        raise DomainError(" ".join(problems), code="closing_refused")
    session.status = SessionStatus.CLOSED
    session.save(update_fields=["status", "updated_at"])
    certificates_issue(session=session)
    trainer_certificates_issue(session=session)
    if waived:
        RegularisationRequest.objects.open_for(session, WAIVERS, today).update(
            status=RegularisationStatus.USED, updated_at=timezone.now()
        )
    session.closed_now = True
    return session
