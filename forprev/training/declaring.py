"""What an entity may declare: the dispositifs and levels it is habilitated for on a session's
dates, and the trainers of its équipe pédagogique with the validity of their trainer
certificates. Read-only over habilitations and trainers (their apps own the writes)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forprev.accounts.models import User
from forprev.accreditations.enums import AccreditationStatus
from forprev.accreditations.models import Accreditation
from forprev.certificates.models import CertificateState, certificate_state_on
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.models import TeamMembership, TrainerCertificate


def declarable_accreditations(entity):
    """The entity's habilitations that a session may rest on: active (neither suspended nor
    withdrawn), whatever their dates — the session's dates are checked against them."""
    return Accreditation.objects.filter(
        entity=entity,
        status=AccreditationStatus.ACTIVE,
        programme_level__delivered_by_inrs=False,
    )


def has_habilitation(entity) -> bool:
    """Whether the entity holds any habilitation to declare sessions on (no « Déclarer une
    session » button otherwise)."""
    return declarable_accreditations(entity).exists()


def habilitation_periods(entity) -> dict[int, list[tuple[date, date]]]:
    """programme level id → the (first day, last day) of each of the entity's active
    habilitations for it, earliest first."""
    periods: dict[int, list[tuple[date, date]]] = {}
    rows = (
        declarable_accreditations(entity)
        .order_by("starts_on")
        .values_list("programme_level_id", "starts_on", "expires_on")
    )
    for level_id, starts_on, expires_on in rows:
        periods.setdefault(level_id, []).append((starts_on, expires_on))
    return periods


def declarable_levels(entity):
    """The levels the entity holds an active habilitation for (the form's choices)."""
    return (
        ProgrammeLevel.objects.filter(
            pk__in=declarable_accreditations(entity).values("programme_level")
        )
        .select_related("programme")
        .order_by("programme__code", "level")
    )


def covers(periods: list[tuple[date, date]], starts_on: date, ends_on: date) -> bool:
    """Whether the periods, end to end, hold every day from ``starts_on`` to ``ends_on`` (a
    renewal taking over the day after the previous habilitation's échéance counts)."""
    day = starts_on
    for first, last in sorted(periods):
        if first <= day <= last:
            day = last + timedelta(days=1)
            if day > ends_on:
                return True
    return False


def is_habilitated(entity, level, starts_on: date, ends_on: date) -> bool:
    return covers(habilitation_periods(entity).get(level.pk, []), starts_on, ends_on)


def not_habilitated_message(level, periods, starts_on: date, ends_on: date) -> str:
    """The French refusal for a level the entity is not habilitated for on those dates."""
    message = _(
        "Votre entité n'est pas habilitée pour %(level)s chaque jour du %(first)s au %(last)s."
    ) % {"level": level, "first": _day(starts_on), "last": _day(ends_on)}
    if periods:
        message += " " + _("Habilitation : %(periods)s.") % {"periods": periods_label(periods)}
    return message


def _day(day: date) -> str:
    return date_format(day, "d/m/Y")


def periods_label(periods) -> str:
    return ", ".join(
        _("du %(first)s au %(last)s") % {"first": _day(first), "last": _day(last)}
        for first, last in periods
    )


@dataclass(frozen=True)
class TeamTrainer:
    """A trainer of the team as the declaration form offers them."""

    user: User
    certificates: list[str]  # « SST niveau 2 : certificat valable jusqu'au … » per level


def team_trainers(entity):
    """The accounts an entity may name as trainers of its sessions: the active members of its
    équipe pédagogique (people who accepted its invitation), active and not staff."""
    return User.objects.filter(
        is_active=True,
        staff_role="",
        pk__in=TeamMembership.objects.active().filter(entity=entity).values("trainer"),
    )


def certificate_state(certificate, today: date) -> str:
    """« certificat valable jusqu'au 12/03/2027 », « certificat valable sans limite »,
    « certificat expiré » or « certificat révoqué »."""
    state = certificate_state_on(
        today, revoked=certificate.revoked_at is not None, valid_until=certificate.valid_until
    )
    if state == CertificateState.REVOKED:
        return _("certificat révoqué")
    if state == CertificateState.EXPIRED:
        return _("certificat expiré")
    if certificate.issued_on > today:
        return _("certificat valable à partir du %(day)s") % {"day": _day(certificate.issued_on)}
    if certificate.valid_until is None:
        return _("certificat valable sans limite de durée")
    return _("certificat valable jusqu'au %(day)s") % {"day": _day(certificate.valid_until)}


def team_with_certificates(entity, *, today: date | None = None) -> list[TeamTrainer]:
    """The team's trainers by name, each with the state of their best trainer certificate per
    dispositif and level (two queries whatever the team's size)."""
    today = today or timezone.localdate()
    trainers = list(team_trainers(entity).order_by("last_name", "first_name", "pk"))
    best: dict[tuple[int, int], TrainerCertificate] = {}
    certificates = TrainerCertificate.objects.filter(
        holder__in=[t.pk for t in trainers]
    ).select_related("programme_level__programme")
    for certificate in certificates:
        key = (certificate.holder_id, certificate.programme_level_id)
        if key not in best or _rank(certificate, today) > _rank(best[key], today):
            best[key] = certificate
    by_holder: dict[int, list[str]] = {}
    for (holder_id, _level_id), certificate in sorted(
        best.items(),
        key=lambda item: (
            item[1].programme_level.programme.code,
            item[1].programme_level.level,
        ),
    ):
        level = certificate.programme_level
        by_holder.setdefault(holder_id, []).append(
            _("%(programme)s niveau %(level)d : %(state)s")
            % {
                "programme": level.programme.code,
                "level": level.level,
                "state": certificate_state(certificate, today),
            }
        )
    return [TeamTrainer(user=t, certificates=by_holder.get(t.pk, [])) for t in trainers]


def _rank(certificate, today: date) -> tuple:
    """Valid today first, then the latest end of validity."""
    return (
        certificate.is_valid_on(today),
        certificate.revoked_at is None,
        certificate.valid_until or date.max,
    )
