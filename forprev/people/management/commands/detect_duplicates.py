"""``manage.py detect_duplicates [--wet-run] [--threshold T]``: fills the « Doublons » queue.

Runs the duplicate-detection engine on every person of the database and stores the pairs
scoring the review threshold or more (``people.merge_queue.duplicate_candidates_refresh``).
Re-runnable: known pairs are updated, pairs the engine no longer proposes leave the queue,
pairs set aside as « personnes distinctes » stay out. Dry run by default.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from forprev.people.merge_queue import duplicate_candidates_refresh, review_threshold


def threshold_value(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise CommandError(f"Seuil invalide : « {text} » (un nombre entre 0 et 1).") from None
    if not 0 < value <= 1:
        raise CommandError(f"Seuil invalide : {text} (un nombre entre 0 et 1).")
    return value


class Command(BaseCommand):
    help = "Cherche les doublons d'individus dans la base et remplit la file « Doublons »."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run", action="store_true", help="Enregistre les paires (sinon : simulation)."
        )
        parser.add_argument(
            "--threshold",
            default=None,
            help="Score minimal d'une paire, entre 0 et 1 (défaut : le seuil « à examiner »).",
        )

    def handle(self, *args, wet_run=False, threshold=None, **options):
        threshold = review_threshold() if threshold is None else threshold_value(str(threshold))
        started = time.perf_counter()

        def progress(message):
            self.stderr.write(f"[{time.perf_counter() - started:6.1f} s] {message}")

        summary = duplicate_candidates_refresh(
            wet_run=wet_run, threshold=threshold, progress=progress
        )
        mode = "" if wet_run else " (simulation : relancez avec --wet-run pour enregistrer)"
        self.stdout.write(
            f"{summary.people} individus, {summary.pairs} paires au-dessus du seuil "
            f"{threshold:g} : {summary.new} nouvelles, {summary.updated} mises à jour, "
            f"{summary.stale} retirées de la file, {summary.dismissed_kept} déjà écartées"
            f"{mode}."
        )
