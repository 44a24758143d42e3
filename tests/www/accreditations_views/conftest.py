import pytest
from django.utils import timezone

from forprev.accreditations.enums import RequestKind, RequestStatus
from forprev.accreditations.models import AccreditationRequest, RequestDocument, RequestItem
from forprev.referentials.models import ProgrammeLevel

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_application(entity, manager, status=RequestStatus.DRAFT, **fields):
    if status in (RequestStatus.GRANTED, RequestStatus.REFUSED):
        fields.setdefault("decision", status.value)
        fields.setdefault("decided_at", timezone.now())
    application = AccreditationRequest.objects.create(
        entity=entity, kind=RequestKind.INITIAL, status=status, created_by=manager, **fields
    )
    RequestItem.objects.create(
        request=application,
        programme_level=ProgrammeLevel.objects.get(programme__code="SST", level=1),
    )
    return application


@pytest.fixture
def applications(personas, entity):
    """One application of ``entity`` in each state, and a document on the draft."""
    from django.core.files.base import ContentFile

    manager = personas["manager"]
    by_status = {status: make_application(entity, manager, status) for status in RequestStatus}
    document = RequestDocument(
        request=by_status[RequestStatus.DRAFT],
        kind="commitment",
        original_name="engagement.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=manager,
    )
    document.file.save("engagement.pdf", ContentFile(PDF_BYTES), save=True)
    return {"by_status": by_status, "document": document}
