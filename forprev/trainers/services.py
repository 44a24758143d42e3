"""Writes on trainers teams and trainer certificates."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError
from forprev.entities.enums import InvitationKind
from forprev.entities.invitations import (
    invitation_accepting,
    invitation_create,
    invitation_mark_accepted,
)
from forprev.entities.models import Invitation

from .enums import CertificateSource
from .models import TeamMembership, TrainerCertificate
from .rules import can_manage_team, can_record_trainer_certificate


@transaction.atomic
def team_invite_trainer(*, entity, by, identifier: str) -> Invitation:
    """Référencer un formateur: invite whoever the numéro Forprev or e-mail names. Nobody joins
    the team (nor shows their name or certificates) before accepting (entities.invitations)."""
    if not can_manage_team(by, entity):
        raise DomainError(_("Vous n'avez pas le droit de gérer l'équipe pédagogique."))
    return invitation_create(
        entity=entity, by=by, kind=InvitationKind.TRAINER, identifier=identifier
    )


@transaction.atomic
def team_invitation_accept(*, invitation: Invitation, user) -> TeamMembership:
    """The invitee accepts to join the équipe pédagogique; already in it, nothing changes."""
    invitation = invitation_accepting(invitation, user)
    if invitation.kind != InvitationKind.TRAINER:
        raise DomainError(_("Cette invitation ne porte pas sur l'équipe pédagogique."))
    membership = (
        TeamMembership.objects.active().filter(entity=invitation.entity, trainer=user).first()
    )
    if membership is None:
        membership = TeamMembership(
            entity=invitation.entity, trainer=user, added_by=invitation.invited_by
        )
        membership.full_clean()
        membership.save()
    invitation_mark_accepted(invitation, user)
    return membership


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
