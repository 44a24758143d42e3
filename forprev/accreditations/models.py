from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import StaffRole
from forprev.core.models import BaseModel
from forprev.entities.models import Entity

from .documents import upload_to as document_upload_to
from .enums import (
    AccreditationStatus,
    Decision,
    DocumentKind,
    EventKind,
    Opinion,
    RequestKind,
    RequestStatus,
)


def visible_through_entity(queryset, user):
    """Rows of entities the user may see: national scope all, an instructor their caisse's,
    members their entities' (``Entity.objects.visible_to`` is the rule)."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
        return queryset.all()
    if user.staff_role == StaffRole.INSTRUCTOR:
        return queryset.filter(entity__caisse_id=user.caisse_id)
    return queryset.filter(entity__in=Entity.objects.visible_to(user).values("pk"))


class AccreditationRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members see their entity's applications, instructors their caisse's, national and
        support all of them."""
        return visible_through_entity(self, user)

    def in_review(self):
        from .enums import IN_REVIEW_STATUSES

        return self.filter(status__in=IN_REVIEW_STATUSES)


class AccreditationRequest(BaseModel):
    """An application for one or more dispositifs (cumul), reviewed by the entity's caisse and
    decided by the national committee."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("entité"), on_delete=models.PROTECT, related_name="requests"
    )
    kind = models.CharField(_("type de demande"), max_length=20, choices=RequestKind.choices)
    status = models.CharField(
        _("état"), max_length=30, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("créée par"), on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        "accounts.User",
        verbose_name=_("instructeur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_requests",
    )
    transmitted_at = models.DateTimeField(_("transmise le"), null=True, blank=True)
    opinion = models.CharField(
        _("avis de la caisse"), max_length=20, choices=Opinion.choices, blank=True
    )
    opinion_reason = models.TextField(_("motif de l'avis"), blank=True)
    opinion_at = models.DateTimeField(_("avis rendu le"), null=True, blank=True)
    decision = models.CharField(_("décision"), max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("décidée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when the decision is taken and never changed: the letter, whenever downloaded, reads
    # them (with ``decided_at``), not today's date nor today's settings.
    decision_reference = models.CharField(
        _("référence de la décision"), max_length=30, unique=True, null=True, blank=True
    )
    decision_signatory_role = models.CharField(
        _("qualité du signataire"), max_length=200, blank=True
    )
    decision_signatory_name = models.CharField(_("signataire"), max_length=200, blank=True)

    objects = AccreditationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'habilitation")
        verbose_name_plural = _("demandes d'habilitation")
        ordering = ["transmitted_at", "created_at"]
        indexes = [
            models.Index(fields=["status", "transmitted_at"], name="request_status_sent_idx"),
            models.Index(fields=["entity", "status"], name="request_entity_status_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.entity}"


class RequestItem(models.Model):
    """One dispositif × level asked for in an application."""

    request = models.ForeignKey(
        AccreditationRequest, on_delete=models.CASCADE, related_name="items"
    )
    programme_level = models.ForeignKey(
        "referentials.ProgrammeLevel",
        verbose_name=_("dispositif et niveau"),
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("dispositif demandé")
        verbose_name_plural = _("dispositifs demandés")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "programme_level"], name="request_item_unique"
            )
        ]

    def __str__(self):
        return str(self.programme_level)


class ProposedTrainer(models.Model):
    """A trainer the entity proposes in its dossier, named by numéro Forprev."""

    request = models.ForeignKey(
        AccreditationRequest, on_delete=models.CASCADE, related_name="proposed_trainers"
    )
    trainer = models.ForeignKey(
        "accounts.User", verbose_name=_("formateur"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("formateur proposé")
        verbose_name_plural = _("formateurs proposés")
        constraints = [
            models.UniqueConstraint(fields=["request", "trainer"], name="proposed_trainer_once")
        ]

    def __str__(self):
        return str(self.trainer)


class RequestDocument(BaseModel):
    """A file of the electronic dossier, stored through Django's storage API."""

    request = models.ForeignKey(
        AccreditationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("type de document"), max_length=30, choices=DocumentKind.choices)
    # Stored under a random name with the extension of the detected type (documents.py); the
    # name the person gave is ``original_name``, cleaned, shown and used for the download only.
    file = models.FileField(_("fichier"), upload_to=document_upload_to)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("déposé par"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("pièce du dossier")
        verbose_name_plural = _("pièces du dossier")
        ordering = ["created_at"]

    def __str__(self):
        return self.original_name


class RequestEvent(models.Model):
    """One timestamped step of the application's timeline (also comments between the manager
    and the instructor)."""

    request = models.ForeignKey(
        AccreditationRequest, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("événement"), max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("auteur"), on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("événement de la demande")
        verbose_name_plural = _("événements de la demande")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"], name="request_event_at_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y})"


class AccreditationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Habilitations of the entities the user may see (the public directory has its own
        selector of active habilitations, for everyone)."""
        return visible_through_entity(self, user)

    def active_on(self, day):
        return self.filter(
            status=AccreditationStatus.ACTIVE, starts_on__lte=day, expires_on__gte=day
        )

    def expiring_between(self, first_day, last_day):
        return self.filter(
            status=AccreditationStatus.ACTIVE, expires_on__gte=first_day, expires_on__lte=last_day
        )


class Accreditation(BaseModel):
    """An entity's habilitation for one dispositif at one level, national, until ``expires_on``."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("entité"), on_delete=models.PROTECT, related_name="accreditations"
    )
    programme_level = models.ForeignKey(
        "referentials.ProgrammeLevel",
        verbose_name=_("dispositif et niveau"),
        on_delete=models.PROTECT,
    )
    starts_on = models.DateField(_("début"))
    expires_on = models.DateField(_("échéance"))
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.ACTIVE,
    )
    request = models.ForeignKey(
        AccreditationRequest,
        verbose_name=_("demande"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accreditations",
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("habilitation renouvelée"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewed_by",
    )

    objects = AccreditationQuerySet.as_manager()

    class Meta:
        verbose_name = _("habilitation")
        verbose_name_plural = _("habilitations")
        ordering = ["expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("starts_on")), name="accreditation_dates_ordered"
            )
        ]
        indexes = [
            models.Index(fields=["status", "expires_on"], name="accreditation_status_exp_idx"),
            models.Index(fields=["entity", "programme_level"], name="accreditation_entity_idx"),
            # "Has this entity an active habilitation?" (directory, closing rules): by entity first.
            models.Index(
                fields=["entity", "status", "expires_on"], name="accreditation_active_idx"
            ),
        ]

    def __str__(self):
        return f"{self.entity} — {self.programme_level} (→ {self.expires_on:%d/%m/%Y})"

    def clean(self):
        if self.starts_on and self.expires_on and self.expires_on <= self.starts_on:
            raise ValidationError(
                {"expires_on": _("L'échéance doit être postérieure à la date de début.")}
            )

    def state_on(self, day) -> AccreditationStatus:
        if self.status == AccreditationStatus.ACTIVE and self.expires_on < day:
            return AccreditationStatus.EXPIRED
        return AccreditationStatus(self.status)

    @property
    def state(self) -> AccreditationStatus:
        return self.state_on(timezone.localdate())


class Extension(BaseModel):
    """A prolongation of an accreditation's expiry date, by rule (bulk) or one by one.

    ``rule_key`` names the rule that produced it: the same rule never extends twice."""

    accreditation = models.ForeignKey(
        Accreditation, on_delete=models.CASCADE, related_name="extensions"
    )
    previous_expires_on = models.DateField(_("échéance avant"))
    new_expires_on = models.DateField(_("échéance après"))
    months = models.PositiveSmallIntegerField(_("mois ajoutés"))
    rule_key = models.CharField(_("règle"), max_length=100)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("par"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("prolongation")
        verbose_name_plural = _("prolongations")
        constraints = [
            models.UniqueConstraint(
                fields=["accreditation", "rule_key"], name="extension_rule_once"
            ),
            models.CheckConstraint(
                condition=Q(new_expires_on__gt=F("previous_expires_on")),
                name="extension_moves_forward",
            ),
        ]

    def __str__(self):
        return f"{self.accreditation} : +{self.months} mois"


class ExpiryReminder(models.Model):
    """A reminder e-mail sent before expiry; one per accreditation, expiry date and lead time."""

    accreditation = models.ForeignKey(
        Accreditation, on_delete=models.CASCADE, related_name="reminders"
    )
    expires_on = models.DateField()
    months_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rappel d'échéance")
        verbose_name_plural = _("rappels d'échéance")
        constraints = [
            models.UniqueConstraint(
                fields=["accreditation", "expires_on", "months_before"], name="reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.accreditation} — {self.months_before} mois"
