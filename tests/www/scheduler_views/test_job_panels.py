"""Periodic jobs from the pages they serve: « Dernière exécution le … » and « Lancer
maintenant » on « Doublons », « Gels de fonctionnalités » and « Prolonger des habilitations »,
through the scheduler's one path (``core.job_runs.job_run_now``); duplicate detection is one of
the scheduled jobs."""

from datetime import date

import pytest
from crontask import scheduler as cron_scheduler
from django.urls import reverse
from django.utils.html import escape

from forprev.core.enums import JobRunStatus
from forprev.core.job_runs import last_run_of
from forprev.core.models import JobRun
from forprev.core.scheduling import JOBS
from forprev.people.merging_models import DuplicateCandidate
from forprev.people.models import Person

pytestmark = pytest.mark.django_db

PAGES = {
    "duplicates-detect": reverse("duplicates:queue"),
    "freeze-announcements": reverse("freezes:freeze_list"),
    "expiry-reminders": reverse("extensions:extension_preview"),
}


def test_duplicate_detection_is_a_scheduled_job():
    job = JOBS["duplicates-detect"]
    assert job.task.module_path == "forprev.people.periodic.detect_duplicates"
    assert job.task.name in {scheduled.name for scheduled in cron_scheduler.get_jobs()}
    assert job.next_run_at() is not None


def test_the_button_on_the_duplicates_page_runs_the_detection(login_as, personas):
    Person.objects.create(last_name="Wojciechowska", first_name="Ysaline", birth_date=date(1979, 6, 14))  # fmt: skip
    Person.objects.create(last_name="Wojciechowska", first_name="Ysaline", birth_date=date(1979, 6, 14))  # fmt: skip
    client = login_as("support")
    page = client.get(PAGES["duplicates-detect"]).content.decode()
    assert "Aucune exécution enregistrée" in page and "Lancer maintenant" in page
    response = client.post(
        reverse("scheduler:job_run", kwargs={"key": "duplicates-detect"}),
        {"next": PAGES["duplicates-detect"]},
    )
    assert response.status_code == 302 and response["Location"] == PAGES["duplicates-detect"]
    run = JobRun.objects.get(job_key="duplicates-detect")
    assert run.status == JobRunStatus.SUCCEEDED and run.started_by == personas["support"]
    assert "2 individu(s), 1 paire(s) : 1 nouvelle(s)" in run.summary
    assert DuplicateCandidate.objects.count() == 1
    page = client.get(PAGES["duplicates-detect"]).content.decode()
    assert "Dernière exécution le" in page and escape(run.summary) in page
    assert escape(personas["support"].full_name) in page


@pytest.mark.parametrize("key", sorted(PAGES))
def test_each_page_shows_its_jobs_last_run_and_button(login_as, key):
    JOBS[key].task.enqueue()  # as the schedule does (immediate backend in tests)
    run = last_run_of(key)
    assert run.status == JobRunStatus.SUCCEEDED and run.started_by is None
    page = login_as("national").get(PAGES[key]).content.decode()
    assert "Dernière exécution le" in page and escape(run.summary) in page
    assert reverse("scheduler:job_run", kwargs={"key": key}) in page


def test_freeze_announcements_run_from_the_freezes_page(login_as, personas):
    response = login_as("national").post(
        reverse("scheduler:job_run", kwargs={"key": "freeze-announcements"}),
        {"next": PAGES["freeze-announcements"]},
    )
    assert response["Location"] == PAGES["freeze-announcements"]
    assert last_run_of("freeze-announcements").started_by == personas["national"]


def test_an_instructor_sees_the_last_run_but_no_button_and_cannot_start_it(login_as):
    page = login_as("instructor").get(PAGES["duplicates-detect"]).content.decode()
    assert "Détection des doublons" in page and "Lancer maintenant" not in page
    url = reverse("scheduler:job_run", kwargs={"key": "duplicates-detect"})
    assert login_as("instructor").post(url).status_code == 403
    assert not JobRun.objects.exists()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "x" * 3000,
    ],
    ids=["absolute", "scheme-relative", "backslash", "javascript", "long"],
)
def test_hostile_next_falls_back_to_the_jobs_page(login_as, target):
    response = login_as("support").post(
        reverse("scheduler:job_run", kwargs={"key": "freeze-announcements"}), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("scheduler:job_list")


def test_the_panel_costs_one_query(rf, personas, django_assert_num_queries):
    from forprev.www.scheduler_views.panels import job_panel

    JOBS["freeze-announcements"].task.enqueue()
    request = rf.get("/")
    request.user = personas["national"]
    with django_assert_num_queries(1):
        panel = job_panel(request, "freeze-announcements")
    assert panel["can_run"] and panel["last_run"] is not None
    assert job_panel(request, "no-such-job") is None
