"""The switch-over bench's steps, on a tiny generated export (the figures' names and meaning)."""

import pytest
from django.core.management import call_command

from forprev.switchover import bench


@pytest.fixture
def export(tmp_path):
    directory = tmp_path / "export"
    call_command("forprev1_generate", out=str(directory), scale=0.002, seed=3, stdout=None)
    return directory


def _figures(figures):
    return {figure.name: figure.value for figure in figures}


@pytest.mark.django_db(transaction=True)
def test_check_then_two_migrations_the_second_writing_nothing(export):
    check = _figures(bench.check_step(export))
    assert check["switchover_check_rows"] > 1000
    assert (
        check["switchover_check_entities_ready"] + check["switchover_check_entities_not_ready"] > 0
    )

    first = _figures(bench.migrate_step(export, label="migrate"))
    assert first["switchover_migrate_balanced"] == 1
    assert first["switchover_migrate_rows_written"] > first["switchover_migrate_migrated"] / 2
    assert first["switchover_migrate_read"] == sum(
        first[f"switchover_migrate_{key}"] for key in ("migrated", "merged", "rejected", "deferred")
    )
    assert first["switchover_migrate_enrolments_rows_per_s"] > 0

    second = _figures(bench.migrate_step(export, label="rerun"))
    assert second["switchover_rerun_rows_written"] == 0
    assert second["switchover_rerun_migrated"] == first["switchover_migrate_migrated"]


def test_the_measure_has_a_database_of_its_own():
    assert bench.target_database_url("postgres://postgres@127.0.0.1:5432/forprev_bench").endswith(
        "/forprev_bench_switchover"
    )
    assert bench.target_database_url("sqlite:///var/bench.sqlite3").endswith(
        "var/bench-switchover.sqlite3"
    )
