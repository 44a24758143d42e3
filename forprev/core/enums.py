from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRunStatus(models.TextChoices):
    ENQUEUED = "enqueued", _("en attente")
    RUNNING = "running", _("en cours")
    SUCCEEDED = "succeeded", _("terminée")
    FAILED = "failed", _("échouée")
