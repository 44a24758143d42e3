"""``manage.py forprev1_generate --out DIR --scale S --seed N``: a synthetic Forprev 1 export.

The twelve files of ``docs/forprev1-export.md`` with the defects the seed names, at realistic
rates (``forprev.switchover.legacy.generator``); ``--clean`` for a set without any. Same seed,
same bytes. Writes files only (no database).
"""

from django.core.management.base import BaseCommand, CommandError

from forprev.switchover.legacy.generator import DEFAULT_EXPORT_DATE, generate_export
from forprev.switchover.legacy.reader import parse_date

MAX_SCALE = 50


class Command(BaseCommand):
    help = (
        "Écrit un export Forprev 1 synthétique (12 fichiers CSV) : échelle 1 ≈ une année "
        "nationale (9 000 entités, 60 000 formateurs, 1 000 000 d'individus et d'inscriptions), "
        "avec les anomalies de la reprise, reproductible pour une graine donnée."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Dossier où écrire les fichiers.")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Taille relative à une année nationale."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Graine : même graine, mêmes octets."
        )
        parser.add_argument(
            "--export-date",
            default=DEFAULT_EXPORT_DATE.strftime("%d/%m/%Y"),
            help="Date de l'export, JJ/MM/AAAA (15/12/2022 par défaut).",
        )
        parser.add_argument(
            "--clean", action="store_true", help="Sans aucune anomalie (jeu propre pour les tests)."
        )

    def handle(self, *args, out, scale, seed, export_date, clean, **options):
        if not 0 < scale <= MAX_SCALE:
            raise CommandError(f"L'échelle doit être comprise entre 0 (exclu) et {MAX_SCALE}.")
        try:
            day = parse_date(export_date.strip())
        except ValueError as error:
            raise CommandError(f"--export-date : {error}") from None

        def progress(message):
            self.stderr.write(message, style_func=lambda text: text)

        summary = generate_export(
            out, scale=scale, seed=seed, export_date=day, clean=clean, progress=progress
        )
        lines = [
            f"Export Forprev 1 synthétique écrit dans {summary['directory']} "
            f"(échelle {scale:g}, graine {seed}, {'sans anomalie' if clean else 'avec anomalies'}) "
            f"en {summary['seconds']:.1f} s :"
        ]
        for name, file in summary["files"].items():
            lines.append(
                f"  {name:<28} {file['rows']:>10} lignes  {file['bytes'] / 1e6:8.1f} Mo  "
                f"{file['encoding']}"
            )
        if summary["defects"]:
            lines.append("Anomalies (lignes touchées) :")
            lines += [f"  {name:<40} {count:>8}" for name, count in summary["defects"].items()]
        self.stdout.write("\n".join(lines))
