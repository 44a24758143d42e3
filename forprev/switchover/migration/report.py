"""The reconciliation report: in = out, file by file.

For every file of the export: rows read (the reader's count) = rows migrated + merged + rejected
+ deferred. ``build_report`` turns a run's tallies into the JSON kept on ``MigrationRun.report``;
``check_balance`` verifies the equation twice — on the tallies, and against the issues written
to the database (one per merged, rejected or deferred row) — and lists every discrepancy in
French. The same report renders as CSV (``report_csv``: one line per file, then per caisse) and
as a self-contained HTML page (``report_html``), and the issues as a streaming CSV
(``issue_rows``).
"""

import io
from collections import Counter, defaultdict

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from forprev.core import csv_safe

from ..enums import Outcome
from ..legacy.spec import FILES
from ..models import MigrationIssue
from .reasons import label_of

COUNTS = ("read", "migrated", "merged", "rejected", "deferred")
NOT_MIGRATED = (Outcome.MERGED, Outcome.REJECTED, Outcome.DEFERRED)
REPORT_VERSION = 1


def _with_read(counter: Counter) -> dict:
    counts = {outcome: counter.get(outcome, 0) for outcome in COUNTS[1:]}
    return {"read": sum(counts.values()), **counts}


def build_report(ctx, *, plan=None) -> dict:
    order = [spec.name for spec in FILES]
    files = {name: ctx.files[name].as_dict() for name in order if name in ctx.files}
    totals = {key: sum(f[key] for f in files.values()) for key in (*COUNTS, "already")}
    by_caisse = {}
    for code, per_file in sorted(ctx.by_caisse.items()):
        name = ctx.refs.caisses[code][1] if code in ctx.refs.caisses else _("Sans caisse")
        file_counts = {f: _with_read(per_file[f]) for f in order if f in per_file}
        by_caisse[code] = {
            "name": name,
            "files": file_counts,
            "totals": {k: sum(c[k] for c in file_counts.values()) for k in COUNTS},
        }
    by_entity = {}
    for entity, counter in ctx.by_entity.items():
        name, caisse = ctx.entities.get(entity, ("", ""))
        by_entity[entity] = {"name": name, "caisse": caisse, **_with_read(counter)}
    reasons, corrections = Counter(), Counter()
    for tally in ctx.files.values():
        reasons.update(tally.reasons)
        corrections.update(tally.corrections)
    return {
        "version": REPORT_VERSION,
        "wet": ctx.wet,
        "export_date": ctx.export_date.isoformat() if ctx.export_date else None,
        "chunk_size": ctx.chunk_size,
        "rules": [
            {
                "from": r.expiring_from.isoformat(),
                "to": r.expiring_to.isoformat(),
                "months": r.months,
            }
            for r in ctx.rules
        ],
        "files": files,
        "totals": totals,
        "by_caisse": by_caisse,
        "by_entity": by_entity,
        "reasons": dict(sorted(reasons.items())),
        "corrections": dict(sorted(corrections.items())),
        "phases": ctx.phases,
        "trainer_duplicates": plan or {},
    }


def check_balance(run, report: dict) -> list[str]:
    """Every discrepancy of the equation, in French (empty: balanced)."""
    errors = []
    for name, counts in report["files"].items():
        accounted = sum(counts[k] for k in COUNTS[1:])
        if counts["read"] != accounted:
            errors.append(
                _(
                    "%(file)s : %(read)s lignes lues ≠ %(accounted)s reprises, fusionnées, "
                    "rejetées ou non reprises (écart %(gap)s)."
                )
                % {
                    "file": name,
                    "read": counts["read"],
                    "accounted": accounted,
                    "gap": counts["read"] - accounted,
                }
            )
    stored = defaultdict(Counter)
    for file, outcome, count in (
        MigrationIssue.objects.filter(run=run, outcome__in=NOT_MIGRATED)
        .values_list("file", "outcome")
        .annotate(count=Count("id"))
        .order_by()
    ):
        stored[file][outcome] = count
    for name, counts in report["files"].items():
        for outcome in NOT_MIGRATED:
            if stored[name][outcome] != counts[outcome]:
                errors.append(
                    _(
                        "%(file)s : %(counted)s lignes « %(outcome)s » comptées, "
                        "%(stored)s enregistrées avec leur motif."
                    )
                    % {
                        "file": name,
                        "counted": counts[outcome],
                        "outcome": Outcome(outcome).label,
                        "stored": stored[name][outcome],
                    }
                )
    return errors


# -- renderings ----------------------------------------------------------------------------

CSV_HEADER = (
    "fichier", "lues", "reprises", "dont déjà reprises", "fusionnées", "rejetées",
    "non reprises", "équation",
)  # fmt: skip


def report_csv(report: dict) -> str:
    """The per-file table, then the per-caisse one (``;``, for a spreadsheet)."""
    out = io.StringIO()
    writer = csv_safe.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for c in file_rows(report):
        writer.writerow(
            (c["name"], c["read"], c["migrated"], c["already"], c["merged"], c["rejected"],
             c["deferred"], _("vérifiée") if c["balanced"] else _("FAUSSE"))
        )  # fmt: skip
    t = report["totals"]
    writer.writerow(
        (_("total"), t["read"], t["migrated"], t["already"], t["merged"], t["rejected"], t["deferred"], "")
    )  # fmt: skip
    writer.writerow(())
    writer.writerow(
        (_("caisse"), _("fichier"), "lues", "reprises", "fusionnées", "rejetées", "non reprises")
    )
    for caisse in caisse_rows(report):
        for c in caisse["files"]:
            writer.writerow(
                (caisse["name"], c["name"], c["read"], c["migrated"], c["merged"], c["rejected"], c["deferred"])
            )  # fmt: skip
    writer.writerow(())
    writer.writerow((_("motif"), _("libellé"), _("lignes")))
    for code, count in {**report["reasons"], **report["corrections"]}.items():
        writer.writerow((code, label_of(code), count))
    return "\ufeff" + out.getvalue()


def report_html(run, report: dict) -> str:
    return render_to_string(
        "switchover/reconciliation_export.html",
        {
            "run": run,
            "report": report,
            "files": file_rows(report),
            "reasons": reason_rows(report),
            "caisses": caisse_rows(report),
            "phases": phase_rows(report),
        },
    )


FILE_ORDER = {spec.name: n for n, spec in enumerate(FILES)}


def file_rows(report: dict) -> list[dict]:
    """The files in the export's order (a PostgreSQL JSON object does not keep key order)."""
    files = report.get("files", {})
    names = sorted(files, key=lambda name: FILE_ORDER.get(name, len(FILE_ORDER)))
    return [{"name": name, **files[name]} for name in names]


def phase_rows(report: dict) -> list[dict]:
    phases = report.get("phases", {})
    return [
        {"name": name, **phases[name]} for name in sorted(phases, key=lambda n: phases[n]["order"])
    ]


def caisse_rows(report: dict) -> list[dict]:
    """Caisses by name (« sans caisse » last), each with its files in the export's order."""
    rows = []
    for code, caisse in report.get("by_caisse", {}).items():
        files = sorted(caisse["files"], key=lambda name: FILE_ORDER.get(name, len(FILE_ORDER)))
        rows.append(
            {
                "code": code,
                "name": caisse["name"],
                "totals": caisse["totals"],
                "files": [{"name": name, **caisse["files"][name]} for name in files],
            }
        )
    return sorted(rows, key=lambda row: (not row["code"], row["name"]))


def reason_rows(report: dict) -> list[dict]:
    from .reasons import REASONS

    rows = []
    for code, count in {**report.get("reasons", {}), **report.get("corrections", {})}.items():
        reason = REASONS.get(code)
        rows.append(
            {
                "code": code,
                "label": label_of(code),
                "outcome": Outcome(reason.outcome).label if reason else "",
                "count": count,
            }
        )
    return rows


ISSUE_HEADER = ("fichier", "ligne", "identifiant", "sort", "motif", "détail", "entité", "caisse")


def issue_rows(issues):
    """The issues as CSV lines (strings), header first with the BOM, for a streaming response;
    every cell neutralised against formula injection (``forprev.core.csv_safe``)."""
    writer = csv_safe.line_writer(delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(ISSUE_HEADER)
    labels = {outcome.value: str(outcome.label) for outcome in Outcome}
    for file, number, legacy_id, outcome, reason, message, entity, caisse in issues:
        yield writer.writerow(
            (file, number or "", legacy_id, labels.get(outcome, outcome), reason, message,
             entity, caisse)
        )  # fmt: skip
