"""The entity's side: prepare the dossier, comment, transmit, complete."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forprev.accounts.models import User
from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError
from forprev.freezes.services import refuse_if_frozen

from .. import rules
from ..completeness import dossier_completeness, missing_profile_fields
from ..documents import check_upload, clean_filename
from ..enums import AccreditationStatus, EventKind, RequestKind, RequestStatus
from ..models import (
    Accreditation,
    AccreditationRequest,
    ProposedTrainer,
    RequestDocument,
    RequestItem,
)
from ..notifications import notify_step
from ._common import lock, record, require


def _check_items_fit_kind(entity, kind, programme_levels, today) -> None:
    active = Accreditation.objects.filter(
        entity=entity, status=AccreditationStatus.ACTIVE, expires_on__gte=today
    ).select_related("programme_level__programme")
    by_level = {a.programme_level_id: a for a in active}
    for level in programme_levels:
        current = by_level.get(level.pk)
        if kind == RequestKind.RENEWAL:
            if current is None:
                raise DomainError(
                    _("%(level)s : aucune habilitation active à renouveler.") % {"level": level}
                )
            opens_on = add_months(current.expires_on, -level.programme.renewal_lead_months)
            if today < opens_on:
                raise DomainError(
                    _("%(level)s : le renouvellement ouvre le %(day)s.")
                    % {"level": level, "day": opens_on.strftime("%d/%m/%Y")}
                )
        elif current is not None:
            raise DomainError(
                _("%(level)s : l'entité est déjà habilitée ; demandez un renouvellement.")
                % {"level": level}
            )
    if kind == RequestKind.ADDITIONAL and not by_level:
        raise DomainError(
            _(
                "Une demande supplémentaire suppose une habilitation active : faites une demande initiale."
            )
        )


@transaction.atomic
def request_create(*, entity, kind, programme_levels, by) -> AccreditationRequest:
    """Create a draft for one or more dispositifs (cumul); refused while its kind is frozen."""
    require(rules.can_create_request(by, entity), _("Seul le gestionnaire (CEH) crée une demande."))
    refuse_if_frozen(rules.request_kind_freezes(by).get(kind), field="kind")
    programme_levels = list(programme_levels)
    if not programme_levels:
        raise DomainError(_("Choisissez au moins un dispositif."), field="programme_levels")
    _check_items_fit_kind(entity, kind, programme_levels, timezone.localdate())
    request = AccreditationRequest(entity=entity, kind=kind, created_by=by)
    request.full_clean()
    request.save()
    RequestItem.objects.bulk_create(
        [RequestItem(request=request, programme_level=level) for level in programme_levels]
    )
    record(request, kind=EventKind.CREATED, actor=by)
    return request


@transaction.atomic
def document_add(*, request, kind, uploaded, by) -> RequestDocument:
    require(
        rules.can_edit_request(by, request),
        _("Le dossier ne peut plus être modifié à ce stade."),
    )
    file_type = check_upload(uploaded)  # by content: exactly one accepted type
    document = RequestDocument(
        request=request,
        kind=kind,
        original_name=clean_filename(uploaded.name),  # shown only; never a storage path
        content_type=file_type.content_type,
        size=uploaded.size,
        uploaded_by=by,
    )
    document.file.save(uploaded.name, uploaded, save=False)  # named by documents.upload_to
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.delete(save=False)  # nothing half-way: no orphan file
        raise
    record(request, kind=EventKind.DOCUMENT, actor=by, message=document.original_name)
    return document


PIECES_LOCKED = gettext_lazy(
    "La demande a été transmise à la caisse : ses pièces ne peuvent plus être retirées. "
    "Signalez l'erreur à la caisse par un message."
)


@transaction.atomic
def document_remove(*, document, by) -> None:
    """Take a piece added by mistake out of a draft: the row goes (audited by auditlog, and a
    line in the timeline), the file leaves the storage once the transaction is committed (a
    rollback keeps it). Once transmitted, the caisse has the piece: it stays."""
    request = lock(document.request)
    require(rules.can_remove_document(by, request), str(PIECES_LOCKED), code="transmitted")
    document = RequestDocument.objects.select_for_update().filter(pk=document.pk).first()
    if document is None:  # removed meanwhile (a second click)
        raise DomainError(_("Cette pièce a déjà été retirée du dossier."), code="gone")
    storage, name = document.file.storage, document.file.name
    label = f"{document.original_name} ({document.get_kind_display()})"
    document.delete()
    record(request, kind=EventKind.DOCUMENT_REMOVED, actor=by, message=label)
    transaction.on_commit(lambda: storage.delete(name) if name else None)


@transaction.atomic
def request_comment(*, request, body, by):
    require(
        rules.can_comment_request(by, request), _("Vous ne pouvez pas commenter cette demande.")
    )
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Le commentaire est vide."), field="body")
    return record(request, kind=EventKind.COMMENT, actor=by, message=body[:5000])


@transaction.atomic
def request_transmit(*, request, by) -> AccreditationRequest:
    """Send the draft to the caisse. Refused while another application of the entity is under
    review, while a mandatory field of the tronc commun is empty, or while the dossier lacks a
    piece or a certified trainer (``completeness``; the message lists what is missing)."""
    request = lock(request)
    require(
        rules.can_transmit_request(by, request), _("Seul le gestionnaire transmet un brouillon.")
    )
    others = (
        AccreditationRequest.objects.in_review()
        .filter(entity=request.entity)
        .exclude(pk=request.pk)
    )
    if others.exists():
        raise DomainError(
            _("Une autre demande de l'entité est en cours d'instruction : attendez sa décision."),
            code="other_in_review",
        )
    missing = missing_profile_fields(request.entity)
    if missing:
        raise DomainError(
            _("Complétez le tronc commun avant de transmettre : %(fields)s.")
            % {"fields": ", ".join(missing)},
            code="profile_incomplete",
        )
    completeness = dossier_completeness(request, day=timezone.localdate())
    if not completeness.is_complete:
        raise DomainError(
            _(
                "Le dossier est incomplet : complétez-le avant de le transmettre. "
                "Il manque : %(missing)s."
            )
            % {"missing": completeness.missing_text},
            code="dossier_incomplete",
        )
    request.status = RequestStatus.TRANSMITTED
    request.transmitted_at = timezone.now()
    request.save(update_fields=["status", "transmitted_at", "updated_at"])
    record(request, kind=EventKind.TRANSMITTED, actor=by)
    notify_step(request, step="transmitted")
    return request


@transaction.atomic
def request_complete(*, request, by, message: str = "") -> AccreditationRequest:
    """The manager answers the caisse's request for complements."""
    request = lock(request)
    require(rules.can_complete_request(by, request), _("Aucun complément n'est attendu."))
    request.status = RequestStatus.COMPLETED
    request.save(update_fields=["status", "updated_at"])
    record(request, kind=EventKind.COMPLETED, actor=by, message=message.strip()[:5000])
    notify_step(request, step="completed")
    return request


@transaction.atomic
def trainer_propose(*, request, login: str, by) -> ProposedTrainer:
    """Add a trainer of the entity's équipe pédagogique to the dossier, found by numéro Forprev
    (or e-mail). Only a trainer who accepted to join the team can be named: any other account,
    known or not, gets the same refusal (no name learnt from a numéro, docs/security/
    invitations.md)."""
    require(
        rules.can_edit_request(by, request),
        _("Le dossier ne peut plus être modifié à ce stade."),
    )
    trainer = (
        User.objects.with_login(login)
        .filter(
            is_active=True,
            staff_role="",
            teams__entity_id=request.entity_id,
            teams__removed_at__isnull=True,
        )
        .first()
    )
    if trainer is None:
        raise DomainError(
            _(
                "Aucun formateur de votre équipe pédagogique ne porte ce numéro Forprev : "
                "invitez-le d'abord dans l'équipe pédagogique."
            ),
            field="login",
        )
    if request.proposed_trainers.filter(trainer=trainer).exists():
        raise DomainError(_("Ce formateur est déjà proposé."), field="login")
    proposed = ProposedTrainer.objects.create(request=request, trainer=trainer)
    record(
        request,
        kind=EventKind.DOCUMENT,
        actor=by,
        message=_("Formateur proposé : %(name)s") % {"name": trainer},
    )
    return proposed


@transaction.atomic
def trainer_withdraw(*, proposed, by) -> None:
    require(
        rules.can_edit_request(by, proposed.request),
        _("Le dossier ne peut plus être modifié à ce stade."),
    )
    proposed.delete()
