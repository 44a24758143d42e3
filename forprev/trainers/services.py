"""Writes on trainers teams and trainer certificates."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accounts.models import User
from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError
from forprev.entities.services import person_invite

from .enums import CertificateSource
from .models import TeamMembership, TrainerCertificate
from .rules import can_manage_team, can_record_trainer_certificate


@transaction.atomic
def team_add_trainer(
    *, entity, by, login: str, first_name: str = "", last_name: str = ""
) -> TeamMembership:
    """Référencer un formateur: by numéro Forprev or e-mail; invited by e-mail without account."""
    if not can_manage_team(by, entity):
        raise DomainError(_("Vous n'avez pas le droit de gérer l'équipe pédagogique."))
    login = (login or "").strip()
    trainer = User.objects.with_login(login).first()
    if trainer is None:
        if "@" not in login:
            raise DomainError(
                _(
                    "Aucun compte ne porte ce numéro Forprev. Pour inviter un formateur sans compte, saisissez son adresse électronique."
                ),
                field="login",
            )
        if not first_name.strip() or not last_name.strip():
            raise DomainError(
                _(
                    "Ce formateur n'a pas encore de compte : indiquez ses nom et prénom pour l'inviter."
                ),
                field="last_name",
            )
        trainer = person_invite(
            email=login,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            entity=entity,
            by=by,
            role_label=_("formateur ou formatrice de son équipe pédagogique"),
        )
    if trainer.staff_role or not trainer.is_active:
        raise DomainError(
            _("Ce compte ne peut pas être ajouté à une équipe pédagogique."), field="login"
        )
    if TeamMembership.objects.active().filter(entity=entity, trainer=trainer).exists():
        raise DomainError(_("Ce formateur fait déjà partie de l'équipe."), field="login")
    return TeamMembership.objects.create(entity=entity, trainer=trainer, added_by=by)


@transaction.atomic
def team_remove_trainer(*, membership: TeamMembership, by) -> TeamMembership:
    if not can_manage_team(by, membership.entity):
        raise DomainError(_("Vous n'avez pas le droit de gérer l'équipe pédagogique."))
    membership.removed_at = timezone.now()
    membership.save(update_fields=["removed_at", "updated_at"])
    return membership


def validity_end(programme_level, issued_on: date) -> date | None:
    months = programme_level.certificate_validity_months
    return add_months(issued_on, months) - timedelta(days=1) if months else None


@transaction.atomic
def trainer_certificate_record(
    *, holder, programme_level, issued_on: date, by
) -> TrainerCertificate:
    """Record a trainer certificate obtained outside Forprev; validity from the référentiel."""
    if not can_record_trainer_certificate(by):
        raise DomainError(
            _("Seules l'assistance et l'administration nationale enregistrent un certificat.")
        )
    if programme_level.level < 2:
        raise DomainError(
            _("Un certificat de formateur porte sur le niveau 2 ou 3."), field="programme_level"
        )
    if issued_on > timezone.localdate():
        raise DomainError(
            _("La date de délivrance ne peut pas être dans le futur."), field="issued_on"
        )
    certificate = TrainerCertificate(
        holder=holder,
        programme_level=programme_level,
        issued_on=issued_on,
        valid_until=validity_end(programme_level, issued_on),
        source=CertificateSource.RECORDED,
        recorded_by=by,
    )
    certificate.full_clean()
    certificate.save()
    return certificate
