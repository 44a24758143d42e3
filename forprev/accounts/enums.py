from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    """National-network roles; entity roles live on memberships (entities.enums.MembershipRole)."""

    INSTRUCTOR = "instructor", _("Chargé(e) d'habilitation")
    SUPPORT = "support", _("Assistance Forprev")
    NATIONAL = "national", _("National (INRS)")


class Role(models.TextChoices):
    """The role a person acts in during a request (see accounts.roles.RoleContext)."""

    ANONYMOUS = "anonymous", _("Visiteur")
    PERSON = "person", _("Utilisateur")
    TRAINER = "trainer", _("Formateur")
    MANAGER = "manager", _("Gestionnaire (CEH)")
    DELEGATE = "delegate", _("Délégué")
    INSTRUCTOR = "instructor", _("Chargé(e) d'habilitation")
    SUPPORT = "support", _("Assistance Forprev")
    NATIONAL = "national", _("National (INRS)")
