"""Support's changes to a closed session: date, place or trainers of a level-1 session, or the
dispositif/level declared wrong. Always with a reason, recorded with the values before and after
(and in the audit log), the closing rules checked again on the new data, and the certificates
brought in line in the same transaction.

Trainers support may name: the session's own trainers (kept even if they have left the team
since) and anyone who is or was in the entity's équipe pédagogique (a past session may have been
given by someone who has left since). Nobody else — support sees every account, but the entity
then sees the session's trainers' names, and the person never agreed to work with it; a support
ticket must not attach a stranger nor launder a name look-up (docs/security/invitations.md).
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accounts.models import User
from forprev.certificates.services import certificates_follow
from forprev.core.exceptions import DomainError
from forprev.trainers.issuing import TRAINER_LEVEL, trainer_certificates_follow
from forprev.trainers.models import TeamMembership

from .closing import closing_problems
from .enums import RegularisationKind, RegularisationStatus
from .models import RegularisationRequest, SessionAmendment, SessionTrainer, TrainingSession
from .rules import can_amend_session
from .services import trainers_by_login

SESSION_FIELDS = ("starts_on", "ends_on", "place_address", "place_city")


def amendable_trainers(session):
    """Who support may name as the trainers of a closed session: its own trainers, kept as they
    are, and the members, present or past, of its entity's équipe pédagogique (active accounts,
    never staff)."""
    team = TeamMembership.objects.filter(entity=session.entity_id).values("trainer")
    return User.objects.filter(
        Q(pk__in=session.trainers.values("trainer")) | Q(pk__in=team, is_active=True, staff_role="")
    )


def not_in_team_error(login: str) -> DomainError:
    """The one refusal for any other numéro, whether an account bears it or not."""
    return DomainError(
        _(
            "Aucun formateur de l'équipe pédagogique de l'entité (actuelle ou passée) ne porte le "
            "numéro Forprev « %(login)s » : l'entité doit d'abord l'inviter dans son équipe "
            "pédagogique."
        )
        % {"login": login},
        code="not_in_team",
        field="trainers",
    )


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
    trainers = trainers_by_login(
        trainer_logins, among=amendable_trainers(session), refusal=not_in_team_error
    )
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
