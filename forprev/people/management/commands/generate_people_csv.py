"""``manage.py generate_people_csv --size N --seed S --out people.csv --truth truth.csv``.

A synthetic French population with about 5 % injected duplicates and hard negatives
(``forprev.people.duplicates.synthetic``), to measure ``find_duplicates``. The truth file lists
``id_a,id_b,match,kind``: the true duplicate pairs (match 1, with the kind of change) and the
hard negatives (match 0: twins, relatives, homonyms…).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from forprev.people.duplicates import synthetic


class Command(BaseCommand):
    help = "Génère un CSV de personnes synthétiques avec doublons injectés et sa vérité terrain."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=100_000, help="Nombre de personnes.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Graine (même graine, même fichier)."
        )
        parser.add_argument("--out", required=True, help="CSV des personnes.")
        parser.add_argument("--truth", help="CSV des paires vraies (et négatifs difficiles).")

    def handle(self, *args, size, seed, out, truth=None, **options):
        if size < 1:
            raise CommandError("--size doit être un entier positif.")
        started = time.perf_counter()
        generated = synthetic.generate(size, seed)
        try:
            synthetic.write_csv(generated.people, out, seed=seed)
            if truth:
                synthetic.write_truth(generated.truth, truth)
        except OSError as error:
            raise CommandError(f"Écriture impossible : {error}") from None
        duplicates = sum(1 for row in generated.truth if row[2])
        self.stderr.write(
            f"{size} personnes, {duplicates} paires de doublons, "
            f"{len(generated.truth) - duplicates} négatifs difficiles "
            f"({time.perf_counter() - started:.1f} s)"
        )
