"""The national committee's decision; granting creates the habilitations."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError
from forprev.entities.application import entity_recognise_on_grant

from .. import rules
from ..completeness import dossier_completeness
from ..enums import AccreditationStatus, Decision, EventKind, RequestKind, RequestStatus
from ..models import Accreditation
from ..notifications import notify_step
from ._common import lock, record, require

# The signatory's role printed on decision letters, stored with each decision
# (setting ``FORPREV_DECISION_SIGNATORY_ROLE``, docs/configuration.md).
DEFAULT_SIGNATORY_ROLE = "Pour la commission nationale d'habilitation, le chargé d'habilitation"


def decision_reference(request, decided_at) -> str:
    """``HAB-<year of the decision>-<number of the application>``: unique (the application's
    key), known without counting (no race between two decisions), never reused. Migration 0005
    gave existing decisions theirs by the same formula."""
    return f"HAB-{timezone.localtime(decided_at):%Y}-{request.pk:06d}"


def signatory_role() -> str:
    return getattr(settings, "FORPREV_DECISION_SIGNATORY_ROLE", "") or DEFAULT_SIGNATORY_ROLE


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
    """Grant or refuse. Atomic: the decision and every habilitation, or nothing.

    A grant needs a complete dossier on the day of the decision (``completeness``: a trainer's
    certificate may have expired since the opinion); refused otherwise, with what is missing.
    A refusal (reasons required) stays possible on an incomplete dossier. The date, reference
    and signatory of the letter are stored now, once."""
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
    if decision == Decision.GRANTED:
        completeness = dossier_completeness(request, day=timezone.localdate())
        if not completeness.is_complete:
            raise DomainError(
                _(
                    "Le dossier est incomplet : l'habilitation ne peut pas être accordée. "
                    "Il manque : %(missing)s. La demande peut être refusée, motifs à l'appui."
                )
                % {"missing": completeness.missing_text},
                field="decision",
                code="dossier_incomplete",
            )
    if decision == Decision.GRANTED and not request.entity.is_recognised:
        # A provisional entity (public application) gets its SIRET/NDA with its first grant.
        request.entity = entity_recognise_on_grant(entity=request.entity, by=by)
    today = timezone.localdate()
    request.decision = decision
    request.decision_reason = reason[:5000]
    request.decided_at = timezone.now()
    request.decided_by = by
    request.decision_reference = decision_reference(request, request.decided_at)
    request.decision_signatory_role = signatory_role()[:200]
    request.decision_signatory_name = by.full_name[:200]
    request.status = (
        RequestStatus.GRANTED if decision == Decision.GRANTED else RequestStatus.REFUSED
    )
    request.save(
        update_fields=[
            "decision",
            "decision_reason",
            "decided_at",
            "decided_by",
            "decision_reference",
            "decision_signatory_role",
            "decision_signatory_name",
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
