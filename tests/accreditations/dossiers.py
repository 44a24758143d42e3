"""A complete dossier for an application, as the completeness rules ask (completeness.py): the
tronc commun filled, every required piece, and a proposed trainer holding a valid certificate of
the next level for each dispositif that needs one."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from forprev.accreditations.completeness import dossier_completeness
from forprev.accreditations.models import ProposedTrainer, RequestDocument
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TrainerCertificate
from tests.factories import UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fill_profile(entity) -> None:
    entity.head_name = entity.head_name or "Mme Claire Fabre"
    entity.phone = entity.phone or "04 91 00 00 00"
    entity.contact_email = entity.contact_email or "contact@exemple.fr"
    entity.save()


def add_piece(application, kind, *, name=None, by=None) -> RequestDocument:
    name = name or f"{kind}.pdf"
    document = RequestDocument(
        request=application,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=by or application.created_by,
    )
    document.file.save(name, ContentFile(PDF_BYTES), save=True)
    return document


def certified_trainer(programme_level, *, day=None, **user_fields):
    """A trainer holding a certificate of the level above ``programme_level``, valid on ``day``."""
    day = day or timezone.localdate()
    trainer = UserFactory(**user_fields)
    TrainerCertificate.objects.create(
        holder=trainer,
        programme_level=ProgrammeLevel.objects.get(
            programme=programme_level.programme, level=programme_level.level + 1
        ),
        issued_on=day - datetime.timedelta(days=30),
        valid_until=day + datetime.timedelta(days=365),
        source=CertificateSource.RECORDED,
    )
    return trainer


def complete_dossier(application, *, day=None):
    """Make ``application``'s dossier complete; returns the proposed trainers."""
    day = day or timezone.localdate()
    fill_profile(application.entity)
    completeness = dossier_completeness(application, day=day)
    for piece in completeness.pieces:
        if not piece.present:
            add_piece(application, piece.kind)
    trainers = []
    for item in application.items.select_related("programme_level__programme"):
        level = item.programme_level
        if ProgrammeLevel.objects.filter(programme=level.programme, level=level.level + 1).exists():
            trainer = certified_trainer(level, day=day)
            ProposedTrainer.objects.create(request=application, trainer=trainer)
            trainers.append(trainer)
    assert dossier_completeness(application, day=day).is_complete
    return trainers
