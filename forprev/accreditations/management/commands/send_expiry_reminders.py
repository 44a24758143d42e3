"""E-mail the managers of entities whose habilitations expire soon (6, 3 and 1 months before).

Dry run by default: prints what would be sent, writes nothing. ``--wet-run`` records the
reminders and sends the e-mails. Each reminder goes out once; run it daily.
"""

from django.core.management.base import BaseCommand

from forprev.accreditations.management.arguments import add_daily_mailing_arguments, today_option
from forprev.accreditations.services.reminders import expiry_reminders_send


class Command(BaseCommand):
    help = (
        "Envoie aux gestionnaires les rappels d'échéance des habilitations (6, 3 et 1 mois "
        "avant). Simulation par défaut ; --wet-run pour envoyer."
    )

    def add_arguments(self, parser):
        add_daily_mailing_arguments(parser)

    def handle(self, *args, wet_run=False, today=None, **options):
        day = today_option(today)
        summary = expiry_reminders_send(today=day, dry_run=not wet_run)
        for reminder in summary.reminders:
            accreditation = reminder.accreditation
            skipped = (
                f" (rappels à {', '.join(map(str, reminder.skipped))} mois non envoyés, dépassés)"
                if reminder.skipped
                else ""
            )
            self.stdout.write(
                f"  {accreditation.entity.name} — {accreditation.programme_level} : échéance le "
                f"{accreditation.expires_on:%d/%m/%Y}, rappel à {reminder.months_before} mois{skipped}"
            )
        for entity in summary.without_manager:
            self.stdout.write(
                self.style.WARNING(
                    f"  {entity.name} ({entity.siret}) : aucun gestionnaire actif, rappel reporté."
                )
            )
        counts = (
            f"{len(summary.reminders)} rappel(s) pour {summary.entities} entité(s), "
            f"{summary.emails} e-mail(s)"
        )
        if wet_run:
            self.stdout.write(self.style.SUCCESS(f"Le {day:%d/%m/%Y} : {counts} envoyé(s)."))
        else:
            self.stdout.write(
                f"Simulation du {day:%d/%m/%Y} : {counts} à envoyer. "
                "Rien n'a été écrit. Relancez avec --wet-run pour envoyer."
            )
