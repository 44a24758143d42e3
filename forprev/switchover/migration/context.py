"""The state of one migration run, shared by its phases.

- **Tallies**: per file, rows read (the reader's count) and the outcome of each row; per entity
  and per caisse the same counts; the reasons and the corrections by code.
- **Issues**: one ``MigrationIssue`` per row not migrated as itself and per correction, buffered
  and bulk-inserted (they belong to the run, not to the business transaction of a chunk).
- **Maps** from Forprev 1 ids to Forprev 2 primary keys, filled phase after phase (a dry run
  gives the rows it would create negative stand-in keys).
- **Writes**: ``existing`` (which rows of a chunk an earlier run already wrote, by public_id),
  ``insert`` (``forprev.core.bulk.insert_rows``; nothing in a dry run) and ``atomic`` (one
  transaction per chunk in a wet run).
"""

import contextlib
import hashlib
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from forprev.core.bulk import insert_rows
from forprev.referentials.models import Caisse, Department, ProgrammeLevel

from ..enums import Outcome
from ..legacy.keys import NAMESPACE
from ..legacy.reader import ERROR, LegacyFile, Record, read_file
from ..legacy.spec import FileSpec
from ..models import MigrationIssue
from .reasons import REASONS

OUTCOMES = (Outcome.MIGRATED, Outcome.MERGED, Outcome.REJECTED, Outcome.DEFERRED)
ISSUES_PER_INSERT = 5_000
LOOKUP_SIZE = 900  # ids per IN (...) list
ISSUE_FIELDS = (
    "run_id", "file", "line", "legacy_id", "outcome", "reason", "message",
    "entity_legacy_id", "caisse_code",
)  # fmt: skip


class Keys:
    """``legacy_uuid(file, id)`` for one file, with the hash of the common prefix computed once
    (the same UUIDs, twice as fast over a million rows)."""

    def __init__(self, file_name: str):
        self._base = hashlib.sha1(NAMESPACE.bytes + f"forprev1/{file_name}/".encode())  # noqa: S324 - uuid5 is SHA-1

    def __call__(self, legacy_id: str) -> uuid.UUID:
        digest = self._base.copy()
        digest.update(legacy_id.encode())
        return uuid.UUID(bytes=digest.digest()[:16], version=5)


@dataclass
class FileTally:
    name: str
    read: int = 0
    migrated: int = 0
    already: int = 0  # among migrated: present from an earlier run
    merged: int = 0
    rejected: int = 0
    deferred: int = 0
    reasons: Counter = field(default_factory=Counter)
    corrections: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)

    def accounted(self) -> int:
        return self.migrated + self.merged + self.rejected + self.deferred

    def as_dict(self) -> dict:
        return {
            "read": self.read,
            "migrated": self.migrated,
            "already": self.already,
            "merged": self.merged,
            "rejected": self.rejected,
            "deferred": self.deferred,
            "balanced": self.read == self.accounted(),
            "reasons": dict(sorted(self.reasons.items())),
            "corrections": dict(sorted(self.corrections.items())),
            "problems": self.problems,
        }


@dataclass(frozen=True)
class LevelInfo:
    pk: int
    code: str
    level: int
    certificate_validity_months: int | None
    max_trainees: int | None


class Referentials:
    """Caisses, départements and dispositif levels, read once."""

    def __init__(self):
        self.caisses = {
            code: (pk, name) for pk, code, name in Caisse.objects.values_list("pk", "code", "name")
        }
        self.caisse_codes = {pk: code for code, (pk, _name) in self.caisses.items()}
        self.departments = {
            code: (pk, self.caisse_codes[caisse_id])
            for pk, code, caisse_id in Department.objects.values_list("pk", "code", "caisse_id")
        }
        self.levels = {
            (code, level): LevelInfo(pk, code, level, validity, max_trainees)
            for pk, code, level, validity, max_trainees in ProgrammeLevel.objects.values_list(
                "pk", "programme__code", "level", "certificate_validity_months", "max_trainees"
            )
        }  # fmt: skip

    def department(self, raw: str) -> str | None:
        """The référentiel's code of a département written ``1``, ``01``, ``2a`` or ``971``."""
        code = (raw or "").strip().upper()
        if code.isdigit() and len(code) < 2:
            code = code.zfill(2)
        return code if code in self.departments else None


class Context:
    def __init__(
        self,
        *,
        run,
        directory,
        wet: bool,
        chunk_size: int,
        rules=(),
        progress: Callable[[str, int], None] | None = None,
    ):
        self.run = run
        self.directory = Path(directory)
        self.wet = wet
        self.chunk_size = max(1, chunk_size)
        self.rules = tuple(rules)
        self._progress = progress or (lambda message, level: None)
        self.refs = Referentials()
        self.export_date: date | None = None
        self.files: dict[str, FileTally] = {}
        self.by_entity: dict[str, Counter] = defaultdict(Counter)
        self.by_caisse: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        # Forprev 1 entity id → (raison sociale, caisse code), every row of entites.csv.
        self.entities: dict[str, tuple[str, str]] = {}
        self.phases: dict[str, dict] = {}  # name → figures (JSON: ordered by "order")
        self._issues: list[tuple] = []
        self._fake_pk = 0
        self._looked_into: dict = {}  # model → whether it held rows when first looked into
        self.system_user_pk: int | None = None
        self.state: dict = {}  # what the phases hand to each other (maps of ids)

    # -- output ------------------------------------------------------------------------------

    def say(self, message: str, level: int = 1) -> None:
        self._progress(message, level)

    # -- files -------------------------------------------------------------------------------

    def open(self, spec: FileSpec) -> LegacyFile:
        self.files.setdefault(spec.name, FileTally(spec.name))
        return read_file(self.directory, spec)

    def close(self, legacy_file: LegacyFile) -> None:
        tally = self.files[legacy_file.spec.name]
        tally.read = legacy_file.rows_read
        tally.problems = [
            {"line": p.line, "message": str(p), "severity": p.severity, "code": p.code}
            for p in legacy_file.problems
        ]

    def peek(self, spec: FileSpec) -> Iterable[Record]:
        """The rows of a file read ahead of its phase (counts and problems are the phase's)."""
        return read_file(self.directory, spec).records()

    # -- outcomes ----------------------------------------------------------------------------

    def caisse_of(self, entity: str | None) -> str:
        if not entity:
            return ""
        known = self.entities.get(entity)
        return known[1] if known else ""

    def _count(self, file: str, outcome: str, entity: str | None) -> None:
        tally = self.files[file]
        setattr(tally, outcome, getattr(tally, outcome) + 1)
        key = entity if entity in self.entities else ""
        if key:
            self.by_entity[key][outcome] += 1
        self.by_caisse[self.caisse_of(key)][file][outcome] += 1

    def migrated(self, file: str, *, entity: str | None = None, already: bool = False) -> None:
        self._count(file, Outcome.MIGRATED, entity)
        if already:
            self.files[file].already += 1

    def outcome(
        self, file: str, line: int | None, legacy_id: str, code: str, message: str, *, entity=None
    ) -> None:
        """A row not migrated as itself: merged, rejected or deferred, with its reason."""
        outcome = REASONS[code].outcome
        assert outcome != Outcome.MIGRATED, code
        self._count(file, outcome, entity)
        self.files[file].reasons[code] += 1
        self._buffer(file, line, legacy_id, outcome, code, message, entity)

    def correction(
        self, file: str, line: int | None, legacy_id: str, code: str, message: str, *, entity=None
    ) -> None:
        """Something changed on the way for a migrated row (it is counted by ``migrated``)."""
        assert REASONS[code].outcome == Outcome.MIGRATED, code
        self.files[file].corrections[code] += 1
        self._buffer(file, line, legacy_id, Outcome.MIGRATED, code, message, entity)

    def usable(self, file: str, record: Record, legacy_id: str, seen: dict, *, entity=None) -> bool:
        """The first check of every row: readable, and the first of the file with its id
        (``seen``: id → line). Otherwise the row is rejected with its reason, and False."""
        if record.rejected:
            self.rejected_record(file, record, legacy_id, entity=entity)
            return False
        if legacy_id in seen:
            self.outcome(
                file, record.line, legacy_id, "duplicate_id",
                _("Identifiant déjà présent ligne %(line)s.") % {"line": seen[legacy_id]},
                entity=entity,
            )  # fmt: skip
            return False
        seen[legacy_id] = record.line
        return True

    def rejected_record(self, file: str, record: Record, legacy_id: str, *, entity=None) -> None:
        code = "broken_line" if record.broken else "invalid_value"
        message = record.reason() or _("Ligne rejetée.")
        self.outcome(file, record.line, legacy_id, code, message, entity=entity)

    def dropped_values(self, file: str, record: Record, legacy_id: str, *, entity=None) -> None:
        """Optional values the reader refused (read as empty) on a row that is migrated."""
        for problem in record.problems:
            if problem.severity == ERROR and problem.code == "value":
                self.correction(
                    file, record.line, legacy_id, "value_dropped", problem.message, entity=entity
                )

    def _buffer(self, file, line, legacy_id, outcome, code, message, entity) -> None:
        self._issues.append(
            (
                self.run.pk,
                file,
                line,
                (legacy_id or "")[:20],
                outcome,
                code[:60],
                str(message),
                (entity or "")[:20],
                self.caisse_of(entity),
            )
        )
        if len(self._issues) >= ISSUES_PER_INSERT:
            self.flush_issues()

    def flush_issues(self) -> None:
        if self._issues:
            insert_rows(MigrationIssue, ISSUE_FIELDS, self._issues)
            self._issues = []

    # -- writes ------------------------------------------------------------------------------

    def held_rows(self, model) -> bool:
        """Whether ``model``'s table held rows when the run first looked into it. An empty one
        holds nothing an earlier run (or anybody else) wrote: its look-ups can be skipped, the
        run knowing what it writes itself. (The migration runs with the application closed.)"""
        if model not in self._looked_into:
            self._looked_into[model] = model.objects.exists()
        return self._looked_into[model]

    def existing(self, model, uuids: list, *fields: str) -> dict:
        """``{public_id: pk}`` (or ``{public_id: (pk, *fields)}``) of the rows already written.

        Skipped for a table empty at first (``held_rows``): the first run into an empty
        database looks up nothing. Rows the run writes itself are never looked up twice (the
        phases keep one row per key)."""
        if not self.held_rows(model):
            return {}
        found = {}
        for start in range(0, len(uuids), LOOKUP_SIZE):
            chunk = uuids[start : start + LOOKUP_SIZE]
            for public_id, pk, *rest in (
                model.objects.filter(public_id__in=chunk)
                .order_by()
                .values_list("public_id", "pk", *fields)
            ):
                found[public_id] = (pk, *rest) if fields else pk
        return found

    def insert(self, model, fields, rows, *, returning: bool = False) -> list[int]:
        if not rows:
            return []
        if not self.wet:
            if not returning:
                return []
            first = self._fake_pk - 1
            self._fake_pk -= len(rows)
            return list(range(first, self._fake_pk - 1, -1))
        if returning and connection.vendor == "postgresql":
            # COPY and a look-up by public_id: several times faster than INSERT … RETURNING.
            insert_rows(model, fields, rows)
            column = list(fields).index("public_id")
            public_ids = [row[column] for row in rows]
            found = {}
            for start in range(0, len(public_ids), LOOKUP_SIZE):
                found.update(
                    model.objects.filter(public_id__in=public_ids[start : start + LOOKUP_SIZE])
                    .order_by()
                    .values_list("public_id", "pk")
                )
            return [found[public_id] for public_id in public_ids]
        return insert_rows(model, fields, rows, returning=returning)

    def atomic(self):
        return transaction.atomic() if self.wet else contextlib.nullcontext()

    # -- phases ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def phase(self, name: str, label: str, files: tuple[str, ...]):
        self.say(_("Phase « %(label)s » : début.") % {"label": label})
        started = time.perf_counter()
        yield
        self.flush_issues()
        seconds = time.perf_counter() - started
        rows = sum(self.files[f].read for f in files if f in self.files)
        stats = {
            "order": len(self.phases),
            "label": label,
            "files": list(files),
            "rows": rows,
            "seconds": round(seconds, 3),
            "rows_per_second": round(rows / seconds) if seconds > 0 else rows,
        }
        self.phases[name] = stats
        self.say(
            _("Phase « %(label)s » : %(rows)s lignes en %(seconds).1f s (%(rate)s lignes/s).")
            % {"label": label, "rows": rows, "seconds": seconds, "rate": stats["rows_per_second"]}
        )

    def chunk_written(self, label: str, done: int) -> None:
        self.say(_("  %(label)s : %(done)s lignes traitées") % {"label": label, "done": done}, 2)


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
