from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.accounts.models import User
from forprev.core.exceptions import DomainError
from forprev.entities.enums import InvitationKind
from forprev.trainers import rules, services
from forprev.trainers.forms import CertificateRecordForm, TeamInviteForm
from forprev.trainers.models import TeamMembership, TrainerCertificate
from forprev.www.entities_views.invitations import (
    invitation_sent_message,
    invite,
    pending_invitations,
)

# How many of the latest sessions and trained people the trainer's space lists.
RECENT = 20


def _valid_certificates():
    return TrainerCertificate.objects.valid_on(timezone.localdate()).select_related(
        "programme_level__programme"
    )


@require_http_methods(["GET", "POST"])
def team_list(request):
    """The équipe pédagogique of the active entity, with each trainer's valid certificates."""
    entity = request.role.entity
    if entity is None:
        raise PermissionDenied
    can_manage = rules.can_manage_team(request.user, entity)
    form = TeamInviteForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation = invite(
                    request,
                    entity=entity,
                    kind=InvitationKind.TRAINER,
                    identifier=form.cleaned_data["identifier"],
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, invitation_sent_message(invitation))
                return redirect("trainers:team_list")
    team = (
        TeamMembership.objects.active()
        .filter(entity=entity)
        .select_related("trainer")
        .prefetch_related(
            Prefetch(
                "trainer__trainer_certificates",
                queryset=_valid_certificates(),
                to_attr="valid_certificates",
            )
        )
        .order_by("trainer__last_name", "trainer__first_name")
    )
    return render(
        request,
        "trainers/team_list.html",
        {
            "entity": entity,
            "team": team,
            "form": form,
            "can_manage": can_manage,
            "pending_invitations": (
                pending_invitations(entity, InvitationKind.TRAINER) if can_manage else []
            ),
        },
    )


@require_POST
def team_remove(request, membership_id):
    entity = request.role.entity
    if entity is None:
        raise PermissionDenied
    membership = get_object_or_404(
        TeamMembership.objects.active().select_related("trainer", "entity"),
        entity=entity,
        public_id=membership_id,
    )
    try:
        services.team_remove_trainer(membership=membership, by=request.user)
    except DomainError as error:
        raise PermissionDenied(error.message) from None
    messages.success(
        request,
        _("%(name)s ne fait plus partie de l'équipe.") % {"name": membership.trainer.full_name},
    )
    return redirect("trainers:team_list")


@require_safe
def my_space(request):
    """The trainer's own certificates (with their expiry), teams, the sessions they must validate
    or ran, and the people they trained (the latest; the count of all)."""
    from forprev.training.enums import Result, SessionStatus
    from forprev.training.models import Enrolment, TrainingSession

    certificates = request.user.trainer_certificates.select_related(
        "programme_level__programme"
    ).order_by("-issued_on")
    teams = (
        TeamMembership.objects.active()
        .filter(trainer=request.user)
        .select_related("entity")
        .order_by("entity__name")
    )
    sessions = (
        TrainingSession.objects.filter(trainers__trainer=request.user)
        .select_related("entity", "programme_level__programme")
        .order_by("-starts_on", "-pk")
    )
    trained = Enrolment.objects.filter(
        session__trainers__trainer=request.user,
        session__status=SessionStatus.CLOSED,
        result=Result.PASSED,
    )
    return render(
        request,
        "trainers/my_space.html",
        {
            "certificates": certificates,
            "teams": teams,
            "today": timezone.localdate(),
            "to_validate": sessions.filter(status=SessionStatus.SUBMITTED),
            "recent_sessions": sessions[:RECENT],
            "trained": trained.select_related(
                "person", "session__programme_level__programme"
            ).order_by("-session__ends_on", "person__last_name", "pk")[:RECENT],
            "trained_count": trained.count(),
            "recent": RECENT,
        },
    )


@require_http_methods(["GET", "POST"])
def certificate_record(request):
    if not rules.can_record_trainer_certificate(request.user):
        raise PermissionDenied
    form = CertificateRecordForm(request.POST or None)
    if form.is_valid():
        holder = User.objects.with_login(form.cleaned_data["holder"]).first()
        if holder is None:
            form.add_error("holder", _("Aucun compte ne porte ce numéro Forprev."))
        else:
            try:
                certificate = services.trainer_certificate_record(
                    holder=holder,
                    programme_level=form.cleaned_data["programme_level"],
                    issued_on=form.cleaned_data["issued_on"],
                    by=request.user,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("Certificat enregistré pour %(name)s.")
                    % {"name": certificate.holder.full_name},
                )
                return redirect("trainers:certificate_record")
    return render(request, "trainers/certificate_record.html", {"form": form})
