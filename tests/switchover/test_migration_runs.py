"""Runs of the migration: dry run, idempotency, resuming after a SIGKILL, the command."""

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from forprev.switchover.enums import RunStatus
from forprev.switchover.migration import context as migration_context
from forprev.switchover.migration.run import switchover_migrate
from forprev.switchover.models import MigrationIssue, MigrationRun
from tests.switchover.export_fixture import bulk_rows, canonical_dump, migration_rows
from tests.switchover.legacy_files import write_export

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = 60  # 600 trainees, enrolments and certificates


def counts(dump) -> dict:
    return {label: len(rows) for label, rows in dump.items()}


@pytest.mark.django_db
def test_dry_run_writes_no_business_row(tmp_path):
    write_export(tmp_path, migration_rows())
    before = canonical_dump()
    dry = switchover_migrate(directory=tmp_path, wet=False)
    assert canonical_dump() == before
    assert (dry.wet, dry.status, dry.balanced) == (False, RunStatus.FINISHED, True)
    assert MigrationIssue.objects.filter(run=dry).exists()
    wet = switchover_migrate(directory=tmp_path, wet=True)
    for name, figures in dry.report["files"].items():
        for key in ("read", "migrated", "merged", "rejected", "deferred"):
            assert figures[key] == wet.report["files"][name][key], (name, key)


@pytest.mark.django_db
def test_second_run_changes_nothing(tmp_path):
    write_export(tmp_path, migration_rows())
    first = switchover_migrate(directory=tmp_path, wet=True)
    dump = canonical_dump()
    second = switchover_migrate(directory=tmp_path, wet=True)
    assert canonical_dump() == dump
    for name, figures in second.report["files"].items():
        assert figures == first.report["files"][name] | {"already": figures["already"]}
        if name != "export.csv":  # the export's date: nothing to write
            assert figures["already"] == figures["migrated"], name
    # A dry run after it finds everything there too.
    dry = switchover_migrate(directory=tmp_path, wet=False)
    assert dry.report["totals"]["already"] == second.report["totals"]["already"]


@pytest.mark.django_db
def test_interrupted_run_is_marked_failed_by_the_next(tmp_path):
    write_export(tmp_path, migration_rows())
    left = MigrationRun.objects.create(source=str(tmp_path), wet=True)
    switchover_migrate(directory=tmp_path, wet=False)
    left.refresh_from_db()
    assert left.status == RunStatus.FAILED


@pytest.mark.django_db
def test_equation_that_does_not_hold_fails_the_command(tmp_path, monkeypatch):
    write_export(tmp_path, migration_rows())
    real = migration_context.Context.migrated

    def loses_a_row(self, file, **kwargs):
        if file == "sessions.csv" and not getattr(self, "_lost", False):
            self._lost = True
            return None
        return real(self, file, **kwargs)

    monkeypatch.setattr(migration_context.Context, "migrated", loses_a_row)
    with pytest.raises(CommandError, match="L'équation du rapprochement n'est pas vérifiée"):
        call_command("switchover_migrate", str(tmp_path), "--wet-run", stdout=io.StringIO())
    run = MigrationRun.objects.get()
    assert (run.status, run.balanced) == (RunStatus.FAILED, False)
    assert run.report["errors"] == [
        "sessions.csv : 7 lignes lues ≠ 6 reprises, fusionnées, rejetées ou non reprises (écart 1)."
    ]


@pytest.mark.django_db
def test_command_prints_the_table_and_writes_the_reports(tmp_path, capsys):
    export, reports = tmp_path / "export", tmp_path / "rapport"
    write_export(export, migration_rows())
    call_command(
        "switchover_migrate",
        str(export),
        "--report-dir",
        str(reports),
        "--extend",
        "2023-02-01:2023-02-28:2",
    )
    out = capsys.readouterr().out
    assert "simulation (--wet-run pour écrire)" in out
    assert "sessions.csv                         7         4" in out
    assert "lignes/s" in out and "Phase « individus »" in out
    assert "Équation vérifiée" in (reports / "reconciliation.html").read_text()
    csv_report = (reports / "reconciliation.csv").read_text()
    assert (
        csv_report.startswith("\ufefffichier;lues;reprises")
        and "sessions.csv;7;4;0;0;1;2;vérifiée" in csv_report
    )
    lines = (reports / "lignes.csv").read_text().splitlines()
    assert len(lines) - 1 == MigrationIssue.objects.count()
    assert (MigrationRun.objects.get().report["rules"]) == [
        {"from": "2023-02-01", "to": "2023-02-28", "months": 2}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["/nulle/part"], "Dossier d'export introuvable"),
        (
            ["{export}", "--extend", "2023-01-01:9"],
            "Règle de prolongation « 2023-01-01:9 » illisible",
        ),
        (
            ["{export}", "--extend", "2023-03-01:2023-01-01:9"],
            "La date de fin doit être postérieure",
        ),
        (["{export}", "--chunk-size", "0"], "--chunk-size : au moins 1."),
    ],
)
def test_command_refuses_bad_arguments_in_french(tmp_path, arguments, message):
    write_export(tmp_path, migration_rows())
    with pytest.raises(CommandError, match=message):
        call_command("switchover_migrate", *[a.format(export=tmp_path) for a in arguments])


# -- killed and resumed, in a subprocess, on a database of its own --------------------------


def child_env(database_url: str) -> dict:
    return os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONUNBUFFERED": "1",
    }


def manage(database_url, *arguments, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=child_env(database_url),
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def dump_of(database_url) -> dict:
    script = (
        "import django, json; django.setup(); "
        "from tests.switchover.export_fixture import canonical_dump; "
        "from forprev.switchover.models import MigrationRun; "
        "print(json.dumps({'dump': canonical_dump(), "
        "'runs': list(MigrationRun.objects.order_by('created_at').values_list('status', 'balanced'))}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=child_env(database_url),
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    return json.loads(out)


def killed_in_the_enrolments(database_url, export) -> None:
    """Start a wet run (chunks of 25), SIGKILL it once it has written a chunk of enrolments."""
    child = subprocess.Popen(
        [sys.executable, "manage.py", "switchover_migrate", str(export), "--wet-run",
         "--chunk-size", "25", "-v", "2"],
        cwd=ROOT, env=child_env(database_url), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        for line in child.stdout:
            if line.startswith("  inscriptions.csv :"):
                child.send_signal(signal.SIGKILL)
                break
    finally:
        child.wait(timeout=60)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL, "the run ended before it could be killed"


def resume_after_kill(make_database, export) -> None:
    write_export(export, bulk_rows(SESSIONS))
    uninterrupted, interrupted = make_database("a"), make_database("b")
    manage(uninterrupted, "switchover_migrate", str(export), "--wet-run", "--chunk-size", "25")
    expected = dump_of(uninterrupted)
    killed_in_the_enrolments(interrupted, export)
    partial = dump_of(interrupted)
    assert partial["runs"] == [["running", None]]
    enrolments = counts(partial["dump"])["training.Enrolment"]
    assert 0 < enrolments < counts(expected["dump"])["training.Enrolment"]
    assert counts(partial["dump"])["certificates.Certificate"] == 0
    resumed = manage(
        interrupted, "switchover_migrate", str(export), "--wet-run", "--chunk-size", "40"
    )
    assert "dont déjà" in resumed.stdout
    final = dump_of(interrupted)
    assert final["runs"] == [["failed", None], ["finished", True]]
    assert counts(final["dump"]) == counts(expected["dump"])
    assert final["dump"] == expected["dump"]
    again = manage(interrupted, "switchover_migrate", str(export), "--wet-run")
    assert dump_of(interrupted)["dump"] == expected["dump"], again.stdout


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite variant (file databases)")
def test_killed_run_resumes_to_the_same_database_sqlite(tmp_path):
    template = tmp_path / "template.sqlite3"
    manage(f"sqlite:///{template}", "migrate", "--noinput", "-v0")

    def make_database(name):
        path = tmp_path / f"{name}.sqlite3"
        path.write_bytes(template.read_bytes())
        return f"sqlite:///{path}"

    resume_after_kill(make_database, tmp_path / "export")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL=postgres://… to run it)",
)
def test_killed_run_resumes_to_the_same_database_postgresql(tmp_path):
    base = urlparse(os.environ["DATABASE_URL"])
    prefix = f"forprev_resume_{os.getpid()}"
    created = []

    def url(name):
        return urlunparse(base._replace(path=f"/{name}"))

    def admin(sql):
        manage(url("postgres"), "shell", "-c",
               "from django.db import connection\n"
               f"connection.ensure_connection(); connection.connection.autocommit = True\n"
               f"connection.cursor().execute({sql!r})")  # fmt: skip

    template = f"{prefix}_template"
    admin(f"CREATE DATABASE {template}")
    created.append(template)
    try:
        manage(url(template), "migrate", "--noinput", "-v0")

        def make_database(name):
            admin(f"CREATE DATABASE {prefix}_{name} TEMPLATE {template}")
            created.append(f"{prefix}_{name}")
            return url(f"{prefix}_{name}")

        resume_after_kill(make_database, tmp_path / "export")
    finally:
        for name in reversed(created):
            admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
