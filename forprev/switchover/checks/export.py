"""The CSV files of a conformity run: readiness (one row per entity) and findings (one per row).

One description serves ``switchover_check --csv/--findings-csv`` and the dashboard's downloads,
so both give the same content. ``;``-separated, UTF-8 with a BOM (Excel opens it as UTF-8),
French headers; rows are streamed from the database, a few thousand at a time.
"""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from forprev.core import csv_safe
from forprev.switchover.enums import CheckCode
from forprev.switchover.models import ConformityFinding, ConformityRun, EntityReadiness

from .catalogue import WHERE_FILE, when_text

BOM = "\ufeff"
CHUNK = 2_000


def readiness_header() -> list[str]:
    return [
        _("Identifiant Forprev 1"),
        _("Raison sociale"),
        _("SIRET"),
        _("NDA"),
        _("Caisse"),
        _("Prête"),
        _("Anomalies bloquantes"),
        _("Points d'attention"),
        *[str(label) for label in CheckCode.labels],
    ]


def readiness_rows(readiness) -> Iterator[list]:
    """``readiness``: a queryset of ``readiness_queryset``."""
    codes = CheckCode.values
    for row in readiness.iterator(chunk_size=CHUNK):
        yield [
            row.legacy_id,
            row.name,
            row.siret,
            row.nda,
            row.caisse.name if row.caisse else "",
            _("oui") if row.ready else _("non"),
            row.blocking,
            row.warnings,
            *[row.counts.get(code, 0) for code in codes],
        ]


def readiness_queryset(run: ConformityRun, user=None):
    rows = EntityReadiness.objects.filter(run=run)
    if user is not None:
        rows = rows.visible_to(user)
    return rows.select_related("caisse").order_by("legacy_id", "pk")


def findings_header() -> list[str]:
    return [
        _("Identifiant Forprev 1 de l'entité"),
        _("Raison sociale"),
        _("Caisse"),
        _("Contrôle"),
        _("Bloquant"),
        _("Fichier"),
        _("Ligne"),
        _("Concerne"),
        _("Anomalie"),
        _("Où corriger"),
        _("Quand"),
    ]


def findings_queryset(run: ConformityRun, user=None):
    findings = ConformityFinding.objects.filter(run=run)
    if user is not None:
        findings = findings.visible_to(user)
    return findings.select_related("caisse").order_by("entity_legacy_id", "pk")


def findings_rows(run: ConformityRun, findings) -> Iterator[list]:
    """``findings``: a queryset of ``findings_queryset``."""
    names = dict(EntityReadiness.objects.filter(run=run).values_list("legacy_id", "name"))
    labels = dict(CheckCode.choices)
    where_file = str(WHERE_FILE)
    for finding in findings.iterator(chunk_size=CHUNK):
        yield [
            finding.entity_legacy_id,
            names.get(finding.entity_legacy_id, ""),
            finding.caisse.name if finding.caisse else "",
            str(labels.get(finding.check_code, finding.check_code)),
            _("oui") if finding.blocking else _("non"),
            finding.file,
            finding.line or "",
            finding.subject,
            finding.message,
            finding.fix or where_file,
            when_text(finding.check_code, run.due_on, finding.blocking),
        ]


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text line by line, the first one with the BOM; every cell neutralised against
    formula injection (names, messages and identifiers come from Forprev 1's files)."""
    writer = csv_safe.line_writer(delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def write_csv(path, header: list[str], rows: Iterable[list]) -> int:
    """Write the CSV file; returns the number of data rows."""
    count = -1
    with open(path, "w", encoding="utf-8", newline="") as stream:
        for count, line in enumerate(csv_lines(header, rows)):  # noqa: B007 - the count is kept
            stream.write(line)
    return count
