"""The conformity checks: for each ``CheckCode``, what it means (French), whether it blocks the
switch, where it is fixed and by when.

A finding copies the "where" that fits its subject (an account, a trainee, an entity…) into its
``fix``; the explanation and the "by when" are read from here when a page or an export shows it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from forprev.switchover.enums import CheckCode

# When the fix is due.
DUE = "due"  # before the run's due date (blocking findings)
BEFORE_SWITCH = "before_switch"  # best before the switch; the switch does not wait for it
AFTER_SWITCH = "after_switch"  # nothing can be done before; to do once Forprev 2 is open


@dataclass(frozen=True)
class Check:
    code: CheckCode
    blocking: bool  # the default; a finding may differ (an ongoing session is only a warning)
    explanation: str
    when: str = DUE

    @property
    def label(self) -> str:
        return self.code.label


# Where things are fixed (the seed's « Où solution ? »).
WHERE_MY_INFO = _(
    "Dans Forprev 1 : Outils > Personnels > Mes informations — la personne concernée corrige et "
    "valide ses nom, prénom et adresse électronique (le gestionnaire peut aussi corriger depuis "
    "Outils > Utilisateurs)."
)
WHERE_TRAINER_INFO = _(
    "Dans Forprev 1 : le formateur corrige ses informations dans Outils > Personnels > Mes "
    "informations ; le gestionnaire peut aussi les corriger depuis la gestion des formateurs."
)
WHERE_PERSON = _(
    "Dans Forprev 1 : onglet Individus, fiche du stagiaire ; si elle n'est pas modifiable, "
    "écrivez à votre caisse de rattachement (nom, prénom, date de naissance et correction)."
)
WHERE_DUPLICATE_CERTAIN = _(
    "Aucune action si le compte conservé est le bon. Sinon, le formateur se connecte sur le "
    "compte qu'il souhaite conserver et suit la procédure de mise à jour des données "
    "personnelles (Outils > Personnels > Mes informations)."
)
WHERE_DUPLICATE_PROBABLE = _(
    "Même personne : le formateur se connecte sur le compte à conserver et demande la fusion "
    "(Outils > Personnels > Mes informations). Deux personnes : corrigez l'information erronée "
    "(nom, prénom, date de naissance, adresse) ou signalez-le à votre caisse de rattachement."
)
WHERE_ASSOCIATED = _(
    "Aucune action dans Forprev 1. Après la bascule, vérifiez les droits de ces délégués "
    "(Habilitations > Délégués). Pour une autre organisation, contactez votre caisse de "
    "rattachement."
)
WHERE_CAISSE = _("Contactez votre caisse de rattachement : %(contact)s.")
WHERE_SIRET_CHANGE = _(
    "Écrivez à votre caisse de rattachement (%(contact)s) avec la raison sociale liée au nouveau "
    "SIRET, l'ancien SIRET, le nouveau SIRET et la caisse instructrice ; pas de nouvelle "
    "demande initiale."
)
WHERE_TRONC_COMMUN = _(
    "Dans Forprev 1 : Habilitation > Tronc commun (zones non grisées : adresse postale, nom "
    "commercial, numéro d'activité, responsable)."
)
WHERE_SESSION_CLOSE = _("Dans Forprev 1 : Sessions > la session > Clôturer (saisie du PV).")
WHERE_SESSION_LATE = _(
    "Le délai de clôture est dépassé : demandez une régularisation à votre caisse de "
    "rattachement (%(contact)s) en précisant la session et le motif."
)
WHERE_APPLICATION = _(
    "Rien à faire dans Forprev 1 : la demande n'est pas reprise. Déposez-la de nouveau dans "
    "Forprev 2 dès son ouverture (Demander une habilitation) ; gardez vos pièces justificatives."
)
WHERE_FILE = _(
    "L'équipe de la reprise des données corrige l'export ; si la donnée est fausse dans "
    "Forprev 1, corrigez-la à l'endroit indiqué ou contactez votre caisse de rattachement."
)
NO_CONTACT = _("adresse de contact de la caisse inconnue")

# In the order pages show them: what blocks first, then the warnings.
CHECKS: dict[str, Check] = {
    check.code.value: check
    for check in (
        Check(
            CheckCode.TRONC_COMMUN_INCOMPLETE,
            True,
            _(
                "Un champ obligatoire du tronc commun est absent ou invalide : l'entité ne peut "
                "pas être créée telle quelle dans Forprev 2."
            ),
        ),
        Check(
            CheckCode.IDENTIFIER_SHARED,
            True,
            _(
                "Plusieurs entités portent le même SIRET (entreprises) ou le même numéro "
                "d'activité (organismes de formation), souvent après un changement de SIRET. "
                "Forprev 2 n'admet qu'un compte par SIRET ou par numéro d'activité."
            ),
        ),
        Check(
            CheckCode.ASSOCIATED_NEEDS_ACCREDITATION,
            True,
            _(
                "Cette entité associée ou antenne a son propre SIRET (entreprise) ou son propre "
                "numéro d'activité (organisme de formation) : elle est reprise comme une entité à "
                "part entière, sans habilitation (une habilitation par SIRET ou par numéro "
                "d'activité) ; la caisse instruit sa propre habilitation."
            ),
        ),
        Check(
            CheckCode.EMAIL_INVALID,
            True,
            _(
                "L'adresse électronique est absente ou mal formée. Elle sert à la récupération du "
                "mot de passe et à l'envoi des certificats : elle doit être valide et consultée "
                "régulièrement."
            ),
        ),
        Check(
            CheckCode.EMAIL_SHARED,
            True,
            _(
                "Chaque personne doit avoir sa propre adresse : une adresse partagée envoie les "
                "mots de passe et les certificats de l'une à l'autre. Indiquez une adresse "
                "professionnelle dont la personne est la seule destinataire."
            ),
        ),
        Check(
            CheckCode.NAME_MISSING,
            True,
            _(
                "Le nom ou le prénom est absent : ils figurent sur les certificats et servent à "
                "retrouver la personne."
            ),
        ),
        Check(
            CheckCode.TRAINER_DUPLICATE_PROBABLE,
            True,
            _(
                "Deux comptes formateur se ressemblent fortement (nom, prénom, date de naissance, "
                "adresse) : à confirmer, pour les fusionner s'il s'agit de la même personne."
            ),
        ),
        Check(
            CheckCode.SESSION_CLOSING_LATE,
            True,
            _(
                "Session non clôturée dont le dernier jour a plus de trois mois : la clôture "
                "passe par une régularisation autorisée par la caisse."
            ),
        ),
        Check(
            CheckCode.SESSION_NOT_CLOSED,
            True,
            _(
                "Session déclarée et non clôturée : seules les données stabilisées sont reprises. "
                "Une session passée doit être clôturée ; une session en cours ou à venir, dès son "
                "dernier jour."
            ),
        ),
        Check(
            CheckCode.FILE_PROBLEM,
            True,
            _(
                "Une ligne ou une valeur de l'export est illisible : elle ne peut pas être "
                "reprise telle quelle."
            ),
        ),
        Check(
            CheckCode.INFO_NOT_VALIDATED,
            False,
            _(
                "L'utilisateur n'a jamais validé ses informations personnelles (nom, prénom, "
                "adresse électronique) : elles sont reprises telles quelles."
            ),
            BEFORE_SWITCH,
        ),
        Check(
            CheckCode.TRAINER_DUPLICATE_CERTAIN,
            False,
            _(
                "Plusieurs comptes formateur désignent la même personne : ils seront fusionnés à "
                "la bascule, sans perte de certificats ni de sessions ; le compte conservé est "
                "indiqué."
            ),
            BEFORE_SWITCH,
        ),
        Check(
            CheckCode.ASSOCIATED_ENTITY,
            False,
            _(
                "Les entités associées et antennes disparaissent avec Forprev 2 : leurs "
                "utilisateurs deviennent délégués de l'entité habilitée et leurs sessions sont "
                "reprises sous elle."
            ),
            BEFORE_SWITCH,
        ),
        Check(
            CheckCode.ACCREDITATION_UNDECIDED,
            False,
            _(
                "Une habilitation active n'a pas de date de décision dans Forprev 1 : elle est "
                "reprise telle quelle ; la caisse vérifie la décision et en renseigne la date."
            ),
            BEFORE_SWITCH,
        ),
        Check(
            CheckCode.APPLICATION_PENDING,
            False,
            _(
                "Les demandes d'habilitation en cours (brouillon, transmise, en instruction, avis "
                "rendu) ne sont pas reprises : elles sont à transmettre de nouveau après la "
                "bascule."
            ),
            AFTER_SWITCH,
        ),
    )
}

assert set(CHECKS) == set(CheckCode.values), "every CheckCode needs its entry"


def check_of(code: str) -> Check:
    return CHECKS[code]


def when_text(code: str, due_on, blocking: bool = True) -> str:
    """« By when » of a finding of ``code`` in a run due on ``due_on``: blocking ones by the due
    date, warnings before the switch, pending applications once Forprev 2 is open."""
    when = CHECKS[code].when
    if when == AFTER_SWITCH:
        return str(_("Dès l'ouverture de Forprev 2"))
    if when == BEFORE_SWITCH or not blocking or due_on is None:
        return str(_("Avant la bascule"))
    return str(_("Avant le %(date)s")) % {"date": due_on.strftime("%d/%m/%Y")}
