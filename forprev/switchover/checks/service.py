"""``conformity_check``: one conformity run on a Forprev 1 export, from the files to the to-do
lists and the readiness dashboard.

Each file is streamed once, in the export's dependency order; the checks of ``entities``,
``people``, ``trainers`` and ``activity`` fill an ``Analysis``. Then every finding is filed under
the habilitated entity it belongs to, each entity gets its readiness (ready: no blocking
finding), the Forprev 2 entity is found (by the ``public_id`` the migration gives it, else by
SIRET for a company, NDA for a training organisation), and the readiness rows and findings are
written in bulk, in one transaction that also marks the run finished. Only the latest finished
run is shown; ``conformity_runs_prune`` deletes the older ones beyond a number kept.
"""

import time
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.bulk import insert_rows
from forprev.core.exceptions import DomainError
from forprev.entities.enums import EntityKind
from forprev.entities.models import Entity
from forprev.referentials.models import Caisse, Department
from forprev.switchover.enums import CheckCode, RunStatus
from forprev.switchover.legacy.keys import legacy_uuid
from forprev.switchover.legacy.spec import ENTITIES, EXPORT
from forprev.switchover.models import ConformityFinding, ConformityRun, EntityReadiness

from . import activity, entities, people, trainers
from .analysis import Analysis, Progress
from .catalogue import WHERE_FILE

WRITE_CHUNK = 10_000  # findings handed to one ``insert_rows`` call
LOOKUP_CHUNK = 500  # ids in one IN (…) of the Forprev 2 entity lookup


def default_due_days() -> int:
    return getattr(settings, "FORPREV_SWITCHOVER_DUE_DAYS", 30)


def conformity_check(
    *, directory, due_on=None, progress: Progress = None, run: ConformityRun | None = None
) -> ConformityRun:
    """Check the export in ``directory``; the findings are due on ``due_on`` (default: the
    export's date + ``FORPREV_SWITCHOVER_DUE_DAYS``, 30 days). Dirty content is reported as
    findings, never raised; a missing directory raises ``DomainError``. ``run``: a run already
    recorded « en cours » (started from the readiness page, ``starting``), filled here."""
    directory = Path(directory)
    if not directory.is_dir():
        raise DomainError(
            _("Dossier d'export introuvable : %(path)s") % {"path": directory}, code="missing"
        )
    started = time.perf_counter()
    if run is None:
        run = ConformityRun.objects.create(source=str(directory.resolve())[:500], due_on=due_on)
    try:
        analysis = analyse(directory, progress=progress)
        if run.due_on is None:
            run.due_on = analysis.export_date + timedelta(days=default_due_days())
        _write(run, analysis, started)
    except BaseException:
        ConformityRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now()
        )
        raise
    return run


def analyse(directory: Path, *, progress: Progress = None) -> Analysis:
    """Every check, every file read once."""
    analysis = Analysis(directory, progress=progress)
    analysis.caisse_by_code = dict(Caisse.objects.values_list("code", "id"))
    analysis.caisse_by_department = dict(Department.objects.values_list("code", "caisse_id"))
    analysis.caisse_contacts = {
        pk: f"{name} ({email})" if email else name
        for pk, name, email in Caisse.objects.values_list("pk", "name", "email")
    }
    _read_export_date(analysis)
    entities.read_entities(analysis)
    people.read_users(analysis)
    people.read_profiles(analysis)
    entities.check_entities(analysis)
    people.read_persons(analysis)
    trainers.read_trainers(analysis)
    people.finish_users(analysis)
    activity.read_trainer_certificates(analysis)
    activity.read_accreditations(analysis)
    activity.read_applications(analysis)
    activity.read_sessions(analysis)
    activity.read_enrolments(analysis)
    people.finish_persons(analysis)
    activity.read_certificates(analysis)
    return analysis


def _read_export_date(analysis: Analysis) -> None:
    legacy_file = analysis.open(EXPORT)
    for record in analysis.stream(legacy_file):
        if record.values and record.values["date_export"]:
            analysis.export_date = record.values["date_export"]
            break
        analysis.broken_row(record)
    if analysis.export_date is None:
        analysis.export_date = timezone.localdate()
        analysis.add(
            "",
            CheckCode.FILE_PROBLEM,
            False,
            EXPORT.name,
            None,
            EXPORT.name,
            _(
                "Date de l'export inconnue (export.csv absent ou illisible) : les contrôles "
                "prennent la date du jour, %(day)s."
            )
            % {"day": analysis.export_date.strftime("%d/%m/%Y")},
            str(WHERE_FILE),
        )


# -- readiness and writing -------------------------------------------------------------------


def _readiness(analysis: Analysis):
    """Per habilitated entity: findings per check, blocking and warning counts."""
    roots = analysis.roots
    counts: dict[str, Counter] = {e: Counter() for e, root in roots.items() if root == e}
    blocking: Counter = Counter()
    warnings: Counter = Counter()
    unattributed: Counter = Counter()
    for finding in analysis.findings:
        root = roots.get(finding.entity, "") if finding.entity else ""
        if root not in counts:
            unattributed[finding.code] += 1
            continue
        counts[root][finding.code] += 1
        if finding.blocking:
            blocking[root] += 1
        else:
            warnings[root] += 1
    return counts, blocking, warnings, unattributed


def _match_entities(analysis: Analysis, legacy_ids: list[str]) -> dict[str, int]:
    """Forprev 1 entity id → Forprev 2 entity pk: by the migration's ``public_id``, else by
    SIRET (company) or NDA (training organisation). One Forprev 2 entity matches once."""
    by_uuid = {legacy_uuid(ENTITIES.name, legacy_id): legacy_id for legacy_id in legacy_ids}
    matched: dict[str, int] = {}
    uuids = list(by_uuid)
    for start in range(0, len(uuids), LOOKUP_CHUNK):
        chunk = uuids[start : start + LOOKUP_CHUNK]
        for public_id, pk in Entity.objects.filter(public_id__in=chunk).values_list(
            "public_id", "pk"
        ):
            matched[by_uuid[public_id]] = pk
    taken = set(matched.values())
    rest = [legacy_id for legacy_id in legacy_ids if legacy_id not in matched]
    for kind, field in ((EntityKind.COMPANY, "siret"), (EntityKind.TRAINING_ORG, "nda")):
        wanted: dict[str, list[str]] = defaultdict(list)
        for legacy_id in rest:
            row = analysis.entities[legacy_id]
            is_of = row.kind == "OF"
            if (kind == EntityKind.TRAINING_ORG) == is_of and getattr(row, field):
                wanted[getattr(row, field)].append(legacy_id)
        numbers = list(wanted)
        for start in range(0, len(numbers), LOOKUP_CHUNK):
            chunk = numbers[start : start + LOOKUP_CHUNK]
            # Recognised entities only: a provisional one (public application) holds no number.
            found = (
                Entity.objects.recognised()
                .filter(kind=kind, **{f"{field}__in": chunk})
                .values_list(field, "pk")
            )
            for number, pk in found:
                legacy_id = wanted[number][0]
                if pk not in taken and legacy_id not in matched:
                    matched[legacy_id] = pk
                    taken.add(pk)
    return matched


def _write(run: ConformityRun, analysis: Analysis, started: float) -> None:
    analysis.say(_("Écriture des résultats…"))
    counts, blocking, warnings, unattributed = _readiness(analysis)
    legacy_ids = sorted(counts, key=lambda e: (len(e), e))
    matched = _match_entities(analysis, legacy_ids)
    caisse_names = dict(Caisse.objects.values_list("pk", "name"))
    target: dict[str, tuple[int | None, int | None]] = {}  # legacy id → (entity pk, caisse pk)
    readiness_rows = []
    for legacy_id in legacy_ids:
        row = analysis.entities[legacy_id]
        entity_pk = matched.get(legacy_id)
        target[legacy_id] = (entity_pk, row.caisse_id)
        readiness_rows.append(
            (
                run.pk,
                legacy_id,
                (row.name or _("raison sociale absente"))[:200],
                row.siret[:20],
                row.nda[:20],
                row.caisse_id,
                entity_pk,
                blocking[legacy_id] == 0,
                blocking[legacy_id],
                warnings[legacy_id],
                dict(sorted(counts[legacy_id].items())),
            )
        )
    summary = _summary(analysis, run, counts, blocking, warnings, unattributed, caisse_names)
    with transaction.atomic():
        insert_rows(
            EntityReadiness,
            (
                "run_id",
                "legacy_id",
                "name",
                "siret",
                "nda",
                "caisse_id",
                "entity_id",
                "ready",
                "blocking",
                "warnings",
                "counts",
            ),
            readiness_rows,
        )
        fields = (
            "run_id",
            "entity_legacy_id",
            "entity_id",
            "caisse_id",
            "check_code",
            "blocking",
            "file",
            "line",
            "subject",
            "message",
            "fix",
        )
        roots = analysis.roots
        chunk = []
        written = 0
        for finding in analysis.findings:
            root = roots.get(finding.entity, "") if finding.entity else ""
            entity_pk, caisse_pk = target.get(root, (None, None))
            chunk.append(
                (
                    run.pk,
                    root if root in target else "",
                    entity_pk,
                    caisse_pk,
                    finding.code,
                    finding.blocking,
                    finding.file[:60],
                    finding.line,
                    finding.subject[:300],
                    finding.message,
                    finding.fix,
                )
            )
            if len(chunk) >= WRITE_CHUNK:
                insert_rows(ConformityFinding, fields, chunk)
                written += len(chunk)
                chunk = []
                analysis.say(_("%(n)s anomalies écrites") % {"n": f"{written:_}"})
        insert_rows(ConformityFinding, fields, chunk)
        summary["seconds"] = round(time.perf_counter() - started, 1)
        run.summary = summary
        run.status = RunStatus.FINISHED
        run.finished_at = timezone.now()
        run.save(update_fields=["due_on", "summary", "status", "finished_at", "updated_at"])


def _summary(analysis, run, counts, blocking, warnings, unattributed, caisse_names) -> dict:
    """The dashboard's figures, computed once: totals, by check, by caisse (and by check within
    each caisse, for an instructor's dashboard)."""

    def empty():
        return {"entities": 0, "ready": 0, "not_ready": 0, "findings": 0, "by_check": {}}

    total = empty()
    by_caisse: dict[str, dict] = {}
    for legacy_id, checks in counts.items():
        caisse_id = analysis.entities[legacy_id].caisse_id
        key = str(caisse_id or "")
        if key not in by_caisse:
            by_caisse[key] = empty() | {
                "id": caisse_id,
                "name": caisse_names.get(caisse_id, _("Caisse inconnue")),
            }
        ready = blocking[legacy_id] == 0
        for scope in (total, by_caisse[key]):
            scope["entities"] += 1
            scope["ready" if ready else "not_ready"] += 1
            for code, number in checks.items():
                figures = scope["by_check"].setdefault(code, {"findings": 0, "entities": 0})
                figures["findings"] += number
                figures["entities"] += 1
                scope["findings"] += number
    return {
        "export_date": analysis.export_date.isoformat(),
        "due_on": run.due_on.isoformat() if run.due_on else None,
        "files": analysis.stats,
        **total,
        "by_caisse": dict(sorted(by_caisse.items(), key=lambda item: item[1]["name"])),
        "unattributed": dict(unattributed),
        "unattributed_findings": sum(unattributed.values()),
        "warnings": sum(warnings.values()),
        "blocking": sum(blocking.values()),
    }


def conformity_runs_prune(*, keep: int) -> int:
    """Delete the runs older than the ``keep`` latest (finished or not, never the current one);
    returns how many were deleted."""
    keep = max(keep, 1)
    current = ConformityRun.objects.current()
    kept = list(
        ConformityRun.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)[:keep]
    )
    if current is not None:
        kept.append(current.pk)
    old = list(ConformityRun.objects.exclude(pk__in=kept).values_list("pk", flat=True))
    with transaction.atomic():
        # No signal or cascade from these two: one DELETE each.
        ConformityFinding.objects.filter(run_id__in=old).delete()
        EntityReadiness.objects.filter(run_id__in=old).delete()
        ConformityRun.objects.filter(pk__in=old).delete()
    return len(old)
