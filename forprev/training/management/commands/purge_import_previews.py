"""Purge the trainee files kept for an import preview and never confirmed (older than
``FORPREV_IMPORT_PREVIEW_HOURS``, 24 h by default).

Dry run by default: lists what would be deleted, deletes nothing. ``--wet-run`` deletes;
``--enqueue`` (with ``--wet-run``) hands the purge to the task worker instead. Run it hourly.
"""

from django.core.management.base import BaseCommand, CommandError

from forprev.training.import_previews import max_age, previews_purge
from forprev.training.periodic import purge_import_previews


class Command(BaseCommand):
    help = (
        "Supprime les fichiers d'import de stagiaires jamais confirmés (aperçus de plus de "
        "24 h). Simulation par défaut ; --wet-run pour supprimer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run", action="store_true", help="Supprimer (sinon : simulation)."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Avec --wet-run : confier la purge au processus des tâches.",
        )

    def handle(self, *args, wet_run=False, enqueue=False, **options):
        hours = int(max_age().total_seconds() // 3600)
        if enqueue:
            if not wet_run:
                raise CommandError("--enqueue ne s'emploie qu'avec --wet-run.")
            purge_import_previews.enqueue()
            self.stdout.write(self.style.SUCCESS("Purge des aperçus d'import confiée aux tâches."))
            return
        summary = previews_purge(dry_run=not wet_run)
        for name in summary.purged:
            self.stdout.write(f"  imports/{name}")
        counts = (
            f"{len(summary.purged)} aperçu(s) d'import de plus de {hours} h, "
            f"{summary.kept} plus récent(s) gardé(s)"
        )
        if wet_run:
            self.stdout.write(self.style.SUCCESS(f"{counts} : supprimé(s)."))
        else:
            self.stdout.write(
                f"Simulation : {counts}. Rien n'a été supprimé. "
                "Relancez avec --wet-run pour supprimer."
            )
