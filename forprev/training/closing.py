"""The Forprev 2 flow after preparation: submit to the trainer, trainer's validation, closing.

Closing checks every rule with a French message, then marks the session closed in one
transaction under a row lock: a double click or two people closing at once give one closing.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accreditations.models import Accreditation
from forprev.certificates.services import certificates_issue
from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError
from forprev.core.mail import send_templated_email
from forprev.entities.enums import DelegateRight
from forprev.entities.models import Membership
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


def _link(name: str, session) -> str:
    return settings.FORPREV_SITE_URL + reverse(name, args=[session.public_id])


def trainee_label(person) -> str:
    """How validation messages name a trainee: « Martin Paul »."""
    return f"{person.last_name} {person.first_name}"


def session_closers(entity) -> list:
    """The accounts told that a session of ``entity`` awaits its closing: its manager and the
    delegates holding « clôturer des sessions » (``rules.has_close_right``), active, with an
    e-mail address."""
    memberships = (
        Membership.objects.active()
        .filter(entity=entity, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    return [m.user for m in memberships if m.has_right(DelegateRight.CLOSE_SESSIONS)]


@transaction.atomic
def session_submit(*, session, by) -> TrainingSession:
    """Hand the prepared session to its trainers, who are e-mailed a link to validate it."""
    session = _locked(session)
    if not can_submit_session(by, session):
        raise DomainError(_("Cette session ne peut pas être soumise au formateur."))
    trainees = session.enrolments.count()
    if not trainees:
        raise DomainError(_("Inscrivez au moins un stagiaire avant de soumettre la session."))
    session.status = SessionStatus.SUBMITTED
    session.save(update_fields=["status", "updated_at"])
    trainers = [
        item.trainer
        for item in session.trainers.select_related("trainer").order_by("pk")
        if item.trainer.is_active and item.trainer.email
    ]
    for trainer in trainers:  # one e-mail each: no trainer sees another's address
        send_templated_email(
            to=trainer.email,
            template="training/email/session_submitted",
            context={
                "session": session,
                "trainer": trainer,
                "trainees": trainees,
                "link": _link("training:session_validate", session),
            },
        )
    return session


def validation_errors(enrolments, results: dict) -> dict:
    """What stops the validation, per enrolment public id (str) → French messages naming the
    trainee (« Martin Paul : … »). ``results``: enrolment public id → (identity confirmed,
    result). Every trainee needs a result; a certified trainee needs a checked identity."""
    errors = {}
    for enrolment in enrolments:
        key = str(enrolment.public_id)
        confirmed, result = results.get(key, (False, ""))
        name = trainee_label(enrolment.person)
        if result not in {Result.PASSED, Result.FAILED, Result.ABSENT}:
            errors[key] = [
                _("%(name)s : indiquez un résultat (certifié, non certifié ou absent).")
                % {"name": name}
            ]
        elif result == Result.PASSED and not confirmed:
            errors[key] = [
                _("%(name)s : cochez « Identité vérifiée » avant de certifier.") % {"name": name}
            ]
    return errors


@transaction.atomic
def session_validate(*, session, by, results: dict) -> TrainingSession:
    """``results``: enrolment public id → (identity confirmed, result). Every trainee needs a
    result other than "à renseigner", a certified one a checked identity; the refusal names
    every trainee concerned. The entity's closers are e-mailed once it is validated."""
    session = _locked(session)
    if not can_validate_session(by, session):
        raise DomainError(_("Seul un formateur de la session la valide, une fois soumise."))
    enrolments = list(session.enrolments.select_related("person").order_by("person__last_name"))
    errors = validation_errors(enrolments, results)
    if errors:
        raise DomainError(" ".join(m for messages in errors.values() for m in messages))
    for enrolment in enrolments:
        confirmed, result = results[str(enrolment.public_id)]
        enrolment.result = result
        enrolment.identity_confirmed = confirmed
    Enrolment.objects.bulk_update(enrolments, ["result", "identity_confirmed"])
    session.status = SessionStatus.VALIDATED
    session.save(update_fields=["status", "updated_at"])
    passed = sum(1 for e in enrolments if e.result == Result.PASSED)
    for closer in session_closers(session.entity):
        send_templated_email(
            to=closer.email,
            template="training/email/session_validated",
            context={
                "session": session,
                "trainer": by,
                "passed": passed,
                "trainees": len(enrolments),
                "link": _link("training:session_close", session),
            },
        )
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


def passed_enrolments(session) -> list[Enrolment]:
    """The trainees who receive a certificate when the session closes (those marked passed
    without one yet), in name order: what the closing confirmation announces."""
    already = session.certificates.values("person_id")
    return list(
        session.enrolments.filter(result=Result.PASSED)
        .exclude(person_id__in=already)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )


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
