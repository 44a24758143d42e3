"""Regularisation requests: the manager asks, the caisse's instructor authorises (the action is
then open for a limited time) or refuses, with e-mails to the other side at each step."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import User
from forprev.core.exceptions import DomainError
from forprev.core.mail import send_templated_email

from .enums import RegularisationKind, RegularisationStatus, SessionStatus
from .models import RegularisationRequest
from .rules import can_decide_regularisation, can_request_regularisation

# Kinds that concern a session not yet closed / a closed session / no session yet.
OPEN_SESSION_KINDS = {RegularisationKind.LATE_CLOSING, RegularisationKind.EXPIRED_ACCREDITATION}
CLOSED_SESSION_KINDS = {RegularisationKind.WRONG_DATA}


def open_days() -> int:
    return getattr(settings, "FORPREV_REGULARISATION_OPEN_DAYS", 30)


def _link(request) -> str:
    return settings.FORPREV_SITE_URL + reverse(
        "regularisations:request_detail", args=[request.public_id]
    )


@transaction.atomic
def regularisation_request(*, entity, by, kind, explanation: str, session=None):
    if not can_request_regularisation(by, entity):
        raise DomainError(_("Seul le gestionnaire (CEH) de l'entité demande une régularisation."))
    explanation = (explanation or "").strip()
    if not explanation:
        raise DomainError(_("Expliquez votre demande à la caisse."), field="explanation")
    if kind not in RegularisationKind.values:
        raise DomainError(_("Motif inconnu."), field="kind")
    if kind == RegularisationKind.FORGOTTEN_SESSION:
        if session is not None:
            raise DomainError(
                _("Une session oubliée n'est pas encore déclarée : ne choisissez pas de session."),
                field="session",
            )
    else:
        if session is None or session.entity_id != entity.pk:
            raise DomainError(_("Choisissez la session concernée."), field="session")
        closed = session.status == SessionStatus.CLOSED
        if kind in CLOSED_SESSION_KINDS and not closed:
            raise DomainError(
                _(
                    "Ce motif concerne une session clôturée : modifiez librement une session en cours."
                ),
                field="kind",
            )
        if kind in OPEN_SESSION_KINDS and closed:
            raise DomainError(_("Cette session est déjà clôturée."), field="kind")
    duplicate = RegularisationRequest.objects.filter(
        entity=entity, session=session, kind=kind, status=RegularisationStatus.PENDING
    )
    if duplicate.exists():
        raise DomainError(_("Une demande identique attend déjà la décision de la caisse."))
    request = RegularisationRequest.objects.create(
        entity=entity, session=session, kind=kind, explanation=explanation[:4000], requested_by=by
    )
    instructors = list(
        User.objects.filter(
            staff_role=StaffRole.INSTRUCTOR, caisse_id=entity.caisse_id, is_active=True
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if instructors:
        send_templated_email(
            to=instructors,
            template="training/email/regularisation_requested",
            context={"request": request, "link": _link(request)},
        )
    return request


@transaction.atomic
def regularisation_decide(*, request, by, authorise: bool, reason: str = ""):
    request = RegularisationRequest.objects.select_for_update().get(pk=request.pk)
    if not can_decide_regularisation(by, request):
        raise DomainError(
            _("Seul(e) le ou la chargé(e) d'habilitation de la caisse décide, une seule fois.")
        )
    reason = (reason or "").strip()
    if not authorise and not reason:
        raise DomainError(_("Indiquez le motif du refus."), field="reason")
    request.status = RegularisationStatus.AUTHORISED if authorise else RegularisationStatus.REFUSED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_reason = reason[:4000]
    if authorise:
        request.open_until = timezone.localdate() + timedelta(days=open_days())
    request.save()
    if request.requested_by.email:
        send_templated_email(
            to=request.requested_by.email,
            template="training/email/regularisation_decided",
            context={"request": request, "link": _link(request)},
        )
    return request


def open_regularisations_count_for(user) -> int:
    """How many regularisation requests wait for ``user``'s decision (``can_decide_regularisation``:
    the instructors of the entity's caisse decide): their caisse's pending requests for an
    instructor, 0 for anybody else. One query at most, for the home to-do list and the menu."""
    if not (user.is_authenticated and user.is_active):
        return 0
    if user.staff_role != StaffRole.INSTRUCTOR or not user.caisse_id:
        return 0
    return RegularisationRequest.objects.filter(
        status=RegularisationStatus.PENDING, entity__caisse_id=user.caisse_id
    ).count()


def forgotten_session_authorisation(entity, *, today):
    """The oldest open "session oubliée" authorisation of the entity not yet used, or None."""
    return (
        RegularisationRequest.objects.filter(
            entity=entity,
            kind=RegularisationKind.FORGOTTEN_SESSION,
            session__isnull=True,
            status=RegularisationStatus.AUTHORISED,
            open_until__gte=today,
        )
        .order_by("created_at")
        .first()
    )
