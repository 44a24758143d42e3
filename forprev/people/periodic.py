"""Periodic work of the people app: the nightly duplicate detection that fills « Doublons »."""

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from forprev.core.scheduling import periodic

from .merge_queue import duplicate_candidates_refresh, review_threshold


@periodic(
    "30 2 * * *",
    key="duplicates-detect",
    label=_("Détection des doublons d'individus"),
    description=_(
        "Compare chaque nuit toutes les personnes du registre et remplit la file « Doublons » "
        "avec les paires probables ; les paires écartées comme « personnes distinctes » n'y "
        "reviennent pas."
    ),
)
@task()
def detect_duplicates() -> str:
    summary = duplicate_candidates_refresh(wet_run=True, threshold=review_threshold())
    return (
        f"{summary.people} individu(s), {summary.pairs} paire(s) : {summary.new} nouvelle(s), "
        f"{summary.updated} mise(s) à jour, {summary.stale} retirée(s) de la file"
    )
