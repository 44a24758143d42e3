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


class RegularisationKind(models.TextChoices):
    FORGOTTEN_SESSION = "forgotten_session", _("Session oubliée (à déclarer après coup)")
    LATE_CLOSING = "late_closing", _("Clôture après le délai de clôture")
    EXPIRED_ACCREDITATION = "expired_accreditation", _("Clôture après l'échéance de l'habilitation")
    WRONG_DATA = "wrong_data", _("Données erronées d'une session clôturée")


class RegularisationStatus(models.TextChoices):
    PENDING = "pending", _("En attente de la caisse")
    AUTHORISED = "authorised", _("Autorisée")
    REFUSED = "refused", _("Refusée")
    USED = "used", _("Utilisée")
