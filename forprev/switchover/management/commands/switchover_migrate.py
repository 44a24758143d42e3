"""Migrate a Forprev 1 export into Forprev 2, with its reconciliation report.

    manage.py switchover_migrate DIR [--wet-run] [--extend AAAA-MM-JJ:AAAA-MM-JJ:N]...
                                     [--chunk-size N] [--report-dir DIR] [-v 2]

Dry run by default (reads, classifies, keeps the report; writes no business row); ``--wet-run``
writes. Prints each phase with its rows per second (``-v 2``: every chunk), then the table of the
equation per file. Fails (non-zero exit, French message) when the equation does not hold for a
file. ``--report-dir`` writes ``reconciliation.html``, ``reconciliation.csv`` and
``lignes.csv`` (every row not migrated as itself, and every correction).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from forprev.accreditations.management.arguments import parse_int
from forprev.core.exceptions import DomainError
from forprev.switchover.migration.accreditations import parse_extension_rule
from forprev.switchover.migration.report import (
    file_rows,
    issue_rows,
    phase_rows,
    report_csv,
    report_html,
)
from forprev.switchover.migration.run import DEFAULT_CHUNK_SIZE, switchover_migrate
from forprev.switchover.models import MigrationIssue


class Command(BaseCommand):
    help = (
        "Reprise des données d'un export Forprev 1 : seules les données stabilisées sont reprises, "
        "chaque ligne non reprise l'est avec son motif ; rapport de rapprochement par fichier "
        "(lues = reprises + fusionnées + rejetées + non reprises). Simulation par défaut."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Dossier de l'export Forprev 1 (fichiers CSV).")
        parser.add_argument(
            "--wet-run", action="store_true", help="Écrire dans la base (sinon : simulation)."
        )
        parser.add_argument(
            "--extend",
            action="append",
            metavar="AAAA-MM-JJ:AAAA-MM-JJ:N",
            help="Prolonger de N mois les habilitations actives dont l'échéance est entre ces deux "
            "dates (répétable ; défaut : FORPREV_SWITCHOVER_EXTENSIONS).",
        )
        parser.add_argument(
            "--chunk-size",
            default=str(DEFAULT_CHUNK_SIZE),
            help=f"Lignes écrites par transaction (défaut : {DEFAULT_CHUNK_SIZE}).",
        )
        parser.add_argument(
            "--report-dir", help="Dossier où écrire reconciliation.html, .csv et lignes.csv."
        )

    def handle(self, *args, directory, wet_run, extend, chunk_size, report_dir, **options):
        chunk_size = parse_int(chunk_size, option="--chunk-size")
        if chunk_size < 1:
            raise CommandError("--chunk-size : au moins 1.")
        try:
            rules = [parse_extension_rule(text) for text in extend] if extend else None
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.verbosity = options["verbosity"]
        self.stdout.write(
            "Reprise des données — "
            + ("ÉCRITURE" if wet_run else "simulation (--wet-run pour écrire)")
        )
        try:
            run = switchover_migrate(
                directory=directory,
                wet=wet_run,
                extension_rules=rules,
                progress=self._progress,
                chunk_size=chunk_size,
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self._summary(run)
        if report_dir:
            self._write_reports(run, Path(report_dir))
        if not run.balanced:
            raise CommandError(
                "L'équation du rapprochement n'est pas vérifiée : "
                + " ".join(run.report.get("errors", []))
            )

    def _progress(self, message: str, level: int) -> None:
        if self.verbosity >= level:
            self.stdout.write(message)
            self.stdout.flush()

    def _summary(self, run) -> None:
        report, write = run.report, self.stdout.write
        write("")
        write(f"Rapprochement (export du {report['export_date']}) — reprise {run.public_id}")
        header = f"{'fichier':<28}{'lues':>10}{'reprises':>10}{'dont déjà':>11}{'fusionnées':>12}{'rejetées':>10}{'non reprises':>14}  équation"
        write(header)
        for c in file_rows(report):
            write(
                f"{c['name']:<28}{c['read']:>10}{c['migrated']:>10}{c['already']:>11}{c['merged']:>12}"
                f"{c['rejected']:>10}{c['deferred']:>14}  {'ok' if c['balanced'] else 'FAUSSE'}"
            )
        t = report["totals"]
        write(
            f"{'total':<28}{t['read']:>10}{t['migrated']:>10}{t['already']:>11}{t['merged']:>12}"
            f"{t['rejected']:>10}{t['deferred']:>14}"
        )
        write("")
        write(f"{'phase':<16}{'lignes':>10}{'secondes':>10}{'lignes/s':>10}")
        for phase in phase_rows(report):
            write(
                f"{phase['label']:<16}{phase['rows']:>10}{phase['seconds']:>10.1f}"
                f"{phase['rows_per_second']:>10}"
            )
        write(f"Durée totale : {report['seconds']:.1f} s")
        for c in file_rows(report):
            for problem in c["problems"]:
                write(f"  ! {problem['message']}")

    def _write_reports(self, run, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "reconciliation.html").write_text(report_html(run, run.report), "utf-8")
        (directory / "reconciliation.csv").write_text(report_csv(run.report), "utf-8")
        issues = (
            MigrationIssue.objects.filter(run=run)
            .order_by("file", "line", "pk")
            .values_list(
                "file",
                "line",
                "legacy_id",
                "outcome",
                "reason",
                "message",
                "entity_legacy_id",
                "caisse_code",
            )  # fmt: skip
        )
        with (directory / "lignes.csv").open("w", encoding="utf-8", newline="") as stream:
            for line in issue_rows(issues.iterator(chunk_size=5_000)):
                stream.write(line)
        self.stdout.write(f"Rapport écrit dans {directory}")
