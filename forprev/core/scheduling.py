"""Periodic work: each app declares its jobs in its ``periodic.py`` with :func:`periodic`.

The schedules run on django-crontask (APScheduler's cron triggers enqueueing Django tasks;
``manage.py crontask``, started by ``make run``), so the work itself runs on the task workers.
Every job is also listed on the « Tâches planifiées » page, with its last runs, and can be
started from there: nobody is ever asked to run a command.

Runs are recorded (:class:`forprev.core.models.JobRun`) from the task framework's signals, so a
run started by the scheduler, by the page or by a worker retry is seen the same way.
"""

from dataclasses import dataclass
from datetime import datetime

from crontask import cron
from crontask import scheduler as cron_scheduler
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class PeriodicJob:
    key: str  # stable, used in URLs
    task: Task
    schedule: str  # crontab, in the project's time zone (days of week as literals)
    label: str
    description: str

    @property
    def module_path(self) -> str:
        return self.task.module_path

    def next_run_at(self) -> datetime | None:
        for job in cron_scheduler.get_jobs():
            if job.name == self.task.name:
                return job.trigger.get_next_fire_time(None, timezone.now())
        return None


# Filled when the apps' ``periodic`` modules are imported (:func:`discover`, at start-up).
JOBS: dict[str, PeriodicJob] = {}


def periodic(schedule: str, *, key: str, label, description):
    """Register ``task`` to run on ``schedule`` and to be listed on the scheduled jobs page."""

    def decorator(task: Task) -> Task:
        if key in JOBS and JOBS[key].module_path != task.module_path:
            raise ValueError(f"Two periodic jobs use the key {key!r}.")
        cron(schedule, sentry_monitor_config=None)(task)
        JOBS[key] = PeriodicJob(
            key=key, task=task, schedule=schedule, label=label, description=description
        )
        return task

    return decorator


def job_for_path(module_path: str) -> PeriodicJob | None:
    for job in JOBS.values():
        if job.module_path == module_path:
            return job
    return None


def discover() -> None:
    """Import every installed app's ``periodic`` module, as the admin discovers ``admin`` modules."""
    autodiscover_modules("periodic")
