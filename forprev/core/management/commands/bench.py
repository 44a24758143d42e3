"""``manage.py bench --scale S``: the benchmark figures on a synthetic dataset.

``make bench`` runs it on ``var/bench.sqlite3`` after ``migrate``. The dataset is generated first
when the database holds none at that scale (seed 2026 unless ``--seed``). Every figure is printed
on stdout as one line ``BENCH <name> <value> <unit>``; progress goes to stderr. ``--parts``
chooses among: ``pages`` (server-side latency of the key pages), ``lists`` (every list page,
filtered and not, and every role's home page, for each persona that may open it), ``closing`` (closing a
10-trainee session with its certificates' PDF), ``import`` (a CSV of trainees through the
preview and confirmation pages), ``people`` (« Individus » search with a typo), ``pdfs`` (certificate PDFs per second), ``zip_bomb`` (an XLSX
« zip bomb » refused at the trainee import: seconds and peak memory), ``server`` (the public
verification page under gunicorn, against a bare view). See ``forprev.core.bench`` and its
modules for how each figure is taken.
"""

import gc
import logging
import time
import warnings

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse

from forprev.core import bench
from forprev.core.bench import lists, pdfs, people, server, sessions, zip_bomb
from forprev.core.management.commands.generate_dataset import (
    DATASET_VERSION,
    DEFAULT_SEED,
    dataset_counts,
    generate_dataset,
    present_marker,
    scale_label,
)
from forprev.entities.models import Entity

PARTS = ("pages", "lists", "people", "closing", "import", "pdfs", "zip_bomb", "server")
DATASET_FIGURES = (
    "entities", "companies", "training_orgs", "users", "memberships", "trainer_certificates",
    "team_members", "sessions", "enrolments", "persons", "certificates",
)  # fmt: skip


def parts_list(value: str) -> list[str]:
    parts = [part.strip() for part in value.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown or not parts:
        raise CommandError(
            f"Parties inconnues : {', '.join(unknown) or '(aucune)'} ; au choix : {', '.join(PARTS)}."
        )
    return parts


class Command(BaseCommand):
    help = (
        "Mesure sur un jeu de données synthétique (créé s'il manque) : pages clés (médiane, "
        "95e centile, requêtes SQL), clôture d'une session avec ses certificats, import de "
        "stagiaires, PDF de certificats par seconde, vérification publique sous gunicorn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Échelle du jeu de données (1 = une année)."
        )
        parser.add_argument(
            "--iterations", type=int, default=50, help="Requêtes mesurées par figure (50)."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Graine utilisée si le jeu de données doit être créé.",
        )
        parser.add_argument(
            "--parts",
            type=parts_list,
            default=list(PARTS),
            help=f"Parties mesurées, séparées par des virgules (toutes : {','.join(PARTS)}).",
        )
        parser.add_argument(
            "--lists",
            default="",
            help="Partie « lists » : pages mesurées, séparées par des virgules (toutes par défaut ; "
            "par exemple sessions,entities,home).",
        )
        parser.add_argument(
            "--personas",
            default="",
            help="Partie « lists » : rôles mesurés, séparés par des virgules (tous par défaut : "
            "manager,trainer,instructor,support,national).",
        )
        parser.add_argument(
            "--closings", type=int, default=10, help="Sessions clôturées et mesurées (10)."
        )
        parser.add_argument(
            "--import-rows", type=int, default=5000, help="Lignes du fichier importé (5 000)."
        )
        parser.add_argument("--import-runs", type=int, default=3, help="Imports mesurés (3).")
        parser.add_argument("--pdfs", type=int, default=1000, help="Certificats en PDF (1 000).")
        parser.add_argument(
            "--server-seconds",
            type=float,
            default=10.0,
            help="Durée de chaque charge sur gunicorn, en secondes (10).",
        )
        parser.add_argument(
            "--connections",
            type=int,
            default=16,
            help="Connexions simultanées du générateur de charge (16).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="Processus gunicorn (0 : 2 × cœurs + 1).",
        )

    def progress(self, message: str) -> None:
        self.stderr.write(message, style_func=lambda text: text)

    def emit(self, figure: bench.Figure) -> None:
        self.stdout.write(figure.line())
        self.stdout.flush()

    def handle(self, *args, scale, iterations, seed, parts, **options):
        if min(iterations, options["closings"], options["import_runs"], options["pdfs"]) < 1:
            raise CommandError("Il faut au moins une itération, une clôture, un import et un PDF.")
        if options["import_rows"] < 1 or options["server_seconds"] <= 0:
            raise CommandError("Il faut au moins une ligne à importer et une durée de charge.")
        logging.getLogger("weasyprint").setLevel(logging.WARNING)  # one line per PDF step
        generation_seconds = self.ensure_dataset(scale, seed)
        left = sessions.cleanup()  # sessions an interrupted run left behind
        if left:
            self.progress(f"{left} sessions d'une mesure interrompue supprimées.")
        counts = dataset_counts()
        for name in DATASET_FIGURES:
            self.emit(bench.Figure(f"dataset_{name}", counts[name], "rows"))
        if generation_seconds is not None:
            self.emit(bench.Figure("dataset_generation_time", generation_seconds, "s"))

        hosts = [*settings.ALLOWED_HOSTS, bench.BENCH_HOST]
        overrides = override_settings(
            FORPREV_STAFF_OTP_REQUIRED=False, DEBUG=False, ALLOWED_HOSTS=hosts
        )
        with overrides, warnings.catch_warnings():
            # Without DEBUG, whitenoise warns when collectstatic has not run; no static file is
            # requested here.
            warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)
            if "pages" in parts:
                self.run_scenarios(iterations)
            if "lists" in parts:
                self.run_lists(iterations, options["lists"], options["personas"])
            if "people" in parts:
                self.progress("Mesure de la recherche d'individus…")
                for scenario in people.people_search_scenarios(
                    manager=bench.bench_manager(),
                    instructor=bench.bench_instructor(),
                    national=bench.bench_national(),
                    seed=seed,
                ):
                    self.emit_all(bench.measure(scenario, iterations=iterations))
            if "closing" in parts:
                self.progress(f"Mesure de la clôture ({options['closings']} sessions)…")
                self.emit_all(sessions.closing_figures(sessions=options["closings"], seed=seed))
            if "import" in parts:
                rows, runs = options["import_rows"], options["import_runs"]
                self.progress(f"Mesure de l'import ({runs} fichiers de {rows} lignes)…")
                self.emit_all(sessions.import_figures(rows=rows, runs=runs, seed=seed))
            if "pdfs" in parts:
                self.progress(f"Mesure des PDF ({options['pdfs']} certificats)…")
                self.emit_all(pdfs.pdf_figures(count=options["pdfs"]))
            if "zip_bomb" in parts:
                self.progress("Mesure du refus d'une bombe de décompression XLSX…")
                self.emit_all(zip_bomb.zip_bomb_figures())
        if "server" in parts:
            # The load generator runs in this process: what the other parts left in memory would
            # make every garbage collection of its event loop slower (the bare view's figure fell
            # by a third after « pages » and « people »). Set it aside from the collector.
            gc.collect()
            gc.freeze()
            self.progress(
                f"Mesure sous gunicorn ({options['connections']} connexions, "
                f"{options['server_seconds']:g} s par cible)…"
            )
            self.emit_all(
                server.server_figures(
                    seconds=options["server_seconds"],
                    connections=options["connections"],
                    workers=options["workers"] or None,
                )
            )

    def emit_all(self, figures) -> None:
        for figure in figures:
            self.emit(figure)

    def ensure_dataset(self, scale: float, seed: int) -> float | None:
        """Seconds spent generating, or None when a dataset at that scale was already there."""
        marker = present_marker()
        if marker and marker.version == DATASET_VERSION and marker.scale == scale_label(scale):
            self.progress(f"Jeu de données présent ({marker.describe()}).")
            return None
        self.progress(f"Création du jeu de données (échelle {scale_label(scale)}, graine {seed})…")
        started = time.perf_counter()
        generate_dataset(scale=scale, seed=seed, progress=self.progress)
        elapsed = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # Bulk inserts leave the planner without statistics until autovacuum comes: plans
            # chosen for one-row tables (a list filter took 825 ms instead of 1 ms).
            self.progress("Statistiques du planificateur (ANALYZE)…")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return elapsed

    def run_lists(self, iterations: int, pages: str = "", roles: str = "") -> None:
        chosen = {role.strip() for role in roles.split(",") if role.strip()}
        personas = {
            "manager": bench.bench_manager(),
            "trainer": lists.bench_trainer(),
            "instructor": bench.bench_instructor(),
            "support": lists.bench_support(),
            "national": bench.bench_national(),
        }
        if chosen:
            personas = {role: user for role, user in personas.items() if role in chosen}
        self.progress("Mesure des listes et des pages d'accueil…")
        only = {page.strip() for page in pages.split(",") if page.strip()}
        scenarios = lists.list_scenarios(personas, self.progress, only=only)
        for scenario in scenarios:
            self.progress(f"Mesure {scenario.name} ({iterations} requêtes)…")
            self.emit_all(bench.measure(scenario, iterations=iterations))
        for client in {id(s.client): s.client for s in scenarios}.values():
            client.logout()  # drop the bench's sessions

    def run_scenarios(self, iterations: int) -> None:
        manager = bench.bench_manager()
        if bench.ensure_bench_password(manager):
            self.progress(f"Mot de passe du compte de mesure {manager.forprev_id} initialisé.")
        bench.axes_reset(username=manager.forprev_id)  # start from a clean throttling state
        national = bench.bench_national()
        instructor = bench.bench_instructor()
        self.emit(
            bench.Figure(
                "dataset_instructor_entities",
                Entity.objects.visible_to(instructor).count(),
                "rows",
            )
        )

        dashboard_client = bench.logged_in_client(manager)
        scenarios = [
            bench.login_scenario(manager),
            bench.get_scenario("dashboard", dashboard_client, reverse("dashboard:home")),
            *bench.entity_list_scenarios("entity_list_national", national),
            *bench.entity_list_scenarios("entity_list_instructor", instructor),
            *bench.request_queue_scenarios("request_queue_instructor", instructor),
            *bench.request_queue_scenarios("request_queue_national", national),
            *bench.directory_scenarios("directory"),
        ]
        for scenario in scenarios:
            self.progress(f"Mesure {scenario.name} ({iterations} requêtes)…")
            for figure in bench.measure(scenario, iterations=iterations):
                self.emit(figure)
        for client in {id(s.client): s.client for s in scenarios}.values():
            client.logout()  # drop the bench's sessions

        leftovers = bench.leftover_failed_attempts(manager)
        if leftovers:  # cannot happen with successful logins; never leave a lock-out behind
            bench.axes_reset(username=manager.forprev_id)
            raise CommandError(f"{leftovers} échec(s) de connexion enregistrés pendant la mesure.")
