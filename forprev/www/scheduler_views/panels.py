"""« Dernière exécution le … » and « Lancer maintenant » on the page a periodic job serves
(« Doublons », « Gels de fonctionnalités », « Prolonger des habilitations »…), shown by
``scheduler/includes/job_panel.html``. The button posts to ``scheduler:job_run``, which checks
the same rule again."""

from forprev.accounts.rules import can_run_scheduled_jobs
from forprev.core.job_runs import last_run_of
from forprev.core.scheduling import JOBS


def job_panel(request, key: str) -> dict | None:
    """The panel of the job ``key`` for this viewer: its last run (one query) and whether they
    may start it; None when no such job is registered."""
    job = JOBS.get(key)
    if job is None:
        return None
    return {
        "job": job,
        "last_run": last_run_of(key),
        "can_run": can_run_scheduled_jobs(request.user),
        "back": request.get_full_path(),
    }
