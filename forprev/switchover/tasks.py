"""Background tasks of the switch-over: the conformity check started from the readiness page."""

from django.tasks import task
from django.utils import timezone

from forprev.core.exceptions import DomainError

from .checks.service import conformity_check
from .enums import RunStatus
from .models import ConformityRun


@task()
def run_conformity_check(*, run_id: int) -> str:
    """Fill the run recorded « en cours » by ``checks.starting.conformity_check_start``. A run
    that is no longer in progress (marked failed meanwhile) is left alone. A missing folder marks
    the run failed with its French reason, shown on the page."""
    run = ConformityRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).first()
    if run is None:
        return "no run in progress"
    try:
        conformity_check(directory=run.source, run=run)
    except DomainError as error:
        ConformityRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), summary={"error": error.message}
        )
        return error.message
    run.refresh_from_db(fields=["summary"])
    return f"{run.summary.get('entities', 0)} entities checked"
