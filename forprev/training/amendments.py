"""Support's changes to a closed session: date, place or trainers of a level-1 session, or the
dispositif/level declared wrong. Always with a reason, recorded with the values before and after
(and in the audit log), the closing rules checked again on the new data, and the certificates
brought in line in the same transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.certificates.services import certificates_follow
from forprev.core.exceptions import DomainError
from forprev.trainers.issuing import TRAINER_LEVEL, trainer_certificates_follow

from .closing import closing_problems
from .enums import RegularisationKind, RegularisationStatus
from .models import RegularisationRequest, SessionAmendment, SessionTrainer, TrainingSession
from .rules import can_amend_session
from .services import trainers_by_login

SESSION_FIELDS = ("starts_on", "ends_on", "place_address", "place_city")


def _text(value) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


@transaction.atomic
def session_amend(
    *, session, by, reason: str, programme_level, trainer_logins, **fields
) -> SessionAmendment:
    """Change a closed session. ``fields``: any of starts_on, ends_on, place_address, place_city."""
    session = (
        TrainingSession.objects.select_for_update()
        .select_related("programme_level__programme", "entity")
        .get(pk=session.pk)
    )
    if not can_amend_session(by, session):
        raise DomainError(_("Seule l'assistance Forprev modifie une session clôturée."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Indiquez le motif de la modification."), field="reason")
    before_trainers = list(
        session.trainers.select_related("trainer").order_by("trainer__forprev_id")
    )
    trainers = trainers_by_login(trainer_logins)
    changes = {}
    for name in SESSION_FIELDS:
        if name in fields and fields[name] != getattr(session, name):
            changes[name] = [_text(getattr(session, name)), _text(fields[name])]
            setattr(session, name, fields[name])
    old_ids = sorted(t.trainer.forprev_id for t in before_trainers)
    new_ids = sorted(t.forprev_id for t in trainers)
    if old_ids != new_ids:
        changes["trainers"] = [", ".join(old_ids), ", ".join(new_ids)]
    level_changed = programme_level.pk != session.programme_level_id
    if level_changed:
        changes["programme_level"] = [str(session.programme_level), str(programme_level)]
    if not changes:
        raise DomainError(_("Aucune modification : les valeurs sont celles de la session."))
    if (
        set(changes) - {"programme_level"}
        and max(session.programme_level.level, programme_level.level) >= TRAINER_LEVEL
    ):
        raise DomainError(
            _(
                "La date, le lieu et les formateurs ne se modifient après clôture que pour une session de niveau 1 (acteur)."
            )
        )
    session.programme_level = programme_level
    session.full_clean(exclude=["entity", "created_by"])
    session.save()
    if "trainers" in changes:
        session.trainers.all().delete()
        SessionTrainer.objects.bulk_create(
            [SessionTrainer(session=session, trainer=t) for t in trainers]
        )
    today = timezone.localdate()
    problems = closing_problems(session, today=today, waived={"deadline"})
    if problems:
        raise DomainError(" ".join(problems), code="amendment_refused")
    certificates_follow(session=session)
    if level_changed:
        trainer_certificates_follow(session=session, reason=reason)
    regularisation = (
        RegularisationRequest.objects.open_for(session, [RegularisationKind.WRONG_DATA], today)
        .order_by("created_at")
        .first()
    )
    if regularisation is not None:
        regularisation.status = RegularisationStatus.USED
        regularisation.save(update_fields=["status", "updated_at"])
    return SessionAmendment.objects.create(
        session=session, by=by, reason=reason[:2000], changes=changes, regularisation=regularisation
    )
