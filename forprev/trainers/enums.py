from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateSource(models.TextChoices):
    TRAINING = "training", _("Formation de formateurs")
    RECORDED = "recorded", _("Enregistré par l'assistance ou le national")
