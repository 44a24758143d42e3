"""The switch-over's figures at national scale (``manage.py bench_switchover``, run by ``make bench``).

A Forprev 1 export is generated once (``var/bench/forprev1-scale<S>-seed<N>/``), then the
conformity check and the migration run on a database of their own, emptied first
(``var/bench-switchover.sqlite3``, or ``<name>_switchover`` beside a PostgreSQL bench database):
the figures are those of a real switch-over, into an empty Forprev 2. Each step runs in a child
process (``--step``) so its peak memory is its own. Printed: seconds and rows per second of every
file of the check and of every phase of the migration, peak memory, the reconciliation's
equation, and a second migration run (which must change nothing: its counts of rows per table
are compared with the first's).
"""

import io
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from forprev.core.bench import Figure

STEPS = ("check", "migrate")


def export_directory(scale: float, seed: int) -> Path:
    return Path(settings.BASE_DIR) / "var" / "bench" / f"forprev1-scale{scale:g}-seed{seed}"


def ensure_export(scale: float, seed: int, progress) -> tuple[Path, float | None]:
    """The generated export (generated now when missing or incomplete)."""
    directory = export_directory(scale, seed)
    marker = directory / ".complete"
    if marker.is_file():
        progress(f"Export Forprev 1 présent ({directory}).")
        return directory, None
    shutil.rmtree(directory, ignore_errors=True)
    progress(f"Génération de l'export Forprev 1 (échelle {scale:g}, graine {seed})…")
    started = time.perf_counter()
    report = io.StringIO()
    call_command("forprev1_generate", out=str(directory), scale=scale, seed=seed, stdout=report)
    for line in report.getvalue().splitlines()[:1]:
        progress(line)
    seconds = time.perf_counter() - started
    marker.write_text(f"{seconds:.1f}\n")
    return directory, seconds


def target_database_url(bench_url: str) -> str:
    """The switch-over's own database, beside the bench's."""
    parsed = urlparse(bench_url)
    if parsed.scheme.startswith("postgres"):
        name = unquote(parsed.path.lstrip("/")) or "forprev_bench"
        return parsed._replace(path=f"/{name}_switchover").geturl()
    return f"sqlite:///{Path(settings.BASE_DIR) / 'var' / 'bench-switchover.sqlite3'}"


def reset_database(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme.startswith("postgres"):
        import psycopg

        name = unquote(parsed.path.lstrip("/"))
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        return
    path = Path(unquote(parsed.path[1:] if parsed.path.startswith("/") else parsed.path))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run_child(args: list[str], url: str, progress) -> list[str]:
    """``manage.py <args>`` on the switch-over database; its BENCH lines, progress passed on."""
    env = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    process = subprocess.run(  # noqa: S603 - our interpreter, our arguments
        command, env=env, capture_output=True, text=True, check=False
    )
    for line in process.stderr.splitlines():
        progress(line)
    if process.returncode != 0:
        raise CommandError(
            f"« manage.py {' '.join(args)} » a échoué ({process.returncode}) :\n"
            + "\n".join(process.stdout.splitlines()[-20:] + process.stderr.splitlines()[-20:])
        )
    return [line for line in process.stdout.splitlines() if line.startswith("BENCH ")]


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table_counts() -> dict[str, int]:
    """Rows per business table: a second migration run must leave them all as they were."""
    from django.apps import apps

    counts = {}
    for model in apps.get_models():
        if model._meta.app_label in {
            "accounts", "entities", "people", "trainers", "accreditations", "training",
            "certificates",
        }:  # fmt: skip
            counts[model._meta.label] = model.objects.count()
    return counts


def check_step(directory: Path) -> list[Figure]:
    from forprev.switchover.checks import conformity_check

    started = time.perf_counter()
    run = conformity_check(directory=directory)
    seconds = time.perf_counter() - started
    figures = [Figure("switchover_check_time", seconds, "s")]
    rows = run.summary.get("files", {})
    total = 0
    for name, numbers in rows.items():
        total += numbers.get("rows", 0)
        stem = name.removesuffix(".csv")
        figures.append(
            Figure(
                f"switchover_check_{stem}_rows_per_s", numbers.get("rows_per_second", 0), "per_s"
            )
        )
    figures.append(Figure("switchover_check_rows", total, "rows"))
    figures.append(
        Figure("switchover_check_rows_per_s", total / seconds if seconds else 0, "per_s")
    )
    figures.append(
        Figure("switchover_check_entities_ready", run.entities.filter(ready=True).count(), "rows")
    )
    figures.append(
        Figure(
            "switchover_check_entities_not_ready", run.entities.filter(ready=False).count(), "rows"
        )
    )
    figures.append(Figure("switchover_check_findings", run.findings.count(), "rows"))
    figures.append(Figure("switchover_check_peak_memory", peak_memory_mb(), "MB"))
    return figures


def migrate_step(directory: Path, *, label: str) -> list[Figure]:
    from forprev.switchover.migration.run import switchover_migrate

    before = table_counts()
    started = time.perf_counter()
    run = switchover_migrate(directory=directory, wet=True, extension_rules=None)
    seconds = time.perf_counter() - started
    after = table_counts()
    figures = [Figure(f"switchover_{label}_time", seconds, "s")]
    for phase, numbers in run.report.get("phases", {}).items():
        rate = numbers.get("rows_per_second") or (
            numbers["rows"] / numbers["seconds"] if numbers.get("seconds") else 0
        )
        figures.append(Figure(f"switchover_{label}_{phase}_rows_per_s", rate, "per_s"))
    files = run.report.get("files", {})
    for key in ("read", "migrated", "merged", "rejected", "deferred"):
        figures.append(
            Figure(f"switchover_{label}_{key}", sum(f.get(key, 0) for f in files.values()), "rows")
        )
    figures.append(Figure(f"switchover_{label}_balanced", 1 if run.balanced else 0, "bool"))
    changed = sum(abs(after[name] - before.get(name, 0)) for name in after)
    figures.append(Figure(f"switchover_{label}_rows_written", changed, "rows"))
    figures.append(Figure(f"switchover_{label}_peak_memory", peak_memory_mb(), "MB"))
    if not run.balanced:
        raise CommandError("L'équation de rapprochement n'est pas vérifiée : voir le rapport.")
    return figures
