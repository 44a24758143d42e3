"""Records the runs of periodic jobs from the task framework's signals."""

from django.db import transaction
from django.tasks.base import TaskResultStatus
from django.tasks.signals import task_enqueued, task_finished, task_started
from django.utils import timezone

from .enums import JobRunStatus
from .models import JobRun
from .scheduling import job_for_path

SUMMARY_MAX = 2000


def _record(task_result, **fields):
    job = job_for_path(task_result.task.module_path)
    if job is None:
        return
    # Outside the caller's transaction: a run that fails still leaves its row.
    with transaction.atomic():
        JobRun.objects.update_or_create(
            result_id=str(task_result.id), defaults={"job_key": job.key, **fields}
        )


def on_enqueued(sender, task_result, **kwargs):
    job = job_for_path(task_result.task.module_path)
    if job is None:
        return
    JobRun.objects.get_or_create(
        result_id=str(task_result.id), defaults={"job_key": job.key, "enqueued_at": timezone.now()}
    )


def on_started(sender, task_result, **kwargs):
    _record(task_result, status=JobRunStatus.RUNNING, started_at=timezone.now())


def on_finished(sender, task_result, **kwargs):
    succeeded = task_result.status == TaskResultStatus.SUCCESSFUL
    summary = ""
    if succeeded:
        value = getattr(task_result, "_return_value", None)
        summary = "" if value is None else str(value)
    elif task_result.errors:
        summary = task_result.errors[-1].exception_class_path
    _record(
        task_result,
        status=JobRunStatus.SUCCEEDED if succeeded else JobRunStatus.FAILED,
        finished_at=timezone.now(),
        summary=summary[:SUMMARY_MAX],
    )


def connect() -> None:
    task_enqueued.connect(on_enqueued, dispatch_uid="forprev.job_runs.enqueued")
    task_started.connect(on_started, dispatch_uid="forprev.job_runs.started")
    task_finished.connect(on_finished, dispatch_uid="forprev.job_runs.finished")


# Starting a job from a page, and its last run ----------------------------------------------


def job_run_now(*, job, by) -> JobRun:
    """Enqueue ``job`` at once for ``by`` (the « Lancer maintenant » buttons: the scheduled jobs
    page and the pages a job serves). The caller checks the rule first. The run is recorded by
    the signals above; here it gets who started it. With the immediate backend (tests) the job
    has already run when this returns."""
    result = job.task.enqueue()
    run, _created = JobRun.objects.update_or_create(
        result_id=str(result.id), defaults={"job_key": job.key, "started_by": by}
    )
    return run


def last_run_of(key: str) -> JobRun | None:
    """The latest run of the job ``key`` (whoever started it), or None. One query (index
    ``jobrun_key_enqueued_idx``)."""
    return (
        JobRun.objects.filter(job_key=key)
        .select_related("started_by")
        .order_by("-enqueued_at", "-pk")
        .first()
    )
