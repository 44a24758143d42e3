from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import StaffRole
from forprev.core.models import BaseModel
from forprev.entities.models import Entity

from .enums import CertificateSource

# A certificate "expires soon" within this many days (team page, trainer space).
EXPIRING_SOON_DAYS = 90


class TeamMembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)

    def visible_to(self, user):
        """Teams of the entities the user may see, and the trainer's own places in teams."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(entity__in=Entity.objects.visible_to(user).values("pk")) | Q(trainer=user)
        )


class TeamMembership(BaseModel):
    """A trainer in an entity's équipe pédagogique (référencé by numéro Forprev)."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("entité"), on_delete=models.CASCADE, related_name="team"
    )
    trainer = models.ForeignKey(
        "accounts.User", verbose_name=_("formateur"), on_delete=models.CASCADE, related_name="teams"
    )
    added_by = models.ForeignKey(
        "accounts.User", verbose_name=_("ajouté par"), on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(_("retiré le"), null=True, blank=True)

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre de l'équipe pédagogique")
        verbose_name_plural = _("équipes pédagogiques")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "trainer"],
                condition=Q(removed_at__isnull=True),
                name="team_membership_active_unique",
            )
        ]
        indexes = [models.Index(fields=["trainer", "removed_at"], name="team_trainer_idx")]

    def __str__(self):
        return f"{self.trainer} — {self.entity}"


class TrainerCertificateQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(revoked_at__isnull=True, issued_on__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def expiring_within(self, day, days: int = EXPIRING_SOON_DAYS):
        return self.valid_on(day).filter(valid_until__lte=day + timedelta(days=days))

    def visible_to(self, user):
        """The holder sees theirs; support and national all; an entity (and its caisse) the
        certificates of the trainers of its team."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
            return self.all()
        teams = TeamMembership.objects.active().filter(
            entity__in=Entity.objects.visible_to(user).values("pk")
        )
        return self.filter(Q(holder=user) | Q(holder__in=teams.values("trainer")))


class TrainerCertificate(BaseModel):
    """The right to train for one dispositif at one level, until ``valid_until``."""

    holder = models.ForeignKey(
        "accounts.User",
        verbose_name=_("titulaire"),
        on_delete=models.PROTECT,
        related_name="trainer_certificates",
    )
    programme_level = models.ForeignKey(
        "referentials.ProgrammeLevel",
        verbose_name=_("dispositif et niveau"),
        on_delete=models.PROTECT,
    )
    issued_on = models.DateField(_("délivré le"))
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    source = models.CharField(_("origine"), max_length=20, choices=CertificateSource.choices)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("enregistré par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    session = models.ForeignKey(
        "training.TrainingSession",
        verbose_name=_("session de formation de formateurs"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainer_certificates",
    )
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_reason = models.TextField(_("motif de la révocation"), blank=True)

    objects = TrainerCertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificat de formateur")
        verbose_name_plural = _("certificats de formateur")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("issued_on")),
                name="trainer_certificate_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["session", "holder"],
                condition=Q(session__isnull=False),
                name="trainer_certificate_once_per_session",
            ),
        ]
        indexes = [
            models.Index(
                fields=["holder", "programme_level", "valid_until"], name="trainer_cert_holder_idx"
            )
        ]

    def __str__(self):
        return f"{self.holder} — {self.programme_level}"

    def clean(self):
        if self.valid_until and self.issued_on and self.valid_until <= self.issued_on:
            raise ValidationError(
                {"valid_until": _("La fin de validité doit être postérieure à la délivrance.")}
            )

    def is_valid_on(self, day) -> bool:
        return (
            self.revoked_at is None
            and self.issued_on <= day
            and (self.valid_until is None or self.valid_until >= day)
        )

    @property
    def expires_soon(self) -> bool:
        today = timezone.localdate()
        return (
            self.is_valid_on(today)
            and self.valid_until is not None
            and self.valid_until <= today + timedelta(days=EXPIRING_SOON_DAYS)
        )
