from django.db import models
from django.utils.translation import gettext_lazy as _


class CaisseKind(models.TextChoices):
    CARSAT = "carsat", _("Carsat")
    CRAMIF = "cramif", _("CRAMIF")
    CGSS = "cgss", _("CGSS")
    CSS = "css", _("CSS")


class Level(models.IntegerChoices):
    """Cascade level: INRS trains trainers of trainers (3), who train trainers (2), who train actors (1)."""

    ACTOR = 1, _("Niveau 1 — acteur")
    TRAINER = 2, _("Niveau 2 — formateur")
    TRAINER_OF_TRAINERS = 3, _("Niveau 3 — formateur de formateurs")
