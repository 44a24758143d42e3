"""``manage.py bench_duplicates [--size N] [--seed S] [--threshold T]``: precision, recall, F1,
wall time and peak memory of ``find_duplicates`` on the synthetic set (cached under
``var/bench/``). See ``forprev.people.duplicates.bench``."""

from django.core.management.base import BaseCommand, CommandError

from forprev.people.duplicates.bench import BENCH_SEED, DEFAULT_SIZE, run_benchmark
from forprev.people.duplicates.engine import DEFAULT_THRESHOLD


class Command(BaseCommand):
    help = "Mesure find_duplicates sur le jeu synthétique (précision, rappel, F1, temps, mémoire)."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="Nombre de personnes.")
        parser.add_argument("--seed", type=int, default=BENCH_SEED, help="Graine du jeu.")
        parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="Seuil.")

    def handle(self, *args, size, seed, threshold, **options):
        if size < 10:
            raise CommandError("--size doit valoir au moins 10.")
        try:
            run_benchmark(size, seed, threshold, out=self.stdout.write)
        except RuntimeError as error:
            raise CommandError(str(error)) from None
