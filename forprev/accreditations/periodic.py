"""Periodic work of the habilitations: expiry reminders, daily."""

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forprev.core.scheduling import periodic

from .services.reminders import expiry_reminders_send


@periodic(
    "0 6 * * *",
    key="expiry-reminders",
    label=_("Rappels d'échéance des habilitations"),
    description=_(
        "Écrit aux gestionnaires dont une habilitation arrive à échéance dans 6, 3 ou 1 mois "
        "(chaque rappel une seule fois)."
    ),
)
@task()
def send_expiry_reminders() -> str:
    summary = expiry_reminders_send(today=timezone.localdate(), dry_run=False)
    return (
        f"{len(summary.reminders)} rappel(s) pour {summary.entities} entité(s), "
        f"{summary.emails} courriel(s)"
    )
