"""Synthetic accounts for sizing and benchmarks (``manage.py generate_dataset``).

Everything is drawn from the ``random.Random`` the command hands over, never from the global
generator, so one seed always gives the same people, e-mails and numéros Forprev (on the same
starting database). Rows are written with ``bulk_create`` in batches: no ``save()``, no
``full_clean()`` and no signals — so **auditlog writes no audit rows** for synthetic accounts,
which is intended (they are not business changes made by somebody). Every value is built valid
instead, and the database constraints still check the rest (unique numéro and e-mail…).

Passwords are never hashed per row: the command computes one hash with ``make_password`` and
every synthetic account reuses it.

This module also holds the small helpers the other domains' ``synthetic.py`` share: French
names, unique e-mails, reproducible public identifiers and batched inserts.
"""

import random
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from forprev.accounts.enums import StaffRole
from forprev.accounts.identifiers import issue_forprev_ids_bulk
from forprev.accounts.models import User

BATCH_SIZE = 2_000

# Staff accounts and the dataset marker use a reserved, undeliverable domain (RFC 2606 ``.test``).
SYNTHETIC_DOMAIN = "synthetic.forprev.test"

# People's personal addresses: the providers French people actually use, with rough shares.
MAIL_PROVIDERS = (
    ("gmail.com", 26), ("orange.fr", 20), ("hotmail.fr", 9), ("free.fr", 9), ("laposte.net", 7),
    ("sfr.fr", 6), ("wanadoo.fr", 6), ("yahoo.fr", 5), ("outlook.fr", 5), ("bbox.fr", 3),
    ("icloud.com", 2), ("neuf.fr", 2),
)  # fmt: skip

FEMALE_FIRST_NAMES = (
    "Marie", "Camille", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sandrine", "Valérie",
    "Christine", "Céline", "Stéphanie", "Julie", "Sophie", "Aurélie", "Émilie", "Laura", "Léa",
    "Manon", "Chloé", "Emma", "Inès", "Sarah", "Pauline", "Marine", "Mathilde", "Clara", "Lucie",
    "Anaïs", "Océane", "Justine", "Élodie", "Audrey", "Françoise", "Martine", "Monique", "Nicole",
    "Patricia", "Véronique", "Caroline", "Virginie", "Hélène", "Agnès", "Brigitte", "Corinne",
    "Delphine", "Fabienne", "Florence", "Karine", "Laurence", "Muriel", "Nadia", "Fatima",
    "Samira", "Yasmine", "Leïla", "Awa", "Aminata", "Mélanie", "Charlotte", "Margaux", "Juliette",
    "Zoé", "Jade", "Louise", "Alice", "Lina", "Rose", "Anna", "Romane", "Maëlle", "Noémie",
    "Héloïse", "Solène", "Gaëlle", "Gwenaëlle", "Maïwenn", "Cécile", "Béatrice", "Geneviève",
    "Josiane", "Odile", "Ghislaine", "Danièle", "Thérèse", "Anne-Marie", "Marie-Claire",
    "Anne-Sophie", "Marie-Christine", "Marie-Hélène", "Marie-Laure", "Marie-Pierre", "Anne-Laure",
    "Marie-France", "Claire", "Élise", "Éva", "Nina", "Léna", "Ambre", "Clémence", "Bérénice",
    "Lætitia", "Estelle", "Morgane", "Sabrina", "Amandine", "Alexandra", "Coralie", "Zaïnaba",
)  # fmt: skip

MALE_FIRST_NAMES = (
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Christophe", "Patrick", "Daniel",
    "Bernard", "Éric", "Laurent", "Frédéric", "Stéphane", "David", "Olivier", "Sébastien",
    "Julien", "Thomas", "Alexandre", "Antoine", "Maxime", "Guillaume", "Romain", "Kévin",
    "Florian", "Mathieu", "Jérôme", "Cédric", "Fabrice", "Thierry", "Pascal", "Dominique",
    "Gérard", "Jacques", "François", "Didier", "Yves", "Serge", "Bruno", "Vincent", "Franck",
    "Emmanuel", "Arnaud", "Benoît", "Damien", "Grégory", "Hervé", "Lionel", "Ludovic", "Marc",
    "Mickaël", "Raphaël", "Rémi", "Sylvain", "Yannick", "Hugo", "Lucas", "Louis", "Gabriel",
    "Arthur", "Jules", "Léo", "Nathan", "Théo", "Noé", "Enzo", "Mathis", "Clément", "Baptiste",
    "Quentin", "Adrien", "Valentin", "Corentin", "Loïc", "Gaël", "Yann", "Erwan", "Killian",
    "Mohamed", "Karim", "Mehdi", "Rachid", "Youssef", "Samir", "Bilal", "Moussa", "Mamadou",
    "Ibrahima", "José", "Manuel", "Paulo", "Jean-Pierre", "Jean-Claude", "Jean-Luc",
    "Jean-François", "Jean-Marc", "Jean-Michel", "Jean-Paul", "Jean-Louis", "Jean-Jacques",
    "Pierre-Yves", "Jean-Baptiste", "Paul-Henri", "Jean-Christophe", "Aurélien", "Joël", "Noël",
    "Anthony", "Hadrien",
)  # fmt: skip

# Roughly by frequency (most common first); the draw favours the top of the list.
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
    "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal",
    "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix",
    "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland",
    "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger",
    "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet", "Vasseur",
    "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier",
    "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier", "Ménard",
    "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall",
    "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux",
    "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier",
    "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber", "Mallet", "Hamon",
    "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne",
    "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva", "Bouchet",
    "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret",
    "Barthélémy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier",
    "Carlier", "Laporte", "N'Diaye", "Diallo", "Traoré", "Nguyen", "Benali", "Haddad",
    "Dos Santos", "Ferreira", "Rodrigues", "Fernandes", "Dubois-Martin", "Martin-Lefèvre",
    "Saint-Martin", "De La Fontaine", "Le Borgne", "Lefort", "Kervella", "Benhamou", "Cohen",
)  # fmt: skip

# Surnames frequent in a few places; drawn for people tied to an entity of these départements.
_BRETON = ("Le Gall", "Le Goff", "Le Roux", "Tanguy", "Le Bihan", "Le Guen", "Le Corre", "Guillou",
           "Le Floch", "Le Meur", "Morvan", "Quéré", "Le Bras", "Kerjean")  # fmt: skip
_ALSACE_MOSELLE = ("Muller", "Schmitt", "Meyer", "Weber", "Klein", "Schneider", "Fischer",
                   "Wagner", "Hoffmann", "Kieffer", "Koenig", "Zimmermann", "Becker")  # fmt: skip
_NORD = ("Lemaire", "Lefebvre", "Leclercq", "Vandamme", "Deschamps", "Delattre", "Vasseur",
         "Delannoy", "Carpentier", "Duhamel", "Verhaeghe", "Dubus")  # fmt: skip
_CORSE = ("Santoni", "Luciani", "Leca", "Giacomoni", "Casanova", "Orsini", "Poli", "Mattei",
          "Ceccaldi", "Pietri", "Albertini", "Colonna")  # fmt: skip
_ANTILLES_GUYANE = ("Jean-Baptiste", "Joseph", "Alexis", "Louis", "Jean-Louis", "Bellance",
                    "Saint-Cyr", "Zénon", "Laguerre", "Calixte", "Lubin", "Romain", "Théodose")  # fmt: skip
_REUNION = ("Payet", "Hoarau", "Grondin", "Fontaine", "Rivière", "Técher", "Boyer", "Maillot",
            "Lebon", "Dijoux", "Turpin", "Nativel", "Clain", "Bègue", "Ethève")  # fmt: skip
_MAYOTTE = ("Mohamed", "Ali", "Ahamada", "Madi", "Abdallah", "Saïd", "Soilihi", "Houmadi",
            "Combo", "Attoumani", "Ousseni", "Anli")  # fmt: skip
REGIONAL_LAST_NAMES = {
    **dict.fromkeys(("22", "29", "35", "56"), _BRETON),
    **dict.fromkeys(("57", "67", "68"), _ALSACE_MOSELLE),
    **dict.fromkeys(("59", "62"), _NORD),
    **dict.fromkeys(("2A", "2B"), _CORSE),
    **dict.fromkeys(("971", "972", "973"), _ANTILLES_GUYANE),
    "974": _REUNION,
    "976": _MAYOTTE,
}  # fmt: skip
_OVERSEAS = {"971", "972", "973", "974", "976"}


def _zipf_cum_weights(count: int, offset: int = 15) -> list[float]:
    return list(accumulate(1 / (rank + offset) for rank in range(count)))


_LAST_CUM = _zipf_cum_weights(len(LAST_NAMES))
_FEMALE_CUM = _zipf_cum_weights(len(FEMALE_FIRST_NAMES), 30)
_MALE_CUM = _zipf_cum_weights(len(MALE_FIRST_NAMES), 30)
_PROVIDERS = [domain for domain, _ in MAIL_PROVIDERS]
_PROVIDERS_CUM = list(accumulate(share for _, share in MAIL_PROVIDERS))

# Synthetic accounts joined between these dates (fixed, so a seed always gives the same dates).
JOINED_FROM = datetime(2016, 1, 4, 8, tzinfo=UTC)
JOINED_UNTIL = datetime(2025, 12, 19, 18, tzinfo=UTC)


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    female: bool

    @property
    def civility(self) -> str:
        return "Mme" if self.female else "M."

    @property
    def display(self) -> str:
        """As written in a ``head_name``: ``Mme Claire Fabre``."""
        return f"{self.civility} {self.first_name} {self.last_name}"


def random_person(rng: random.Random, department_code: str | None = None) -> Person:
    """A plausible French person; local surnames are likelier in Brittany, Alsace, overseas…"""
    female = rng.random() < 0.5
    if female:
        first = rng.choices(FEMALE_FIRST_NAMES, cum_weights=_FEMALE_CUM)[0]
    else:
        first = rng.choices(MALE_FIRST_NAMES, cum_weights=_MALE_CUM)[0]
    regional = REGIONAL_LAST_NAMES.get(department_code or "")
    local_share = 0.7 if department_code in _OVERSEAS else 0.35
    if regional and rng.random() < local_share:
        last = rng.choice(regional)
    else:
        last = rng.choices(LAST_NAMES, cum_weights=_LAST_CUM)[0]
    return Person(first_name=first, last_name=last, female=female)


def ascii_fold(text: str) -> str:
    """Accents off (NFKD), with the ligatures NFKD keeps: ``Lætitia Œuvray`` → ``Laetitia Oeuvray``."""
    text = text.translate(str.maketrans({"æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss"}))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def mail_slug(text: str) -> str:
    """A name as it appears in an e-mail address: ``N'Diaye`` → ``ndiaye``, ``Le Gall`` → ``legall``."""
    folded = ascii_fold(text).lower()
    return "".join(char for char in folded if char.isalnum() or char == "-")


def random_provider(rng: random.Random) -> str:
    return rng.choices(_PROVIDERS, cum_weights=_PROVIDERS_CUM)[0]


class EmailBook:
    """Hands out e-mail addresses unique case-insensitively, against the database and itself."""

    def __init__(self):
        self.used = {email.lower() for email in User.objects.values_list("email", flat=True)}

    def claim(self, local: str, domain: str) -> str:
        candidate = f"{local}@{domain}"
        suffix = 2
        while candidate in self.used:
            candidate = f"{local}.{suffix}@{domain}"
            suffix += 1
        self.used.add(candidate)
        return candidate

    def personal(self, person: Person, rng: random.Random) -> str:
        """``prenom.nom@fournisseur``, or a common variant; a number when the address is taken."""
        first, last = mail_slug(person.first_name), mail_slug(person.last_name)
        shape = rng.random()
        if shape < 0.55:
            local = f"{first}.{last}"
        elif shape < 0.7:
            local = f"{first[0]}.{last}"
        elif shape < 0.8:
            local = f"{first}{last}"
        elif shape < 0.9:
            local = f"{first}.{last}{rng.randint(1, 99)}"
        else:
            local = f"{last}.{first}"
        return self.claim(local, random_provider(rng))

    def staff(self, person: Person) -> str:
        return self.claim(
            f"{mail_slug(person.first_name)}.{mail_slug(person.last_name)}", SYNTHETIC_DOMAIN
        )


def new_public_id(rng: random.Random) -> uuid.UUID:
    """A UUID4-shaped public identifier drawn from ``rng`` (``uuid.uuid4`` would not repeat)."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def random_moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + timedelta(seconds=rng.randrange(int((end - start).total_seconds())))


def build_user(
    rng: random.Random,
    *,
    person: Person,
    email: str,
    forprev_id: str,
    password_hash: str,
    staff_role: str = "",
    caisse_id: int | None = None,
) -> User:
    """An unsaved account; about two in three have validated their information since joining."""
    joined = random_moment(rng, JOINED_FROM, JOINED_UNTIL)
    validated = None
    if rng.random() < 0.65:
        validated = min(joined + timedelta(days=rng.randint(0, 400)), JOINED_UNTIL)
    return User(
        public_id=new_public_id(rng),
        forprev_id=forprev_id,
        email=email,
        first_name=person.first_name,
        last_name=person.last_name,
        password=password_hash,
        staff_role=staff_role,
        caisse_id=caisse_id,
        date_joined=joined,
        info_validated_at=validated,
    )


def bulk_insert(model, rows: Sequence, *, batch_size: int = BATCH_SIZE) -> list:
    """``bulk_create`` in batches; primary keys come back (SQLite ≥ 3.35 and PostgreSQL)."""
    return model.objects.bulk_create(rows, batch_size=batch_size)


@dataclass(frozen=True)
class UserSpec:
    """What a synthetic account will be, before its numéro Forprev is reserved."""

    person: Person
    email: str
    staff_role: str = ""
    caisse_id: int | None = None


def create_users(
    specs: Iterable[UserSpec], *, rng: random.Random, password_hash: str
) -> list[User]:
    """Reserve the numéros Forprev in one go, then insert the accounts in batches."""
    specs = list(specs)
    forprev_ids = issue_forprev_ids_bulk(len(specs), rng)
    users = [
        build_user(
            rng,
            person=spec.person,
            email=spec.email,
            forprev_id=forprev_id,
            password_hash=password_hash,
            staff_role=spec.staff_role,
            caisse_id=spec.caisse_id,
        )
        for spec, forprev_id in zip(specs, forprev_ids, strict=True)
    ]
    return bulk_insert(User, users)


def scaled(count: int, scale: float, *, minimum: int = 0) -> int:
    return max(minimum, round(count * scale))


# Staff: a handful of instructors per caisse, a support desk and a national team (at scale 1).
INSTRUCTORS_PER_CAISSE = 5
SUPPORT_ACCOUNTS = 8
NATIONAL_ACCOUNTS = 3
# Trainers (plain accounts for now; the trainers domain adds their certificates).
TRAINERS = 60_000


def generate_accounts(
    *, scale: float, rng: random.Random, password_hash: str, progress: Callable[[str], None]
) -> dict[str, int]:
    """Staff of the network (instructors per caisse, support, national) and the trainers."""
    from forprev.referentials.models import Caisse

    emails = EmailBook()
    specs: list[UserSpec] = []
    for caisse in Caisse.objects.order_by("code"):
        for _ in range(scaled(INSTRUCTORS_PER_CAISSE, scale, minimum=1)):
            person = random_person(rng)
            specs.append(
                UserSpec(person, emails.staff(person), StaffRole.INSTRUCTOR, caisse_id=caisse.pk)
            )
    instructors = len(specs)
    for role, count in (
        (StaffRole.SUPPORT, SUPPORT_ACCOUNTS),
        (StaffRole.NATIONAL, NATIONAL_ACCOUNTS),
    ):
        for _ in range(scaled(count, scale, minimum=1)):
            person = random_person(rng)
            specs.append(UserSpec(person, emails.staff(person), role))
    staff = len(specs)
    create_users(specs, rng=rng, password_hash=password_hash)
    progress(f"personnel des caisses et national : {staff} comptes")

    trainers = scaled(TRAINERS, scale)
    specs = []
    for _ in range(trainers):
        person = random_person(rng)
        specs.append(UserSpec(person, emails.personal(person, rng)))
    create_users(specs, rng=rng, password_hash=password_hash)
    progress(f"formateurs : {trainers} comptes")
    return {
        "chargés d'habilitation": instructors,
        "assistance et national": staff - instructors,
        "formateurs": trainers,
    }
