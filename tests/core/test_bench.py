import re
from io import StringIO

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command

from forprev.certificates.models import Certificate
from forprev.core.bench import percentile
from forprev.people.models import Person
from forprev.training.models import Enrolment, TrainingSession

BENCH_LINE = re.compile(
    r"^BENCH (?P<name>[a-z0-9_]+) (?P<value>\d+(?:\.\d+)?) "
    r"(?P<unit>ms|s|queries|rows|per_s|ratio|files|processes|MB|KB)$"
)
DATASET = [
    "entities", "companies", "training_orgs", "users", "memberships", "trainer_certificates",
    "team_members", "sessions", "enrolments", "persons", "certificates",
]  # fmt: skip
# Every part but the gunicorn one (tests/core/test_bench_server.py), at tiny sizes.
IN_PROCESS = [
    "--parts", "pages,closing,import,pdfs", "--closings", "2", "--import-rows", "40",
    "--import-runs", "1", "--pdfs", "4",
]  # fmt: skip

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
    args = args or ("--parts", "pages")
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
    out, err = run_bench(*IN_PROCESS)
    figures = parse(out)

    expected = {f"{name}_{stat}" for name in TIMED for stat in ("p50", "p95", "queries")}
    expected |= {f"dataset_{name}" for name in DATASET}
    expected |= {"dataset_instructor_entities", "dataset_generation_time"}
    expected |= {
        "session_close_with_pdf_p50",
        "session_close_with_pdf_p95",
        "session_close_p50",
        "session_certificates_pdf_p50",
        "import_40_rows",
        "import_40_rows_preview",
        "import_40_rows_confirm",
        "certificate_pdf_single_rate",
        "certificate_pdf_session_rate",
        "certificate_pdf_session_files",
        "certificate_pdf_session_mean",
    }
    assert set(figures) == expected
    assert figures["dataset_entities"] == (18, "rows")
    assert figures["dataset_sessions"] == (300, "rows")
    assert figures["dataset_enrolments"] == (2000, "rows")
    closing = figures["session_close_with_pdf_p50"][0]
    assert 0 < figures["session_close_p50"][0] < closing
    assert figures["import_40_rows"][1] == "s"
    assert figures["import_40_rows"][0] >= figures["import_40_rows_preview"][0] > 0
    assert figures["certificate_pdf_single_rate"][0] > 0
    assert figures["certificate_pdf_session_rate"][1] == "per_s"
    for name in TIMED:
        p50, p95 = figures[f"{name}_p50"], figures[f"{name}_p95"]
        assert p50[1] == p95[1] == "ms"
        assert 0 < p50[0] <= p95[0]
        assert figures[f"{name}_queries"][1] == "queries"
        assert figures[f"{name}_queries"][0] >= 2  # at least session and user
    assert "Mesure login" in err
    assert "Mesure de la clôture" in err and "Mesure de l'import" in err


@pytest.mark.django_db
def test_bench_times_the_people_search_as_a_browser_sends_it():
    """The criteria are POSTed, the results read at the kept search's address: the bench stops
    if a searched person is not on the results page."""
    out, err = run_bench("--parts", "people")
    figures = parse(out)
    for name in ("people_search_manager", "people_search_national"):
        assert figures[f"{name}_p50"][0] > 0
        assert figures[f"{name}_queries"][0] >= 2


@pytest.mark.django_db
def test_bench_times_the_refusal_of_the_xlsx_zip_bomb():
    out, err = run_bench("--parts", "zip_bomb")
    figures = parse(out)

    seconds, unit = figures["import_zip_bomb_refused_s"]
    assert unit == "s" and seconds < 1  # the bound (the test bound is generous)
    peak, unit = figures["import_zip_bomb_peak_mb"]
    assert unit == "MB" and peak < 50
    assert 100 <= figures["import_zip_bomb_size_kb"][0] <= 250
    assert "bombe de décompression" in err


@pytest.mark.django_db
def test_bench_leaves_no_failed_login_nor_session_behind():
    run_bench()
    assert not AccessAttempt.objects.exists()
    assert not Session.objects.exists()


def training_counts():
    return (
        TrainingSession.objects.count(),
        Enrolment.objects.count(),
        Person.objects.count(),
        Certificate.objects.count(),
        LogEntry.objects.count(),
        Session.objects.count(),
    )


@pytest.mark.django_db
def test_closing_and_import_leave_the_dataset_as_it_was():
    call_command(
        "generate_dataset", "--scale", "0.002", "--seed", "5", stdout=StringIO(), stderr=StringIO()
    )
    before = training_counts()
    figures = parse(
        run_bench("--parts", "closing,import", "--closings", "1", "--import-rows", "30",
                  "--import-runs", "2")[0]
    )  # fmt: skip
    assert figures["import_30_rows"][0] > 0
    assert training_counts() == before


@pytest.mark.django_db
def test_an_interrupted_run_is_cleaned_up_next_time(monkeypatch):
    from django.core.management import CommandError

    from forprev.core.bench import sessions

    call_command(
        "generate_dataset", "--scale", "0.002", "--seed", "5", stdout=StringIO(), stderr=StringIO()
    )
    before = training_counts()

    def broken(client, session, data):
        raise CommandError("interrompu")

    monkeypatch.setattr(sessions, "import_once", broken)
    monkeypatch.setattr(sessions, "cleanup", lambda: 0)  # as if the process had died
    with pytest.raises(CommandError):
        run_bench("--parts", "import", "--import-rows", "10", "--import-runs", "1")
    assert TrainingSession.objects.filter(place_address=sessions.BENCH_PLACE).exists()
    monkeypatch.undo()
    run_bench("--parts", "import", "--import-rows", "10", "--import-runs", "1")
    assert training_counts()[:4] == before[:4]


@pytest.mark.django_db
@pytest.mark.parametrize("parts", ["", "pages,nothing"])
def test_unknown_parts_are_refused(parts):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Parties inconnues"):
        run_bench("--parts", parts)


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


@pytest.mark.django_db
def test_bench_times_every_list_page_and_every_home_filtered_or_not():
    """Issue 13: each list page (filtered and not) and each role's home, for every persona that
    may open it, with its median, 95th percentile and queries."""
    out, err = run_bench("--parts", "lists")
    figures = parse(out)
    expected = [
        "list_home_manager", "list_home_trainer", "list_home_instructor", "list_home_support",
        "list_home_national", "list_sessions_national", "list_sessions_national_state",
        "list_sessions_national_dispositif", "list_sessions_national_period",
        "list_sessions_national_search", "list_sessions_support", "list_sessions_instructor",
        "list_sessions_manager", "list_sessions_trainer", "list_entities_national_dispositif",
        "list_entities_instructor", "list_applications_instructor_state",
        "list_applications_national", "list_directory_national", "list_regularisations_instructor",
        "list_people_requests_instructor", "list_duplicates_support", "list_merges_support",
        "list_invitations_manager", "list_team_manager", "list_delegates_manager",
        "list_freezes_national", "list_journal_national", "list_switchover_readiness_national",
        "list_scheduler_national",
    ]  # fmt: skip
    missing = [name for name in expected if f"{name}_p50" not in figures]
    assert not missing, (missing, err)
    for name in expected:
        assert figures[f"{name}_p50"][1] == "ms"
        assert figures[f"{name}_queries"][0] >= 1
