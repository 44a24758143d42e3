"""``manage.py bench --scale S``: server-side latency of the key pages on a synthetic dataset.

``make bench`` runs it on ``var/bench.sqlite3`` after ``migrate``. The dataset is generated first
when the database holds none at that scale (seed 2026 unless ``--seed``). Every figure is printed
on stdout as one line ``BENCH <name> <value> <unit>``; progress goes to stderr. See
``forprev.core.bench`` for how the figures are taken.
"""

import time
import warnings

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.urls import reverse

from forprev.core import bench
from forprev.core.management.commands.generate_dataset import (
    DATASET_VERSION,
    DEFAULT_SEED,
    dataset_counts,
    generate_dataset,
    present_marker,
    scale_label,
)
from forprev.entities.models import Entity


class Command(BaseCommand):
    help = (
        "Mesure côté serveur (médiane, 95e centile, requêtes SQL) la connexion, l'espace et la "
        "liste des entités sur un jeu de données synthétique, créé s'il manque."
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

    def progress(self, message: str) -> None:
        self.stderr.write(message, style_func=lambda text: text)

    def emit(self, figure: bench.Figure) -> None:
        self.stdout.write(figure.line())
        self.stdout.flush()

    def handle(self, *args, scale, iterations, seed, **options):
        if iterations < 1:
            raise CommandError("Il faut au moins une itération (--iterations).")
        generation_seconds = self.ensure_dataset(scale, seed)
        counts = dataset_counts()
        for name in ("entities", "companies", "training_orgs", "users", "memberships"):
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
            self.run_scenarios(iterations)

    def ensure_dataset(self, scale: float, seed: int) -> float | None:
        """Seconds spent generating, or None when a dataset at that scale was already there."""
        marker = present_marker()
        if marker and marker.version == DATASET_VERSION and marker.scale == scale_label(scale):
            self.progress(f"Jeu de données présent ({marker.describe()}).")
            return None
        self.progress(f"Création du jeu de données (échelle {scale_label(scale)}, graine {seed})…")
        started = time.perf_counter()
        generate_dataset(scale=scale, seed=seed, progress=self.progress)
        return time.perf_counter() - started

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
