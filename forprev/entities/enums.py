from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityKind(models.TextChoices):
    COMPANY = "company", _("Entreprise ou collectivité (ENT)")
    TRAINING_ORG = "training_org", _("Organisme de formation (OF)")


class MembershipRole(models.TextChoices):
    MANAGER = "manager", _("Gestionnaire (CEH)")
    DELEGATE = "delegate", _("Délégué")


class DelegateRight(models.TextChoices):
    """Rights a manager (CEH) grants a delegate. A manager holds them all."""

    DECLARE_SESSIONS = "declare_sessions", _("Déclarer des sessions")
    CLOSE_SESSIONS = "close_sessions", _("Clôturer des sessions")
    MANAGE_TRAINERS = "manage_trainers", _("Gérer l'équipe pédagogique")
    EXPORTS = "exports", _("Réaliser des exports")
    VIEW_REQUESTS = "view_requests", _("Consulter les demandes d'habilitation")


class InvitationKind(models.TextChoices):
    """What accepting the invitation makes of the invitee."""

    DELEGATE = "delegate", _("Délégué(e) de l'entité")
    TRAINER = "trainer", _("Formateur ou formatrice de l'équipe pédagogique")


class InvitationState(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")
    WITHDRAWN = "withdrawn", _("Retirée")
    EXPIRED = "expired", _("Expirée")


class EntityStatus(models.TextChoices):
    """Whether the caisse has recognised the entity's claim to its SIRET (ENT) or NDA (OF).

    An entity created by the public application is provisional: it has no rights over the number
    it claims (not in the directory, no sessions, not matched at the switch-over, several may
    claim one number) until the caisse recognises it."""

    PROVISIONAL = "provisional", _("Provisoire (en attente de reconnaissance par la caisse)")
    RECOGNISED = "recognised", _("Reconnue par la caisse")
