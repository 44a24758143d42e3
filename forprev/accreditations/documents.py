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
