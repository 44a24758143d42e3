"""Demo habilitations and applications in every state (called by ``forprev.core.demo``).

Idempotent: an entity that already has habilitations or applications is left alone.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import User
from forprev.core.dates import add_months
from forprev.entities.models import Entity
from forprev.referentials.models import ProgrammeLevel

from .completeness import IDENTITY_PIECES
from .enums import Decision, DocumentKind, EventKind, Opinion, RequestKind, RequestStatus
from .models import (
    Accreditation,
    AccreditationRequest,
    ProposedTrainer,
    RequestDocument,
    RequestEvent,
    RequestItem,
)
from .services.decision import decision_reference, signatory_role

# entity name → habilitations (dispositif, level, months since start, months until expiry)
ACCREDITATIONS = {
    "FORMASUD PREVENTION": [("SST", 1, -40, 20), ("SST", 2, -40, 20), ("PRAP-IBC", 1, -58, 2)],
    "SOCIETE PROVENCALE DE LOGISTIQUE": [("SST", 1, -70, -10)],
    "RHONE SECOURS FORMATION": [("SST", 1, -20, 40), ("PRAP-2S", 1, -12, 48)],
    "ILE-DE-FRANCE PREVENTION CONSEIL": [("SST", 1, -3, 57), ("ASD", 1, -30, 30)],
    "BATIR OCEAN INDIEN": [("SST", 1, -55, 5)],
}

# entity name → applications (kind, status, dispositifs, days since transmission)
APPLICATIONS = {
    "FORMASUD PREVENTION": [(RequestKind.RENEWAL, RequestStatus.DRAFT, [("PRAP-IBC", 1)], None)],
    "SOCIETE PROVENCALE DE LOGISTIQUE": [
        (RequestKind.INITIAL, RequestStatus.TRANSMITTED, [("SST", 1)], 12)
    ],
    "HOPITAL PRIVE DU VAR": [
        (RequestKind.INITIAL, RequestStatus.UNDER_REVIEW, [("PRAP-2S", 1), ("SST", 1)], 30)
    ],
    "RHONE SECOURS FORMATION": [
        (RequestKind.ADDITIONAL, RequestStatus.COMPLEMENTS_REQUESTED, [("ASD", 1)], 45)
    ],
    "ARMOR AGROALIMENTAIRE": [(RequestKind.INITIAL, RequestStatus.OPINION_GIVEN, [("SST", 1)], 60)],
    "METALLERIE DU NORD": [(RequestKind.INITIAL, RequestStatus.REFUSED, [("SST", 1)], 200)],
    "ILE-DE-FRANCE PREVENTION CONSEIL": [
        (RequestKind.INITIAL, RequestStatus.GRANTED, [("SST", 1)], 150)
    ],
}

# entity name → the dossier of its application: pieces ("identity": Kbis or NDA receipt) and
# whether the demo trainer (certified SST and PRAP IBC by ``trainers.demo``) is proposed. The
# applications at the opinion or decided are complete; the others show what is missing.
_ALL_PIECES = ["commitment", "pedagogical_programme", "identity", "trainer_certificates"]
DOSSIERS = {
    "FORMASUD PREVENTION": (["commitment"], True),
    "SOCIETE PROVENCALE DE LOGISTIQUE": (_ALL_PIECES, True),
    "HOPITAL PRIVE DU VAR": (_ALL_PIECES, True),  # PRAP 2S: no certified trainer
    "RHONE SECOURS FORMATION": (["commitment", "pedagogical_programme", "identity"], False),
    "ARMOR AGROALIMENTAIRE": (_ALL_PIECES, True),
    "METALLERIE DU NORD": (["commitment", "identity"], False),
    "ILE-DE-FRANCE PREVENTION CONSEIL": (_ALL_PIECES, True),
}
DEMO_TRAINER_EMAIL = "trainer@demo.forprev.fr"
# A valid, tiny PDF (documents.detect_type accepts it).
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

_STEPS = [
    (RequestStatus.TRANSMITTED, EventKind.TRANSMITTED),
    (RequestStatus.UNDER_REVIEW, EventKind.TAKEN),
    (RequestStatus.COMPLEMENTS_REQUESTED, EventKind.COMPLEMENTS_REQUESTED),
    (RequestStatus.OPINION_GIVEN, EventKind.OPINION),
    (RequestStatus.GRANTED, EventKind.DECISION),
]
_ORDER = [s for s, _ in _STEPS]


def _level(code, level):
    return ProgrammeLevel.objects.get(programme__code=code, level=level)


def _events(application, status, manager, instructor, national, sent_at):
    events = [
        RequestEvent(
            request=application,
            kind=EventKind.CREATED,
            actor=manager,
            at=sent_at - timedelta(days=2),
        )
    ]
    reached = (
        _ORDER.index(RequestStatus.GRANTED if status == RequestStatus.REFUSED else status)
        if status != RequestStatus.DRAFT
        else -1
    )
    for index, (_, kind) in enumerate(_STEPS):
        if index > reached:
            break
        actor = (
            manager
            if kind == EventKind.TRANSMITTED
            else national
            if kind == EventKind.DECISION
            else instructor
        )
        message = {
            EventKind.COMPLEMENTS_REQUESTED: "Merci de joindre les certificats des formateurs proposés.",
            EventKind.OPINION: "Avis favorable. Dossier complet.",
            EventKind.DECISION: "Habilitation refusée. Aucun formateur certifié."
            if status == RequestStatus.REFUSED
            else "Habilitation accordée.",
        }.get(kind, "")
        events.append(
            RequestEvent(
                request=application,
                kind=kind,
                actor=actor,
                message=message,
                at=sent_at + timedelta(days=index * 5),
            )
        )
    RequestEvent.objects.bulk_create(events)


def _dossier(application, entity, manager, trainer) -> None:
    kinds, with_trainer = DOSSIERS.get(entity.name, ([], False))
    for kind in kinds:
        kind = IDENTITY_PIECES[entity.kind] if kind == "identity" else DocumentKind(kind)
        name = f"{kind.label}.pdf"
        document = RequestDocument(
            request=application,
            kind=kind,
            original_name=name,
            content_type="application/pdf",
            size=len(DEMO_PDF),
            uploaded_by=manager,
        )
        document.file.save(name, ContentFile(DEMO_PDF), save=True)
    if with_trainer and trainer is not None:
        ProposedTrainer.objects.get_or_create(request=application, trainer=trainer)


def load_accreditations_demo() -> int:
    today = timezone.localdate()
    national = User.objects.filter(staff_role=StaffRole.NATIONAL).first()
    trainer = User.objects.filter(email=DEMO_TRAINER_EMAIL).first()
    created = 0
    for entity in Entity.objects.filter(name__in=set(ACCREDITATIONS) | set(APPLICATIONS)):
        if entity.accreditations.exists() or entity.requests.exists():
            continue
        manager_membership = (
            entity.memberships.filter(role="manager").select_related("user").first()
        )
        manager = manager_membership.user if manager_membership else national
        instructor = (
            User.objects.filter(staff_role=StaffRole.INSTRUCTOR, caisse=entity.caisse_id).first()
            or national
        )
        for code, level, since, until in ACCREDITATIONS.get(entity.name, []):
            Accreditation.objects.create(
                entity=entity,
                programme_level=_level(code, level),
                starts_on=add_months(today, since),
                expires_on=add_months(today, until),
            )
            created += 1
        for kind, status, levels, days in APPLICATIONS.get(entity.name, []):
            sent_at = timezone.now() - timedelta(days=days or 0)
            application = AccreditationRequest.objects.create(
                entity=entity,
                kind=kind,
                status=status,
                created_by=manager,
                transmitted_at=sent_at if days else None,
                reviewer=instructor
                if status not in (RequestStatus.DRAFT, RequestStatus.TRANSMITTED)
                else None,
                opinion=Opinion.FAVOURABLE
                if status
                in (RequestStatus.OPINION_GIVEN, RequestStatus.GRANTED, RequestStatus.REFUSED)
                else "",
                opinion_reason="Dossier complet.",
                decision=Decision.GRANTED
                if status == RequestStatus.GRANTED
                else Decision.REFUSED
                if status == RequestStatus.REFUSED
                else "",
                decision_reason="Aucun formateur certifié."
                if status == RequestStatus.REFUSED
                else "",
                decided_at=sent_at + timedelta(days=20)
                if status in (RequestStatus.GRANTED, RequestStatus.REFUSED)
                else None,
                decided_by=national
                if status in (RequestStatus.GRANTED, RequestStatus.REFUSED)
                else None,
            )
            if application.decided_at is not None:
                # What request_decide stores: the letter's reference, date and signatory.
                application.decision_reference = decision_reference(
                    application, application.decided_at
                )
                application.decision_signatory_role = signatory_role()
                application.decision_signatory_name = national.full_name if national else ""
                application.save(
                    update_fields=[
                        "decision_reference",
                        "decision_signatory_role",
                        "decision_signatory_name",
                    ]
                )
            for code, level in levels:
                RequestItem.objects.create(request=application, programme_level=_level(code, level))
            _dossier(application, entity, manager, trainer)
            _events(application, status, manager, instructor, national, sent_at)
            if status == RequestStatus.GRANTED:
                entity.accreditations.filter(
                    programme_level__in=[_level(c, lv) for c, lv in levels]
                ).update(request=application)
            created += 1
    return created
