"""Background work of the training app: purging the import previews nobody confirmed."""

from django.tasks import task

from .import_previews import previews_purge


@task()
def purge_import_previews() -> int:
    """Delete the kept files of the previews older than ``FORPREV_IMPORT_PREVIEW_HOURS``;
    returns how many. Enqueued by the ``purge_import_previews --wet-run --enqueue`` command
    (run hourly by the scheduler) or directly."""
    return len(previews_purge(dry_run=False).purged)
