"""Upload checks for the electronic dossier: type (PDF, PNG, JPEG, by content, not by name)
and size."""

from django.conf import settings
from django.utils.translation import gettext as _

from forprev.core.exceptions import DomainError

ALLOWED_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def max_upload_bytes() -> int:
    return getattr(settings, "FORPREV_MAX_UPLOAD_MB", 10) * 1024 * 1024


def check_upload(uploaded) -> str:
    """Return the detected content type, or raise a French ``DomainError``."""
    if uploaded.size == 0:
        raise DomainError(_("Le fichier est vide."), field="file", code="empty_file")
    if uploaded.size > max_upload_bytes():
        raise DomainError(
            _("Le fichier dépasse la taille maximale de %(mb)d Mo.")
            % {"mb": max_upload_bytes() // (1024 * 1024)},
            field="file",
            code="file_too_large",
        )
    head = uploaded.read(8)
    uploaded.seek(0)
    for signature, content_type in ALLOWED_SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    raise DomainError(
        _("Seuls les fichiers PDF, PNG et JPEG sont acceptés."),
        field="file",
        code="file_type",
    )


def required_document_kinds(application) -> list[str]:
    """The pieces a dossier needs before transmission: the signed commitment to the cahier des
    charges and the pedagogical programme always; the Kbis (company) or the NDA receipt
    (training organisation); the proposed trainers' certificates for any actor-level dispositif."""
    from forprev.entities.enums import EntityKind

    from .enums import DocumentKind

    kinds = [DocumentKind.COMMITMENT, DocumentKind.PEDAGOGICAL_PROGRAMME]
    kinds.append(
        DocumentKind.NDA_RECEIPT
        if application.entity.kind == EntityKind.TRAINING_ORG
        else DocumentKind.KBIS
    )
    if application.items.filter(programme_level__level=1).exists():
        kinds.append(DocumentKind.TRAINER_CERTIFICATES)
    return kinds


def missing_document_labels(application) -> list[str]:
    from .enums import DocumentKind

    present = set(application.documents.values_list("kind", flat=True))
    return [
        str(DocumentKind(kind).label)
        for kind in required_document_kinds(application)
        if kind not in present
    ]
