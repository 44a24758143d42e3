"""Why a row of the export was not taken over as itself, or what was corrected on the way.

Every row of every file gets exactly one outcome (``Outcome``): migrated, merged, rejected or
deferred. A row that is not migrated carries one reason below; a migrated row may carry
corrections (values dropped or replaced), each also listed with its code. The code is stored on
``MigrationIssue.reason``; the label is the French text the reconciliation report shows, the
issue's ``message`` says what exactly happened to that row.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..enums import Outcome


@dataclass(frozen=True)
class Reason:
    code: str
    outcome: str  # an Outcome value; MIGRATED for corrections
    label: str


_REASONS = [
    # -- rejected: the row's data is unusable -----------------------------------------------
    Reason("broken_line", Outcome.REJECTED, _("Ligne cassée (nombre de valeurs)")),
    Reason("invalid_value", Outcome.REJECTED, _("Valeur obligatoire absente ou invalide")),
    Reason("duplicate_id", Outcome.REJECTED, _("Identifiant en double dans le fichier")),
    Reason("siret_invalid", Outcome.REJECTED, _("SIRET invalide")),
    Reason("nda_invalid", Outcome.REJECTED, _("NDA absent ou invalide (organisme de formation)")),
    Reason("department_unknown", Outcome.REJECTED, _("Département inconnu")),
    Reason("postcode_invalid", Outcome.REJECTED, _("Code postal invalide")),
    Reason("parent_unknown", Outcome.REJECTED, _("Entité de rattachement inconnue ou non reprise")),
    Reason("name_missing", Outcome.REJECTED, _("Nom ou prénom absent")),
    Reason("entity_unknown", Outcome.REJECTED, _("Entité inconnue ou non reprise")),
    Reason("user_unknown", Outcome.REJECTED, _("Compte utilisateur inconnu ou non repris")),
    Reason("trainer_unknown", Outcome.REJECTED, _("Formateur inconnu ou non repris")),
    Reason("person_unknown", Outcome.REJECTED, _("Individu inconnu ou non repris")),
    Reason("session_unknown", Outcome.REJECTED, _("Session inconnue ou rejetée")),
    Reason("programme_level_unknown", Outcome.REJECTED, _("Dispositif ou niveau inconnu")),
    Reason("dates_out_of_order", Outcome.REJECTED, _("Dates dans le désordre")),
    Reason("certificate_duplicate", Outcome.REJECTED, _("Certificat en double (même stagiaire, même session)")),
    Reason("number_taken", Outcome.REJECTED, _("Numéro de certificat déjà attribué")),
    Reason("code_taken", Outcome.REJECTED, _("Code de vérification déjà attribué")),
    Reason("code_invalid", Outcome.REJECTED, _("Code de vérification inutilisable dans une adresse")),
    # -- merged: taken over into another row ----------------------------------------------
    Reason("associated_entity", Outcome.MERGED, _("Entité associée ou antenne reprise dans son entité habilitée")),
    Reason("same_identifier", Outcome.MERGED, _("Même SIRET (ENT) ou NDA (OF) qu'une autre entité de l'export")),
    Reason("existing_entity", Outcome.MERGED, _("Entité déjà présente dans Forprev 2 (même SIRET ou NDA)")),
    Reason("trainer_duplicate", Outcome.MERGED, _("Formateur en double fusionné dans le compte conservé")),
    Reason("profile_merged", Outcome.MERGED, _("Profil réuni avec un autre profil de la même personne dans la même entité")),
    Reason("enrolment_duplicate", Outcome.MERGED, _("Stagiaire déjà inscrit à la même session")),
    # -- deferred: not stabilised, or out of scope by rule ---------------------------------
    Reason("accreditation_undecided", Outcome.DEFERRED, _("Habilitation sans décision")),
    Reason("application_pending", Outcome.DEFERRED, _("Demande en cours : à transmettre à nouveau après la bascule")),
    Reason("application_decided", Outcome.DEFERRED, _("Demande décidée : la décision est reprise par l'habilitation")),
    Reason("session_open", Outcome.DEFERRED, _("Session non clôturée")),
    Reason("session_cancelled", Outcome.DEFERRED, _("Session annulée")),
    Reason("session_deferred", Outcome.DEFERRED, _("Session non reprise (non clôturée ou annulée)")),
    # -- corrections of migrated rows ------------------------------------------------------
    Reason("value_dropped", Outcome.MIGRATED, _("Valeur facultative illisible, non reprise")),
    Reason("email_invalid", Outcome.MIGRATED, _("Adresse électronique invalide, non reprise")),
    Reason("email_shared", Outcome.MIGRATED, _("Adresse électronique partagée, laissée à son premier titulaire")),
    Reason("email_taken", Outcome.MIGRATED, _("Adresse électronique déjà utilisée dans Forprev 2")),
    Reason("identifier_replaced", Outcome.MIGRATED, _("Identifiant absent, mal formé ou déjà attribué : nouveau numéro Forprev")),
    Reason("number_replaced", Outcome.MIGRATED, _("Numéro Forprev absent, mal formé ou déjà attribué : nouveau numéro")),
    Reason("rights_unknown", Outcome.MIGRATED, _("Droits inconnus, non repris")),
    Reason("delegate_of_parent", Outcome.MIGRATED, _("Profil d'une entité associée : délégué de l'entité habilitée")),
    Reason("caisse_from_department", Outcome.MIGRATED, _("Caisse inconnue : caisse du département")),
    Reason("nda_dropped", Outcome.MIGRATED, _("NDA invalide d'une entreprise, non repris")),
    Reason("capacity_default", Outcome.MIGRATED, _("Nombre de places absent : celui du dispositif")),
    Reason("place_from_entity", Outcome.MIGRATED, _("Lieu absent : adresse de l'entité")),
    Reason("reference_dropped", Outcome.MIGRATED, _("Référence inconnue ou non reprise, ignorée")),
    Reason("person_link_skipped", Outcome.MIGRATED, _("Individu déjà relié à un autre compte")),
    Reason("extended", Outcome.MIGRATED, _("Échéance prolongée par règle")),
    Reason("associated_own_entity", Outcome.MIGRATED, _("Entité associée ou antenne avec son propre SIRET ou NDA : entité à part entière, à habiliter")),
    Reason("name_incomplete", Outcome.MIGRATED, _("Nom ou prénom absent : individu repris, nom à compléter")),
    Reason("decision_date_missing", Outcome.MIGRATED, _("Habilitation active sans date de décision : reprise, décision à renseigner")),
    Reason("number_normalised", Outcome.MIGRATED, _("Numéro de certificat mis en majuscules sans espace")),
]  # fmt: skip

REASONS: dict[str, Reason] = {reason.code: reason for reason in _REASONS}


def outcome_of(code: str) -> str:
    return REASONS[code].outcome


def label_of(code: str) -> str:
    reason = REASONS.get(code)
    return str(reason.label) if reason else code
