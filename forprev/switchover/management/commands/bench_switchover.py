"""``manage.py bench_switchover --scale S``: the switch-over at national scale (see
``forprev.switchover.bench``). ``make bench`` runs it after the other figures."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from forprev.switchover import bench


class Command(BaseCommand):
    help = (
        "Mesure la reprise des données à l'échelle nationale : export Forprev 1 généré, contrôle "
        "de conformité et reprise dans une base vide, lignes par seconde de chaque étape."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--database-url",
            default="",
            help="Base de la mesure (vidée d'abord). Par défaut : à côté de la base courante.",
        )
        parser.add_argument(
            "--step", choices=bench.STEPS, help="(interne) une étape, sur la base courante"
        )
        parser.add_argument("--export", default="", help="(interne) dossier de l'export")

    def progress(self, message: str) -> None:
        self.stderr.write(message, style_func=lambda text: text)

    def emit(self, figures) -> None:
        for figure in figures:
            self.stdout.write(figure.line())
            self.stdout.flush()

    def handle(self, *args, scale, seed, database_url, step, export, **options):
        if scale <= 0:
            raise CommandError("L'échelle doit être positive.")
        if step:
            directory = Path(export)
            if step == "check":
                self.emit(bench.check_step(directory))
            else:
                self.emit(bench.migrate_step(directory, label="migrate"))
                self.emit(bench.migrate_step(directory, label="rerun"))
            return
        directory, generated = bench.ensure_export(scale, seed, self.progress)
        if generated is not None:
            self.emit([bench.Figure("switchover_export_generation_time", generated, "s")])
        url = database_url or bench.target_database_url(_current_url())
        self.progress(f"Base de la mesure : {url} (vidée).")
        bench.reset_database(url)
        bench.run_child(["migrate", "--noinput", "-v0"], url, self.progress)
        for name in bench.STEPS:
            self.progress(f"Mesure : {name}…")
            lines = bench.run_child(
                ["bench_switchover", "--step", name, "--export", str(directory)], url, self.progress
            )
            for line in lines:
                self.stdout.write(line)
                self.stdout.flush()


def _current_url() -> str:
    from forprev.core.bench.server import database_url

    if connection.vendor == "sqlite":
        return "sqlite:///"
    return database_url()
