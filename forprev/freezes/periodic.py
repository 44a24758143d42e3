"""Periodic work of the freezes: the daily announcement of the freezes due."""

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forprev.core.scheduling import periodic

from .notifications import freezes_notify


@periodic(
    "15 6 * * *",
    key="freeze-announcements",
    label=_("Annonces des gels de fonctionnalités"),
    description=_(
        "Écrit aux instructeurs et aux gestionnaires concernés quand l'annonce d'un gel s'ouvre "
        "(une seule fois par gel)."
    ),
)
@task()
def announce_freezes() -> str:
    announcements = freezes_notify(today=timezone.localdate(), dry_run=False)
    emails = sum(len(announcement.recipients) for announcement in announcements)
    return f"{len(announcements)} gel(s) annoncé(s), {emails} courriel(s)"
