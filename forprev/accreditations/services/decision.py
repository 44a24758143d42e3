"""The national committee's decision; granting creates the habilitations."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError
from forprev.entities.application import entity_recognise_on_grant

from .. import rules
from ..enums import AccreditationStatus, Decision, EventKind, RequestKind, RequestStatus
from ..models import Accreditation
from ..notifications import notify_step
from ._common import lock, record, require


def _grant(request, today) -> list[Accreditation]:
    """One habilitation per dispositif × level asked for. A renewal continues the previous
    habilitation from the day after its expiry, without a gap."""
    created = []
    for item in request.items.select_related("programme_level__programme"):
        level = item.programme_level
        previous = None
        starts_on = today
        if request.kind == RequestKind.RENEWAL:
            previous = (
                Accreditation.objects.filter(
                    entity=request.entity,
                    programme_level=level,
                    status=AccreditationStatus.ACTIVE,
                    renewed_by__isnull=True,
                )
                .order_by("-expires_on")
                .first()
            )
            if previous is not None and previous.expires_on >= today:
                starts_on = previous.expires_on + timedelta(days=1)
        accreditation = Accreditation(
            entity=request.entity,
            programme_level=level,
            starts_on=starts_on,
            expires_on=add_months(starts_on, level.programme.accreditation_validity_months)
            - timedelta(days=1),
            request=request,
            previous=previous,
        )
        accreditation.full_clean()
        accreditation.save()
        created.append(accreditation)
    return created


@transaction.atomic
def request_decide(*, request, by, decision: str, reason: str = "") -> list[Accreditation]:
    """Grant or refuse. Atomic: the decision and every habilitation, or nothing."""
    request = lock(request)
    require(
        rules.can_decide_request(by, request),
        _("Seule la commission nationale décide, après l'avis de la caisse."),
    )
    if decision not in Decision.values:
        raise DomainError(
            _("Choisissez d'accorder ou de refuser l'habilitation."), field="decision"
        )
    reason = (reason or "").strip()
    if decision == Decision.REFUSED and not reason:
        raise DomainError(_("Un refus doit être motivé."), field="reason")
    if decision == Decision.GRANTED and not request.entity.is_recognised:
        # A provisional entity (public application) gets its SIRET/NDA with its first grant.
        request.entity = entity_recognise_on_grant(entity=request.entity, by=by)
    today = timezone.localdate()
    request.decision = decision
    request.decision_reason = reason[:5000]
    request.decided_at = timezone.now()
    request.decided_by = by
    request.status = (
        RequestStatus.GRANTED if decision == Decision.GRANTED else RequestStatus.REFUSED
    )
    request.save(
        update_fields=[
            "decision",
            "decision_reason",
            "decided_at",
            "decided_by",
            "status",
            "updated_at",
        ]
    )
    created = _grant(request, today) if decision == Decision.GRANTED else []
    record(
        request, kind=EventKind.DECISION, actor=by, message=f"{Decision(decision).label}. {reason}"
    )
    notify_step(request, step="decision")
    return created
