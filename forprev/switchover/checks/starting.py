"""Starting the conformity check from the readiness page, on the export the switch-over team put
on the server (``FORPREV_SWITCHOVER_EXPORT_DIR``), as a background task.

The export is a national file of personal data (a million people, about 180 MB): it reaches the
server through the switch-over team's own transfer, not through a browser form. Once it is there,
whoever follows the readiness page starts the check with a button; the run is recorded at once
« en cours » with who started it, the task fills it (``tasks.run_conformity_check``), and the page
shows the last run's state and date. One run at a time: another is refused while one is in
progress (a run « en cours » for more than ``STALE_AFTER`` is taken for a lost worker's).
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.exceptions import DomainError
from forprev.switchover.enums import RunStatus
from forprev.switchover.legacy.spec import ENTITIES
from forprev.switchover.models import ConformityRun
from forprev.switchover.tasks import run_conformity_check

STALE_AFTER = timedelta(hours=2)


def server_export() -> Path | None:
    """The export folder on the server when it holds an export (its ``entites.csv``), else None."""
    value = getattr(settings, "FORPREV_SWITCHOVER_EXPORT_DIR", "")
    if not value:
        return None
    directory = Path(value)
    return directory if (directory / ENTITIES.name).is_file() else None


def running_run() -> ConformityRun | None:
    """The run in progress, if any (one started less than ``STALE_AFTER`` ago)."""
    return (
        ConformityRun.objects.filter(
            status=RunStatus.RUNNING, created_at__gte=timezone.now() - STALE_AFTER
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def conformity_check_start(*, started_by) -> ConformityRun:
    """Record a run « en cours » and enqueue the check of the server's export once committed.
    The caller checks the rule (``rules.can_start_conformity_check``)."""
    directory = server_export()
    if directory is None:
        raise DomainError(
            _(
                "Aucun export de Forprev 1 n'est déposé sur le serveur : l'équipe de reprise "
                "doit d'abord l'y déposer."
            ),
            code="no_export",
        )
    # Serialise two clicks at once (PostgreSQL locks the runs; SQLite writes one at a time).
    list(ConformityRun.objects.select_for_update().filter(status=RunStatus.RUNNING))
    running = running_run()
    if running is not None:
        raise DomainError(
            _("Un contrôle est déjà en cours depuis le %(day)s.")
            % {"day": timezone.localtime(running.created_at).strftime("%d/%m/%Y à %H:%M")},
            code="running",
        )
    run = ConformityRun.objects.create(source=str(directory.resolve())[:500], started_by=started_by)
    transaction.on_commit(lambda: run_conformity_check.enqueue(run_id=run.pk))
    return run
