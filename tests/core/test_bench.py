import re
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command

from forprev.core.bench import percentile

BENCH_LINE = re.compile(
    r"^BENCH (?P<name>[a-z0-9_]+) (?P<value>\d+(?:\.\d+)?) (?P<unit>ms|s|queries|rows)$"
)

TIMED = [
    "login",
    "dashboard",
    "entity_list_national",
    "entity_list_national_page",
    "entity_list_national_search",
    "entity_list_instructor",
    "entity_list_instructor_page",
    "entity_list_instructor_search",
    "request_queue_instructor",
    "request_queue_instructor_filtered",
    "request_queue_national",
    "request_queue_national_filtered",
    "directory",
    "directory_filtered",
    "directory_search",
]


def run_bench(*args):
    out, err = StringIO(), StringIO()
    call_command("bench", "--scale", "0.002", "--iterations", "2", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def parse(out):
    lines = out.strip().splitlines()
    figures = {}
    for line in lines:
        match = BENCH_LINE.match(line)
        assert match, f"not a BENCH line: {line!r}"
        figures[match["name"]] = (float(match["value"]), match["unit"])
    return figures


@pytest.mark.django_db
def test_bench_prints_every_figure_as_a_bench_line(settings):
    assert settings.FORPREV_STAFF_OTP_REQUIRED  # the bench switches it off by itself
    out, err = run_bench()
    figures = parse(out)

    expected = {f"{name}_{stat}" for name in TIMED for stat in ("p50", "p95", "queries")}
    expected |= {
        "dataset_entities",
        "dataset_companies",
        "dataset_training_orgs",
        "dataset_users",
        "dataset_memberships",
        "dataset_instructor_entities",
        "dataset_generation_time",
    }
    assert set(figures) == expected
    assert figures["dataset_entities"] == (18, "rows")
    for name in TIMED:
        p50, p95 = figures[f"{name}_p50"], figures[f"{name}_p95"]
        assert p50[1] == p95[1] == "ms"
        assert 0 < p50[0] <= p95[0]
        assert figures[f"{name}_queries"][1] == "queries"
        assert figures[f"{name}_queries"][0] >= 2  # at least session and user
    assert "Mesure login" in err


@pytest.mark.django_db
def test_bench_leaves_no_failed_login_nor_session_behind():
    run_bench()
    assert not AccessAttempt.objects.exists()
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_bench_reuses_the_dataset_already_there():
    call_command(
        "generate_dataset", "--scale", "0.002", "--seed", "5", stdout=StringIO(), stderr=StringIO()
    )
    figures = parse(run_bench()[0])
    assert "dataset_generation_time" not in figures
    assert figures["login_p50"][0] > 0


def test_percentile_interpolates_between_ranks():
    assert percentile([10.0], 0.95) == 10.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert percentile([0.0, 100.0], 0.95) == pytest.approx(95.0)
