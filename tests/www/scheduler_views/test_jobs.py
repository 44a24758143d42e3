"""« Tâches planifiées »: every periodic job is scheduled, listed, and can be started from the page."""

import pytest
from crontask import scheduler as cron_scheduler
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from forprev.core.enums import JobRunStatus
from forprev.core.models import JobRun
from forprev.core.scheduling import JOBS

pytestmark = pytest.mark.django_db


def test_every_periodic_job_is_on_the_cron_scheduler():
    scheduled = {job.name for job in cron_scheduler.get_jobs()}
    assert {"expiry-reminders", "freeze-announcements"} <= set(JOBS)
    for job in JOBS.values():
        assert job.task.name in scheduled, job.key
        assert job.next_run_at() is not None


def test_the_page_lists_each_job_with_its_next_run(login_as):
    response = login_as("national").get(reverse("scheduler:job_list"))
    assert response.status_code == 200
    body = response.content.decode()
    for job in JOBS.values():
        assert escape(str(job.label)) in body
        assert reverse("scheduler:job_run", kwargs={"key": job.key}) in body


def test_starting_a_job_runs_it_and_records_who_and_what(login_as, personas):
    response = login_as("support").post(
        reverse("scheduler:job_run", kwargs={"key": "expiry-reminders"})
    )
    assert response.status_code == 302
    run = JobRun.objects.get(job_key="expiry-reminders")
    assert run.status == JobRunStatus.SUCCEEDED
    assert run.started_by == personas["support"]
    assert run.finished_at is not None
    assert "rappel(s)" in run.summary
    page = login_as("support").get(reverse("scheduler:job_list")).content.decode()
    assert escape(run.summary) in page
    assert escape(personas["support"].full_name) in page


def test_a_run_started_by_the_schedule_is_recorded_too():
    JOBS["freeze-announcements"].task.enqueue()
    run = JobRun.objects.get(job_key="freeze-announcements")
    assert run.status == JobRunStatus.SUCCEEDED
    assert run.started_by is None
    assert len(mail.outbox) == 0  # nothing to announce in an empty base


def test_an_unknown_job_is_not_found(login_as):
    response = login_as("national").post(reverse("scheduler:job_run", kwargs={"key": "nope"}))
    assert response.status_code == 404


def test_the_list_page_makes_a_fixed_number_of_queries(login_as, django_assert_max_num_queries):
    client = login_as("national")
    for key in JOBS:
        JOBS[key].task.enqueue()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("scheduler:job_list")).status_code == 200
