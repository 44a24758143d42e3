from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    INITIAL = "initial", _("Formation initiale")
    REFRESHER = "refresher", _("Maintien et actualisation des compétences (MAC)")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    SUBMITTED = "submitted", _("Soumise au formateur")
    VALIDATED = "validated", _("Validée par le formateur")
    CLOSED = "closed", _("Clôturée")


class Result(models.TextChoices):
    PENDING = "pending", _("À renseigner")
    PASSED = "passed", _("Certifié")
    FAILED = "failed", _("Non certifié")
    ABSENT = "absent", _("Absent")
