"""The Forprev 1 export: which files, which columns, which types (``docs/forprev1-export.md``).

One description serves the reader (typing, required columns), the generator, the conformity
checks, the migration and the documentation's test. A file is ``;``-separated with a header row,
in UTF-8 (with or without BOM) or Windows-1252. Values are trimmed; an empty cell is "no value".

Column types:

- ``text``: any text (``max_length`` when Forprev 2 stores it in a bounded column);
- ``id``: a Forprev 1 internal identifier (digits, kept as text), unique within its file;
- ``ref``: the ``id`` of a row of another file (``ref`` names it);
- ``refs``: several such ids separated by ``,`` or ``|``;
- ``date``: ``JJ/MM/AAAA``, ``AAAA-MM-JJ`` or ``JJ-MM-AAAA`` (the three formats found in the exports);
- ``bool``: ``O``/``N`` (also ``OUI``/``NON``, ``1``/``0``, ``VRAI``/``FAUX``);
- ``int``: a whole number;
- ``choice``: one of ``choices`` (compared upper-cased).

A value the type refuses makes the row rejected when the column is ``required``, and is reported
and dropped (read as empty) otherwise.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"
    required: bool = False
    description: str = ""
    example: str = ""
    choices: tuple[str, ...] = ()
    ref: str = ""
    max_length: int | None = None


@dataclass(frozen=True)
class FileSpec:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: str = ""  # the ``id`` column, unique in the file
    required: bool = (
        True  # a missing required file is reported; the files that refer to it lose those rows
    )
    column_names: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self):
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


ENTITY_KINDS = ("ENT", "OF")
ATTACHMENTS = ("ASSOCIEE", "ANTENNE")
PROFILES = ("CEH", "CEA", "ASSISTANT")
ACCREDITATION_STATUSES = ("ACTIVE", "ECHUE", "SUSPENDUE", "RETIREE")
APPLICATION_KINDS = ("INITIALE", "RENOUVELLEMENT", "SUPPLEMENTAIRE")
APPLICATION_STATUSES = (
    "BROUILLON",
    "TRANSMISE",
    "EN_INSTRUCTION",
    "AVIS_RENDU",
    "ACCORDEE",
    "REFUSEE",
)
SESSION_KINDS = ("INITIALE", "MAC")
SESSION_STATUSES = ("OUVERTE", "CLOTUREE", "ANNULEE")
RESULTS = ("ACQUIS", "NON_ACQUIS", "ABSENT")
PROGRAMMES = ("SST", "PRAP-IBC", "PRAP-2S", "ASD", "SMS-AP", "TMS-PROS", "AMIANTE-SS4", "CATEC")

ENTITIES = FileSpec(
    name="entites.csv",
    description="Entités habilitées ou anciennement habilitées, avec leurs entités associées et antennes.",
    key="id_entite",
    columns=(
        Column("id_entite", "id", True, "Identifiant interne Forprev 1", "10234"),
        Column("type", "choice", True, "ENT (entreprise) ou OF (organisme de formation)", "OF", ENTITY_KINDS),
        Column("raison_sociale", "text", True, "Raison sociale", "FORMASUD PREVENTION", max_length=200),
        Column("nom_commercial", "text", False, "Nom commercial (non repris dans Forprev 2)", "FORMASUD"),
        Column("siret", "text", True, "SIRET (14 chiffres, espaces tolérés)", "41234567800012"),
        Column("nda", "text", False, "Numéro de déclaration d'activité (11 chiffres, OF)", "93131234513"),
        Column("adresse", "text", True, "Adresse postale", "12 rue de la République", max_length=200),
        Column("complement_adresse", "text", False, "Complément d'adresse", "Bâtiment B", max_length=200),
        Column("code_postal", "text", True, "Code postal", "13001"),
        Column("commune", "text", True, "Commune", "Marseille", max_length=120),
        Column("departement", "text", True, "Code du département", "13"),
        Column("caisse", "text", True, "Code de la caisse de rattachement", "carsat-sud-est"),
        Column("responsable", "text", False, "Responsable de l'organisme ou de l'entreprise", "Claire MARTIN", max_length=200),
        Column("telephone", "text", False, "Téléphone", "04 91 00 00 00", max_length=20),
        Column("email_contact", "text", False, "Adresse électronique de contact", "contact@formasud.fr"),
        Column("id_entite_parente", "ref", False, "Pour une entité associée ou une antenne : l'entité habilitée dont elle dépend", "10233", ref="entites.csv"),
        Column("rattachement", "choice", False, "ASSOCIEE ou ANTENNE (vide pour une entité habilitée)", "ANTENNE", ATTACHMENTS),
        Column("date_creation", "date", False, "Date de création du compte", "15/03/2016"),
    ),
)  # fmt: skip

USERS = FileSpec(
    name="utilisateurs.csv",
    description="Comptes utilisateurs (gestionnaires, délégués, assistants, formateurs).",
    key="id_utilisateur",
    columns=(
        Column("id_utilisateur", "id", True, "Identifiant interne Forprev 1", "88412"),
        Column("identifiant", "text", True, "Identifiant de connexion : 3 lettres majuscules et 5 chiffres", "JKA37899"),
        Column("nom", "text", False, "Nom", "MARTIN", max_length=150),
        Column("prenom", "text", False, "Prénom", "Claire", max_length=150),
        Column("email", "text", False, "Adresse électronique (unique et personnelle)", "claire.martin@formasud.fr"),
        Column("actif", "bool", False, "Compte actif", "O"),
        Column("date_validation_infos", "date", False, "Date de validation de « Mes informations »", "02/06/2022"),
    ),
)  # fmt: skip

PROFILES_FILE = FileSpec(
    name="profils.csv",
    description="Profils des utilisateurs dans les entités (CEH, CEA, assistant).",
    columns=(
        Column("id_utilisateur", "ref", True, "L'utilisateur", "88412", ref="utilisateurs.csv"),
        Column("id_entite", "ref", True, "L'entité", "10234", ref="entites.csv"),
        Column("profil", "choice", True, "CEH (gestionnaire), CEA ou ASSISTANT (délégués)", "CEH", PROFILES),
        Column("droits", "text", False, "Droits délégués, séparés par des virgules", "sessions,formateurs"),
    ),
)  # fmt: skip

PERSONS = FileSpec(
    name="individus.csv",
    description="Individus (stagiaires) formés.",
    key="id_individu",
    columns=(
        Column("id_individu", "id", True, "Identifiant interne Forprev 1", "5523001"),
        Column("numero_forprev", "text", False, "Numéro Forprev de l'individu (3 lettres et 5 chiffres)", "BXR20931"),
        Column("nom", "text", False, "Nom", "DUPONT", max_length=150),
        Column("prenom", "text", False, "Prénom", "Jean", max_length=150),
        Column("date_naissance", "date", True, "Date de naissance", "14/07/1985"),
        Column("email", "text", False, "Adresse électronique", "jean.dupont@example.fr"),
    ),
)  # fmt: skip

TRAINERS = FileSpec(
    name="formateurs.csv",
    description="Formateurs : un compte utilisateur et un individu.",
    key="id_formateur",
    columns=(
        Column("id_formateur", "id", True, "Identifiant interne Forprev 1", "7001"),
        Column("id_utilisateur", "ref", True, "Le compte du formateur", "88412", ref="utilisateurs.csv"),
        Column("id_individu", "ref", False, "L'individu du formateur", "5523001", ref="individus.csv"),
        Column("nom", "text", False, "Nom", "MARTIN", max_length=150),
        Column("prenom", "text", False, "Prénom", "Claire", max_length=150),
        Column("date_naissance", "date", False, "Date de naissance", "1978-02-11"),
        Column("email", "text", False, "Adresse électronique", "claire.martin@formasud.fr"),
        Column("ids_entites", "refs", False, "Entités dont il fait partie de l'équipe pédagogique", "10234,10240", ref="entites.csv"),
    ),
)  # fmt: skip

TRAINER_CERTIFICATES = FileSpec(
    name="certificats_formateurs.csv",
    description="Certificats de formateur (et de formateur de formateurs).",
    key="id_certificat_formateur",
    columns=(
        Column("id_certificat_formateur", "id", True, "Identifiant interne Forprev 1", "30012"),
        Column("id_formateur", "ref", True, "Le formateur", "7001", ref="formateurs.csv"),
        Column("dispositif", "choice", True, "Code du dispositif", "SST", PROGRAMMES),
        Column("niveau", "int", True, "2 (formateur) ou 3 (formateur de formateurs)", "2"),
        Column("date_obtention", "date", True, "Date d'obtention", "20/05/2021"),
        Column("date_fin_validite", "date", False, "Fin de validité", "20/05/2024"),
    ),
)  # fmt: skip

ACCREDITATIONS = FileSpec(
    name="habilitations.csv",
    description="Habilitations décidées.",
    key="id_habilitation",
    columns=(
        Column("id_habilitation", "id", True, "Identifiant interne Forprev 1", "4410"),
        Column("id_entite", "ref", True, "L'entité habilitée", "10234", ref="entites.csv"),
        Column("dispositif", "choice", True, "Code du dispositif", "SST", PROGRAMMES),
        Column("niveau", "int", True, "Niveau habilité (1 : acteurs, 2 : formateurs)", "1"),
        Column("date_debut", "date", True, "Début", "01/01/2021"),
        Column("date_echeance", "date", True, "Échéance", "31/12/2025"),
        Column("statut", "choice", True, "ACTIVE, ECHUE, SUSPENDUE ou RETIREE", "ACTIVE", ACCREDITATION_STATUSES),
        Column("date_decision", "date", False, "Date de la décision (vide : pas de décision)", "15/12/2020"),
    ),
)  # fmt: skip

APPLICATIONS = FileSpec(
    name="demandes.csv",
    description="Demandes d'habilitation (initiales, renouvellements, supplémentaires).",
    key="id_demande",
    columns=(
        Column("id_demande", "id", True, "Identifiant interne Forprev 1", "9120"),
        Column("id_entite", "ref", True, "L'entité demandeuse", "10234", ref="entites.csv"),
        Column("type", "choice", True, "INITIALE, RENOUVELLEMENT ou SUPPLEMENTAIRE", "RENOUVELLEMENT", APPLICATION_KINDS),
        Column("dispositifs", "text", True, "Codes des dispositifs demandés, séparés par des virgules", "SST,PRAP-IBC"),
        Column("statut", "choice", True, "BROUILLON, TRANSMISE, EN_INSTRUCTION, AVIS_RENDU, ACCORDEE ou REFUSEE", "TRANSMISE", APPLICATION_STATUSES),
        Column("date_depot", "date", False, "Date de transmission", "03/10/2022"),
        Column("date_decision", "date", False, "Date de la décision", ""),
    ),
)  # fmt: skip

SESSIONS = FileSpec(
    name="sessions.csv",
    description="Sessions de formation déclarées.",
    key="id_session",
    columns=(
        Column("id_session", "id", True, "Identifiant interne Forprev 1", "600123"),
        Column("id_entite", "ref", True, "L'entité qui a déclaré la session", "10234", ref="entites.csv"),
        Column("dispositif", "choice", True, "Code du dispositif", "SST", PROGRAMMES),
        Column("niveau", "int", True, "1 (acteurs), 2 (formateurs) ou 3", "1"),
        Column("type", "choice", True, "INITIALE ou MAC", "INITIALE", SESSION_KINDS),
        Column("date_debut", "date", True, "Premier jour", "12/09/2022"),
        Column("date_fin", "date", True, "Dernier jour", "13/09/2022"),
        Column("adresse", "text", False, "Adresse du lieu", "12 rue de la République", max_length=200),
        Column("commune", "text", False, "Commune du lieu", "Marseille", max_length=120),
        Column("inter", "bool", False, "Session inter-entreprises", "N"),
        Column("capacite", "int", False, "Nombre de places", "10"),
        Column("statut", "choice", True, "OUVERTE, CLOTUREE ou ANNULEE", "CLOTUREE", SESSION_STATUSES),
        Column("date_cloture", "date", False, "Date de clôture", "20/09/2022"),
        Column("ids_formateurs", "refs", False, "Formateurs de la session", "7001", ref="formateurs.csv"),
    ),
)  # fmt: skip

ENROLMENTS = FileSpec(
    name="inscriptions.csv",
    description="Inscriptions des stagiaires aux sessions, avec leur résultat.",
    key="id_inscription",
    columns=(
        Column("id_inscription", "id", True, "Identifiant interne Forprev 1", "9100231"),
        Column("id_session", "ref", True, "La session", "600123", ref="sessions.csv"),
        Column("id_individu", "ref", True, "Le stagiaire", "5523001", ref="individus.csv"),
        Column("resultat", "choice", False, "ACQUIS, NON_ACQUIS ou ABSENT (vide : non renseigné)", "ACQUIS", RESULTS),
    ),
)  # fmt: skip

CERTIFICATES = FileSpec(
    name="certificats.csv",
    description="Certificats délivrés aux stagiaires (vérifiables publiquement).",
    key="id_certificat",
    columns=(
        Column("id_certificat", "id", True, "Identifiant interne Forprev 1", "9100231"),
        Column("numero", "text", True, "Numéro du certificat (imprimé sur le certificat)", "SST22-0048213", max_length=20),
        Column("code_verification", "text", True, "Code de vérification (lien du QR code)", "q3Xv9TzL0p2WbN8a", max_length=32),
        Column("id_individu", "ref", True, "Le titulaire", "5523001", ref="individus.csv"),
        Column("id_session", "ref", True, "La session", "600123", ref="sessions.csv"),
        Column("date_delivrance", "date", True, "Date de délivrance", "20/09/2022"),
        Column("date_fin_validite", "date", False, "Fin de validité", "20/09/2024"),
        Column("revoque", "bool", False, "Certificat révoqué", "N"),
        Column("motif_revocation", "text", False, "Motif de la révocation", ""),
    ),
)  # fmt: skip

EXPORT = FileSpec(
    name="export.csv",
    description="L'export lui-même : sa date, qui sert de « aujourd'hui » aux contrôles et à la reprise.",
    required=False,
    columns=(
        Column("date_export", "date", True, "Date de l'export", "15/12/2022"),
        Column("origine", "text", False, "Application et version d'origine", "Forprev 1.14"),
    ),
)  # fmt: skip

# In dependency order: a file only refers to files before it (entities refer to themselves).
FILES: tuple[FileSpec, ...] = (
    EXPORT,
    ENTITIES,
    USERS,
    PROFILES_FILE,
    PERSONS,
    TRAINERS,
    TRAINER_CERTIFICATES,
    ACCREDITATIONS,
    APPLICATIONS,
    SESSIONS,
    ENROLMENTS,
    CERTIFICATES,
)
BY_NAME = {spec.name: spec for spec in FILES}
