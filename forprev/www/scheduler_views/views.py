"""« Tâches planifiées »: the periodic jobs, their schedule and last runs; start one now."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from forprev.accounts.rules import can_run_scheduled_jobs
from forprev.core.job_runs import job_run_now
from forprev.core.models import JobRun
from forprev.core.scheduling import JOBS

RUNS_SHOWN = 5


@require_safe
def job_list(request):
    if not can_run_scheduled_jobs(request.user):
        raise PermissionDenied
    jobs = sorted(JOBS.values(), key=lambda job: str(job.label))
    runs = {job.key: [] for job in jobs}
    # One query: the latest runs of every job (a few per job are shown).
    for run in JobRun.objects.filter(job_key__in=list(runs)).select_related("started_by")[
        : RUNS_SHOWN * max(len(runs), 1) * 4
    ]:
        if len(runs[run.job_key]) < RUNS_SHOWN:
            runs[run.job_key].append(run)
    rows = [{"job": job, "next_run_at": job.next_run_at(), "runs": runs[job.key]} for job in jobs]
    return render(request, "scheduler/job_list.html", {"rows": rows})


@require_POST
def job_run(request, key):
    """Start a job now. From the page a job serves (« Doublons », « Gels »…), ``next`` brings
    the user back there (a path of this site only)."""
    if not can_run_scheduled_jobs(request.user):
        raise PermissionDenied
    job = JOBS.get(key)
    if job is None:
        raise Http404
    job_run_now(job=job, by=request.user)
    messages.success(
        request,
        _("« %(job)s » est lancée ; son résultat s'affiche ici une fois terminée.")
        % {"job": job.label},
    )
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts=set()):
        return redirect(back)
    return redirect("scheduler:job_list")
