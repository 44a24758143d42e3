from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    INITIAL = "initial", _("Demande initiale")
    RENEWAL = "renewal", _("Renouvellement")
    ADDITIONAL = "additional", _("Demande supplémentaire")


class RequestStatus(models.TextChoices):
    """Life of an application: draft → transmitted → under review ⇄ complements → opinion of the
    caisse → decision of the national committee (granted or refused)."""

    DRAFT = "draft", _("Brouillon")
    TRANSMITTED = "transmitted", _("Transmise")
    UNDER_REVIEW = "under_review", _("En instruction")
    COMPLEMENTS_REQUESTED = "complements_requested", _("Compléments demandés")
    COMPLETED = "completed", _("Complétée")
    OPINION_GIVEN = "opinion_given", _("Avis de la caisse rendu")
    GRANTED = "granted", _("Habilitation accordée")
    REFUSED = "refused", _("Habilitation refusée")


# Statuses during which the caisse holds the application: no other may be transmitted.
IN_REVIEW_STATUSES = (
    RequestStatus.TRANSMITTED,
    RequestStatus.UNDER_REVIEW,
    RequestStatus.COMPLEMENTS_REQUESTED,
    RequestStatus.COMPLETED,
    RequestStatus.OPINION_GIVEN,
)
CLOSED_STATUSES = (RequestStatus.GRANTED, RequestStatus.REFUSED)


class Opinion(models.TextChoices):
    FAVOURABLE = "favourable", _("Avis favorable")
    UNFAVOURABLE = "unfavourable", _("Avis défavorable")


class Decision(models.TextChoices):
    GRANTED = "granted", _("Habilitation accordée")
    REFUSED = "refused", _("Habilitation refusée")


class AccreditationStatus(models.TextChoices):
    """Stored status; "expired" is also derived from the dates (see Accreditation.state)."""

    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Échue")
    SUSPENDED = "suspended", _("Suspendue")
    WITHDRAWN = "withdrawn", _("Retirée")


class EventKind(models.TextChoices):
    CREATED = "created", _("Demande créée")
    TRANSMITTED = "transmitted", _("Demande transmise à la caisse")
    TAKEN = "taken", _("Prise en charge par la caisse")
    COMPLEMENTS_REQUESTED = "complements_requested", _("Compléments demandés")
    COMPLETED = "completed", _("Compléments apportés")
    OPINION = "opinion", _("Avis de la caisse")
    DECISION = "decision", _("Décision de la commission nationale")
    COMMENT = "comment", _("Commentaire")
    DOCUMENT = "document", _("Document ajouté")
    DOCUMENT_REMOVED = "document_removed", _("Document retiré")


class DocumentKind(models.TextChoices):
    KBIS = "kbis", _("Extrait Kbis ou avis de situation SIRENE")
    NDA_RECEIPT = "nda_receipt", _("Récépissé de déclaration d'activité")
    TRAINER_CERTIFICATES = "trainer_certificates", _("Certificats des formateurs proposés")
    PEDAGOGICAL_PROGRAMME = "pedagogical_programme", _("Programme pédagogique")
    COMMITMENT = "commitment", _("Engagement signé au cahier des charges")
    OTHER = "other", _("Autre document")
