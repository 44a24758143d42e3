"""The caisse's side: take the application, ask for complements, give the opinion."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.exceptions import DomainError

from .. import rules
from ..completeness import dossier_completeness
from ..enums import EventKind, Opinion, RequestStatus
from ..notifications import notify_step
from ._common import lock, record, require


@transaction.atomic
def request_take(*, request, by):
    request = lock(request)
    require(
        rules.can_take_request(by, request), _("Cette demande ne peut pas être prise en charge.")
    )
    request.status = RequestStatus.UNDER_REVIEW
    request.reviewer = by
    request.save(update_fields=["status", "reviewer", "updated_at"])
    record(request, kind=EventKind.TAKEN, actor=by)
    return request


@transaction.atomic
def request_ask_complements(*, request, by, message: str):
    request = lock(request)
    require(rules.can_review_request(by, request), _("Cette demande n'est pas en instruction."))
    message = (message or "").strip()
    if not message:
        raise DomainError(_("Précisez les compléments attendus."), field="message")
    request.status = RequestStatus.COMPLEMENTS_REQUESTED
    request.save(update_fields=["status", "updated_at"])
    record(request, kind=EventKind.COMPLEMENTS_REQUESTED, actor=by, message=message[:5000])
    notify_step(request, step="complements_requested")
    return request


@transaction.atomic
def request_give_opinion(*, request, by, opinion: str, reason: str):
    """Favourable or unfavourable opinion of the caisse, with its reasons.

    A favourable opinion needs a complete dossier (``completeness``): refused otherwise, with
    what is missing. An unfavourable one stays possible on an incomplete dossier — the caisse
    may turn it down rather than ask for complements again."""
    request = lock(request)
    require(rules.can_review_request(by, request), _("Cette demande n'est pas en instruction."))
    if opinion not in Opinion.values:
        raise DomainError(_("Choisissez un avis favorable ou défavorable."), field="opinion")
    reason = (reason or "").strip()
    if opinion == Opinion.UNFAVOURABLE and not reason:
        raise DomainError(_("Un avis défavorable doit être motivé."), field="reason")
    if opinion == Opinion.FAVOURABLE:
        completeness = dossier_completeness(request, day=timezone.localdate())
        if not completeness.is_complete:
            raise DomainError(
                _(
                    "Le dossier est incomplet : un avis favorable ne peut pas être rendu. "
                    "Il manque : %(missing)s. Demandez des compléments, ou rendez un avis "
                    "défavorable motivé."
                )
                % {"missing": completeness.missing_text},
                field="opinion",
                code="dossier_incomplete",
            )
    request.status = RequestStatus.OPINION_GIVEN
    request.opinion = opinion
    request.opinion_reason = reason[:5000]
    request.opinion_at = timezone.now()
    request.save(update_fields=["status", "opinion", "opinion_reason", "opinion_at", "updated_at"])
    record(request, kind=EventKind.OPINION, actor=by, message=f"{Opinion(opinion).label}. {reason}")
    notify_step(request, step="opinion")
    return request
