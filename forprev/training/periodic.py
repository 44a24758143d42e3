"""Periodic work of the training app: purging the import previews nobody confirmed, hourly."""

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from forprev.core.scheduling import periodic

from .import_previews import previews_purge


@periodic(
    "20 * * * *",
    key="import-previews-purge",
    label=_("Purge des aperçus d'import de stagiaires"),
    description=_(
        "Supprime les fichiers de stagiaires déposés pour un import et jamais confirmés, "
        "24 heures après leur dépôt."
    ),
)
@task()
def purge_import_previews() -> str:
    summary = previews_purge(dry_run=False)
    return f"{len(summary.purged)} aperçu(s) supprimé(s), {summary.kept} gardé(s)"
