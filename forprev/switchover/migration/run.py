"""``switchover_migrate``: one run of the migration of a Forprev 1 export, phase after phase.

Dry run by default: everything is read and classified, the report is kept on a
``MigrationRun(wet=False)`` with its issues, and no business row is written. A wet run writes.

Idempotent and resumable: every row created from an export row has the public_id
``legacy_uuid(file, id)``; each phase writes chunk by chunk, each chunk in its own transaction,
after looking up which of its rows an earlier run already wrote (they count as migrated,
« déjà repris »). Nothing random is drawn: numbers, e-mails, dates all follow from the export
(and from what Forprev 2 held before the first run). A run killed half-way loses its current
chunk only; the next run finds the rest and carries on, and the database ends as after an
uninterrupted run. The run left behind stays « en cours »: the next one marks it failed.
"""

import contextlib
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from forprev.core.exceptions import DomainError

from ..enums import RunStatus
from ..legacy.spec import (
    ACCREDITATIONS,
    APPLICATIONS,
    CERTIFICATES,
    ENROLMENTS,
    ENTITIES,
    EXPORT,
    PERSONS,
    PROFILES_FILE,
    SESSIONS,
    TRAINER_CERTIFICATES,
    TRAINERS,
    USERS,
)
from ..models import MigrationRun
from .accounts import migrate_accounts
from .accreditations import migrate_accreditations, parse_extension_rule
from .certificates import migrate_certificates
from .context import Context
from .enrolments import migrate_enrolments
from .entities import migrate_entities
from .export import migrate_export
from .people import migrate_people
from .plan import make_plan
from .report import build_report, check_balance
from .sessions import migrate_sessions
from .trainers import migrate_trainers

# Rows written per transaction. The tables' random keys (public_id, numbers, codes) put each row
# of a chunk in another index page: bigger chunks rewrite each page fewer times (on SQLite,
# 50,000 rows write a sixth of what 5,000 do). A killed run loses one chunk of work.
DEFAULT_CHUNK_SIZE = 50_000
# SQLite's page cache during a run (KiB): the indexes of a million rows stay in memory.
SQLITE_CACHE_KIB = 512 * 1024

# (name, French label, files, function), in dependency order.
PHASES = (
    ("export", _lazy("export"), (EXPORT.name,), migrate_export),
    ("entities", _lazy("entités"), (ENTITIES.name,), migrate_entities),
    ("accounts", _lazy("comptes"), (USERS.name, PROFILES_FILE.name), migrate_accounts),
    ("people", _lazy("individus"), (PERSONS.name,), migrate_people),
    ("trainers", _lazy("formateurs"), (TRAINERS.name, TRAINER_CERTIFICATES.name), migrate_trainers),
    ("accreditations", _lazy("habilitations"), (ACCREDITATIONS.name, APPLICATIONS.name), migrate_accreditations),
    ("sessions", _lazy("sessions"), (SESSIONS.name,), migrate_sessions),
    ("enrolments", _lazy("inscriptions"), (ENROLMENTS.name,), migrate_enrolments),
    ("certificates", _lazy("certificats"), (CERTIFICATES.name,), migrate_certificates),
)  # fmt: skip


@contextlib.contextmanager
def _large_sqlite_cache():
    """SQLite keeps 2 MB of pages by default: every insert into a large index would read its
    page back from the file. The run's connection keeps more, then goes back to its setting."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={int(previous)}")


def default_extension_rules():
    """The rules of ``FORPREV_SWITCHOVER_EXTENSIONS`` (the seed's two by default)."""
    return [parse_extension_rule(text) for text in settings.FORPREV_SWITCHOVER_EXTENSIONS]


def switchover_migrate(
    *,
    directory,
    wet: bool,
    extension_rules=None,
    progress=None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> MigrationRun:
    """Migrate the export in ``directory`` (dry run unless ``wet``). Returns the run, finished
    (``balanced``: the equation holds for every file) or failed (it does not)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise DomainError(
            _("Dossier d'export introuvable : %(path)s") % {"path": directory}, code="no_export"
        )
    rules = default_extension_rules() if extension_rules is None else list(extension_rules)
    interrupted = MigrationRun.objects.filter(status=RunStatus.RUNNING)
    interrupted.update(status=RunStatus.FAILED)
    run = MigrationRun.objects.create(source=str(directory.resolve()), wet=wet)
    ctx = Context(
        run=run,
        directory=directory,
        wet=wet,
        chunk_size=chunk_size,
        rules=rules,
        progress=progress,
    )
    started = time.perf_counter()
    try:
        with _large_sqlite_cache():
            with ctx.phase("plan", _("préparation"), ()):
                plan = make_plan(ctx)
                ctx.state["plan"] = plan
            for name, label, files, function in PHASES:
                with ctx.phase(name, str(label), files):
                    function(ctx)
            ctx.flush_issues()
    except BaseException:
        MigrationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now()
        )
        raise
    report = build_report(
        ctx,
        plan={"groups": plan.trainer_groups, "probable_pairs": plan.probable_pairs},
    )
    report["seconds"] = round(time.perf_counter() - started, 3)
    errors = check_balance(run, report)
    report["errors"] = errors
    run.report = report
    run.balanced = not errors
    run.status = RunStatus.FINISHED if not errors else RunStatus.FAILED
    run.finished_at = timezone.now()
    run.save(update_fields=["report", "balanced", "status", "finished_at", "updated_at"])
    return run
