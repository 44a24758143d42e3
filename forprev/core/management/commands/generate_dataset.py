"""``manage.py generate_dataset --scale S --seed N``: a national-shaped synthetic dataset.

Scale 1 is about one national year (DOMAIN.md "Scale"): 9,000 entities with their managers and
delegates, 60,000 trainers with their certificates and teams, the staff of every caisse, and
three years of training: 150,000 sessions, 1,000,000 enrolments of about 930,000 persons, the
certificates of the passed trainees of the closed sessions (about 745,000) and, as closing does,
an account and a trainer certificate for those of trainer-training sessions (level 2); then a
register of 1,000,000 more people never enrolled here, with about 5 % duplicates and hard
negatives (the duplicate-detection evaluation population, ``people.duplicates.synthetic``).
Everything scales linearly; scales may be fractional (0.01 → 90 entities, 1,500 sessions).

One seed always gives the same data on the same starting database (and the same day: dates are
drawn around today): every domain draws from its own ``random.Random`` derived from the seed and
the step name, never from the global generator, so a step added later does not change the data
of the earlier ones.

Each domain owns a ``synthetic.py`` with one function per step, called in order by ``STEPS``
below with the same keyword arguments (``scale``, ``rng``, ``password_hash``, ``progress``) and
returning the counts it wrote. Later capabilities append theirs and bump ``DATASET_VERSION``.

Rows are written in batches inside one transaction, all or nothing: ``bulk_create``, or for the
millions of training rows multi-row INSERTs of plain tuples (``forprev.core.bulk``, 4× faster:
a scale-1 generation takes 2.6 min on SQLite, 3.9 min on PostgreSQL here). Both bypass ``save()``
and signals, so **auditlog writes no audit rows** for synthetic data —
intended: nobody made these changes. One password hash is computed once and reused by every
synthetic account: the demo password in demo mode (so any synthetic account can be tried in
development), an unknowable random secret otherwise.

The dataset is marked by one inactive account whose e-mail address records the version, scale
and seed (no extra model, no migration). The same arguments again change nothing; other
arguments are refused while a dataset is there.
"""

import random
import re
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from forprev.accounts.identifiers import issue_forprev_ids_bulk
from forprev.accounts.models import User
from forprev.accounts.synthetic import SYNTHETIC_DOMAIN, generate_accounts, new_public_id
from forprev.accreditations.synthetic import generate_accreditations
from forprev.certificates.models import Certificate
from forprev.certificates.synthetic import generate_certificates
from forprev.core.demo import DEMO_PASSWORD
from forprev.entities.enums import EntityKind
from forprev.entities.models import Entity, Membership
from forprev.entities.synthetic import generate_entities
from forprev.people.models import Person
from forprev.people.synthetic import generate_people
from forprev.trainers.models import TeamMembership, TrainerCertificate
from forprev.trainers.synthetic import generate_trained_trainers, generate_trainers
from forprev.training.models import Enrolment, TrainingSession
from forprev.training.synthetic import generate_sessions

DATASET_VERSION = 5
DEFAULT_SEED = 2026
MAX_SCALE = 50

# Domain steps, in order: (name used to derive the step's random generator, function).
STEPS = [
    ("accounts", generate_accounts),
    ("entities", generate_entities),
    ("accreditations", generate_accreditations),
    ("trainers", generate_trainers),
    ("sessions", generate_sessions),
    ("certificates", generate_certificates),
    ("trained_trainers", generate_trained_trainers),
    ("people", generate_people),
]

_MARKER_RE = re.compile(
    r"^jeu-de-donnees\.v(?P<version>\d+)\.echelle-(?P<scale>.+)\.graine-(?P<seed>-?\d+)@"
    + re.escape(SYNTHETIC_DOMAIN)
    + "$"
)


@dataclass(frozen=True)
class DatasetMarker:
    version: int
    scale: str
    seed: int

    @property
    def email(self) -> str:
        return f"jeu-de-donnees.v{self.version}.echelle-{self.scale}.graine-{self.seed}@{SYNTHETIC_DOMAIN}"

    def describe(self) -> str:
        return f"échelle {self.scale}, graine {self.seed}, version {self.version}"


def scale_label(scale: float) -> str:
    return f"{scale:g}"


def present_marker() -> DatasetMarker | None:
    """The synthetic dataset already in the database, if any."""
    for email in (
        User.objects.filter(email__endswith=f"@{SYNTHETIC_DOMAIN}")
        .filter(email__startswith="jeu-de-donnees.")
        .values_list("email", flat=True)
    ):
        match = _MARKER_RE.match(email)
        if match:
            return DatasetMarker(int(match["version"]), match["scale"], int(match["seed"]))
    return None


def dataset_counts() -> dict[str, int]:
    """What the database holds now (synthetic rows and any others)."""
    return {
        "entities": Entity.objects.count(),
        "companies": Entity.objects.filter(kind=EntityKind.COMPANY).count(),
        "training_orgs": Entity.objects.filter(kind=EntityKind.TRAINING_ORG).count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "trainer_certificates": TrainerCertificate.objects.count(),
        "team_members": TeamMembership.objects.count(),
        "sessions": TrainingSession.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "persons": Person.objects.count(),
        "certificates": Certificate.objects.count(),
    }


def _write_marker(marker: DatasetMarker, rng: random.Random) -> None:
    (forprev_id,) = issue_forprev_ids_bulk(1, rng)
    User.objects.bulk_create(
        [
            User(
                public_id=new_public_id(rng),
                forprev_id=forprev_id,
                email=marker.email,
                first_name="Jeu de données",
                last_name="SYNTHÉTIQUE",
                password=make_password(None),  # unusable: nobody logs in with the marker
                is_active=False,
            )
        ]
    )


def generate_dataset(*, scale: float, seed: int, progress=lambda message: None) -> dict:
    """Write the dataset (or nothing when the same one is there). Returns a summary dict."""
    if not 0 < scale <= MAX_SCALE:
        raise CommandError(f"L'échelle doit être comprise entre 0 (exclu) et {MAX_SCALE}.")
    wanted = DatasetMarker(DATASET_VERSION, scale_label(scale), seed)
    present = present_marker()
    if present == wanted:
        return {"created": False, "marker": wanted, "counts": {}, "elapsed": 0.0}
    if present is not None:
        raise CommandError(
            f"Un jeu de données synthétique est déjà présent ({present.describe()}) ; "
            f"impossible d'y ajouter celui demandé ({wanted.describe()}). "
            "Utilisez une base vide (par exemple DATABASE_URL=sqlite:///var/autre.sqlite3, "
            "puis migrate) ou supprimez le fichier de la base de mesure."
        )

    started = time.perf_counter()
    secret = DEMO_PASSWORD if settings.FORPREV_DEMO_MODE else secrets.token_urlsafe(32)
    password_hash = make_password(secret)  # once, reused by every synthetic account
    counts: dict[str, int] = {}

    def step_progress(message: str) -> None:
        progress(f"[{time.perf_counter() - started:7.1f} s] {message}")

    with transaction.atomic():
        for name, step in STEPS:
            rng = random.Random(f"forprev-synthetic/{seed}/{name}")
            counts.update(
                step(scale=scale, rng=rng, password_hash=password_hash, progress=step_progress)
            )
        _write_marker(wanted, random.Random(f"forprev-synthetic/{seed}/marker"))
    return {
        "created": True,
        "marker": wanted,
        "counts": counts,
        "elapsed": time.perf_counter() - started,
        "demo_password": settings.FORPREV_DEMO_MODE,
    }


class Command(BaseCommand):
    help = (
        "Crée un jeu de données synthétique de taille nationale (échelle 1 ≈ une année : "
        "9 000 entités, 60 000 formateurs, 150 000 sessions, 1 000 000 inscriptions et leurs "
        "certificats), reproductible pour une graine donnée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Taille relative à une année nationale (1 = 9 000 entités ; 0.01 = 90).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Graine : même graine, mêmes données."
        )

    def handle(self, *args, scale, seed, **options):
        def progress(message):
            self.stderr.write(message, style_func=lambda text: text)

        result = generate_dataset(scale=scale, seed=seed, progress=progress)
        marker = result["marker"]
        if not result["created"]:
            self.stdout.write(
                f"Jeu de données synthétique déjà présent ({marker.describe()}) : rien à ajouter."
            )
            return
        lines = [
            f"Jeu de données synthétique créé ({marker.describe()}) en {result['elapsed']:.1f} s :"
        ]
        lines += [f"  {label} : {count}" for label, count in result["counts"].items()]
        totals = dataset_counts()
        lines.append(
            f"  dans la base : {totals['entities']} entités, {totals['users']} comptes, "
            f"{totals['memberships']} rattachements"
        )
        lines.append(
            f"  dans la base : {totals['sessions']} sessions, {totals['enrolments']} inscriptions, "
            f"{totals['persons']} stagiaires, {totals['certificates']} certificats"
        )
        if result["demo_password"]:
            lines.append(f"  mot de passe des comptes synthétiques (mode démo) : {DEMO_PASSWORD}")
        self.stdout.write("\n".join(lines))
