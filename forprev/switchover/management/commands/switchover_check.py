"""Check a Forprev 1 export before the switch: every rule of the seed, for every entity.

    manage.py switchover_check DIR [--due JJ/MM/AAAA] [--csv FILE] [--findings-csv FILE] [--keep N]

Reads the export folder (each file once), writes a conformity run (the managers' to-do lists
and the readiness dashboard read the latest one), prints progress, a summary (entities ready or
not, findings by check and by caisse, rows per second of each file), and writes the readiness CSV
(one row per entity) and, on demand, every finding as CSV. Dirty content is reported as
findings; only a missing folder stops the command, with a French message.
"""

from django.core.management.base import BaseCommand, CommandError

from forprev.accreditations.management.arguments import parse_day, parse_int
from forprev.core.exceptions import DomainError
from forprev.switchover.checks import conformity_check, conformity_runs_prune
from forprev.switchover.checks.export import (
    findings_header,
    findings_queryset,
    findings_rows,
    readiness_header,
    readiness_queryset,
    readiness_rows,
    write_csv,
)
from forprev.switchover.enums import CheckCode


class Command(BaseCommand):
    help = (
        "Contrôle de conformité d'un export Forprev 1 avant la bascule : anomalies par entité, "
        "listes de points à corriger des gestionnaires, tableau de préparation des caisses."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Dossier de l'export Forprev 1 (fichiers CSV).")
        parser.add_argument(
            "--due",
            help="Date limite des corrections (JJ/MM/AAAA ; défaut : date de l'export + 30 jours).",
        )
        parser.add_argument("--csv", help="Fichier CSV de l'état de préparation par entité.")
        parser.add_argument("--findings-csv", help="Fichier CSV de toutes les anomalies.")
        parser.add_argument(
            "--keep",
            help="Ne garder que les N derniers contrôles (les plus anciens sont supprimés).",
        )

    def handle(self, *args, directory, due=None, csv=None, findings_csv=None, keep=None, **opts):
        due_on = parse_day(due, option="--due") if due else None
        keep = parse_int(keep, option="--keep") if keep is not None else None
        if keep is not None and keep < 1:
            raise CommandError("--keep : au moins 1 (le contrôle courant est toujours gardé).")
        try:
            run = conformity_check(directory=directory, due_on=due_on, progress=self._progress)
        except DomainError as error:
            raise CommandError(error.message) from None
        self._summary(run)
        if csv:
            count = write_csv(csv, readiness_header(), readiness_rows(readiness_queryset(run)))
            self.stdout.write(f"État de préparation : {count} entité(s) écrite(s) dans {csv}")
        if findings_csv:
            count = write_csv(
                findings_csv, findings_header(), findings_rows(run, findings_queryset(run))
            )
            self.stdout.write(f"Anomalies : {count} ligne(s) écrite(s) dans {findings_csv}")
        if keep is not None:
            deleted = conformity_runs_prune(keep=keep)
            self.stdout.write(f"Historique : {deleted} contrôle(s) ancien(s) supprimé(s).")

    def _progress(self, message: str) -> None:
        self.stdout.write(f"  {message}")
        self.stdout.flush()

    def _summary(self, run) -> None:
        summary = run.summary
        labels = dict(CheckCode.choices)
        write = self.stdout.write
        write("")
        write(
            f"Contrôle terminé en {summary['seconds']} s — export du "
            f"{_day(summary['export_date'])}, corrections attendues avant le "
            f"{run.due_on:%d/%m/%Y}."
        )
        write(
            f"Entités : {summary['entities']} — prêtes : {summary['ready']} — "
            f"non prêtes : {summary['not_ready']}"
        )
        write(
            f"Anomalies : {summary['blocking']} bloquante(s), {summary['warnings']} point(s) "
            f"d'attention, {summary['unattributed_findings']} non rattachée(s) à une entité."
        )
        write("Par contrôle (anomalies / entités concernées) :")
        for code, figures in sorted(summary["by_check"].items()):
            write(f"  {labels[code]} : {figures['findings']} / {figures['entities']}")
        for code, number in sorted(summary["unattributed"].items()):
            write(f"  {labels[code]} (non rattachées) : {number}")
        write("Par caisse (entités / prêtes / non prêtes) :")
        for figures in summary["by_caisse"].values():
            write(
                f"  {figures['name']} : {figures['entities']} / {figures['ready']} / "
                f"{figures['not_ready']}"
            )
        write("Lecture des fichiers (lignes, secondes, lignes/s) :")
        for name, figures in summary["files"].items():
            write(
                f"  {name} : {figures['rows']}, {figures['seconds']} s, "
                f"{figures['rows_per_second']}/s"
            )


def _day(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"
