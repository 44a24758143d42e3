"""« Stagiaire introuvable » and « erreur de coordonnées »: a manager or a trainer asks the caisse
to find a person the entity cannot see, or to correct a person's name or birth date."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import StaffRole
from forprev.core.models import BaseModel


class PersonRequestKind(models.TextChoices):
    NOT_FOUND = "not_found", _("Stagiaire introuvable")
    WRONG_DETAILS = "wrong_details", _("Erreur de coordonnées")


class PersonRequestStatus(models.TextChoices):
    PENDING = "pending", _("En attente de la caisse")
    RESOLVED = "resolved", _("Traitée")
    REJECTED = "rejected", _("Sans suite")


class PersonRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=PersonRequestStatus.PENDING)

    def awaiting(self, user):
        """The pending requests ``user`` answers (``people.rules.can_answer_person_request``):
        those of the entities of their caisse for an instructor, all of them for support,
        none for anybody else (national reads them, the caisse answers)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.staff_role == StaffRole.SUPPORT:
            return self.pending()
        if user.staff_role == StaffRole.INSTRUCTOR and user.caisse_id:
            return self.pending().filter(entity__caisse_id=user.caisse_id)
        return self.none()

    def visible_to(self, user):
        """The requester and the members of the entity who may see its trainees (the manager,
        delegates with a session right: the requests name people and their birth dates); the
        entity's caisse; support and national all."""
        from .models import entities_showing_trainees

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
            return self.all()
        if user.staff_role == StaffRole.INSTRUCTOR:
            return self.filter(entity__caisse_id=user.caisse_id)
        return self.filter(Q(requested_by=user) | Q(entity__in=entities_showing_trainees(user)))


class PersonRequest(BaseModel):
    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name=_("entité"),
        on_delete=models.CASCADE,
        related_name="person_requests",
    )
    session = models.ForeignKey(
        "training.TrainingSession",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person_requests",
    )
    kind = models.CharField(_("motif"), max_length=20, choices=PersonRequestKind.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("individu concerné"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )
    last_name = models.CharField(_("nom"), max_length=150)
    first_name = models.CharField(_("prénom"), max_length=150)
    birth_date = models.DateField(_("date de naissance"))
    # Part of the « coordonnées »: the address the requester gives (blank: unknown / unchanged).
    email = models.EmailField(_("adresse électronique"), blank=True, default="")
    explanation = models.TextField(_("précisions"), blank=True)
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=PersonRequestStatus.choices,
        default=PersonRequestStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("demandée par"), on_delete=models.PROTECT, related_name="+"
    )
    resolved_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("traitée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    resolution = models.TextField(_("réponse de la caisse"), blank=True)

    objects = PersonRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande sur un individu")
        verbose_name_plural = _("demandes sur des individus")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["entity", "status"], name="person_request_entity_idx"),
            models.Index(fields=["status", "created_at"], name="person_request_queue_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.last_name.upper()} {self.first_name}"
