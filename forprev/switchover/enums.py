from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckCode(models.TextChoices):
    """The conformity checks of the seed, run on a Forprev 1 export before the switch.

    What each one means, whether it blocks, where to fix it and by when:
    ``forprev.switchover.checks.catalogue``."""

    EMAIL_INVALID = "email_invalid", _("Adresse électronique absente ou invalide")
    EMAIL_SHARED = "email_shared", _("Adresse électronique partagée entre plusieurs personnes")
    NAME_MISSING = "name_missing", _("Nom ou prénom absent")
    INFO_NOT_VALIDATED = "info_not_validated", _("Informations personnelles jamais validées")
    TRAINER_DUPLICATE_CERTAIN = "trainer_duplicate_certain", _("Formateur en double (certain)")
    TRAINER_DUPLICATE_PROBABLE = "trainer_duplicate_probable", _("Formateur en double (probable)")
    ASSOCIATED_ENTITY = "associated_entity", _("Entité associée ou antenne")
    ASSOCIATED_NEEDS_ACCREDITATION = (
        "associated_needs_accreditation",
        _("Entité associée ou antenne avec son propre SIRET ou NDA"),
    )
    IDENTIFIER_SHARED = (
        "identifier_shared",
        _("SIRET ou NDA porté par plusieurs entités (changement de SIRET ?)"),
    )
    SESSION_NOT_CLOSED = "session_not_closed", _("Session non clôturée")
    SESSION_CLOSING_LATE = "session_closing_late", _("Session non clôturée hors délai")
    APPLICATION_PENDING = "application_pending", _("Demande d'habilitation en cours")
    ACCREDITATION_UNDECIDED = (
        "accreditation_undecided",
        _("Habilitation active sans date de décision"),
    )
    TRONC_COMMUN_INCOMPLETE = "tronc_commun_incomplete", _("Tronc commun incomplet")
    FILE_PROBLEM = "file_problem", _("Anomalie de l'export")


class Outcome(models.TextChoices):
    """What became of one row of the export in a migration run."""

    MIGRATED = "migrated", _("Repris")
    MERGED = "merged", _("Repris par fusion")
    REJECTED = "rejected", _("Rejeté")
    DEFERRED = "deferred", _("Non repris")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("En cours")
    FINISHED = "finished", _("Terminée")
    FAILED = "failed", _("Échouée")
