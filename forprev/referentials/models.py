from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .enums import CaisseKind, Level


class Caisse(models.Model):
    """Regional fund (Carsat, CRAMIF, CGSS, CSS Mayotte) that entities of its départements depend on."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("type"), max_length=10, choices=CaisseKind.choices)
    name = models.CharField(_("nom"), max_length=120, unique=True)
    email = models.EmailField(_("adresse de contact"), blank=True, default="")

    class Meta:
        verbose_name = _("caisse")
        verbose_name_plural = _("caisses")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A French département; it sets the caisse de rattachement of an entity."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=80)
    caisse = models.ForeignKey(
        Caisse, verbose_name=_("caisse"), on_delete=models.PROTECT, related_name="departments"
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.name}"


class ProgrammeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Programme(models.Model):
    """A dispositif (SST, PRAP…): a training scheme an entity can be accredited for."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    is_active = models.BooleanField(_("actif"), default=True)
    accreditation_validity_months = models.PositiveSmallIntegerField(
        _("durée d'une habilitation (mois)"), default=60
    )
    renewal_lead_months = models.PositiveSmallIntegerField(
        _("ouverture du renouvellement avant échéance (mois)"), default=6
    )
    display_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispositif")
        verbose_name_plural = _("dispositifs")
        ordering = ["display_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accreditation_validity_months__gt=0),
                name="programme_accreditation_validity_positive",
            )
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"


class ProgrammeLevel(models.Model):
    """One level of a dispositif with its course durations, group bounds and certificate validity."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("dispositif"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices)
    label = models.CharField(_("intitulé"), max_length=120)
    initial_duration_hours = models.PositiveSmallIntegerField(
        _("durée de la formation initiale (heures)"), null=True, blank=True
    )
    refresher_duration_hours = models.PositiveSmallIntegerField(
        _("durée du MAC (heures)"), null=True, blank=True
    )
    min_trainees = models.PositiveSmallIntegerField(_("stagiaires minimum"), null=True, blank=True)
    max_trainees = models.PositiveSmallIntegerField(_("stagiaires maximum"), null=True, blank=True)
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("validité du certificat (mois)"),
        null=True,
        blank=True,
        help_text=_("Vide : le certificat n'expire pas."),
    )
    delivered_by_inrs = models.BooleanField(_("formation dispensée par l'INRS"), default=False)

    class Meta:
        verbose_name = _("niveau de dispositif")
        verbose_name_plural = _("niveaux de dispositif")
        ordering = ["programme", "level"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "level"], name="programme_level_unique"),
            models.CheckConstraint(
                condition=Q(min_trainees__isnull=True)
                | Q(max_trainees__isnull=True)
                | Q(min_trainees__lte=F("max_trainees")),
                name="programme_level_group_bounds",
            ),
        ]

    def __str__(self):
        return f"{self.programme.code} — {self.label}"

    def clean(self):
        if (
            self.min_trainees is not None
            and self.max_trainees is not None
            and self.min_trainees > self.max_trainees
        ):
            raise ValidationError(
                {
                    "max_trainees": _(
                        "Le maximum de stagiaires doit être supérieur ou égal au minimum."
                    )
                }
            )
