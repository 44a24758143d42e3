"""E-mail the instructors and the managers concerned when a freeze's announcement opens.

Dry run by default: prints what would be sent, writes nothing. ``--wet-run`` records the
announcement and sends the e-mails. Each freeze is announced once; run it daily.
"""

from django.core.management.base import BaseCommand

from forprev.accreditations.management.arguments import add_daily_mailing_arguments, today_option
from forprev.freezes.notifications import freezes_notify


class Command(BaseCommand):
    help = (
        "Annonce par courriel les gels de fonctionnalités aux instructeurs et aux gestionnaires "
        "concernés. Simulation par défaut ; --wet-run pour envoyer."
    )

    def add_arguments(self, parser):
        add_daily_mailing_arguments(parser)

    def handle(self, *args, wet_run=False, today=None, **options):
        day = today_option(today)
        announcements = freezes_notify(today=day, dry_run=not wet_run)
        for announcement in announcements:
            freeze = announcement.freeze
            self.stdout.write(
                f"  {freeze.get_action_display()} ({freeze.period_text()}) : "
                f"{len(announcement.recipients)} destinataire(s)"
            )
        emails = sum(len(a.recipients) for a in announcements)
        counts = f"{len(announcements)} gel(s) à annoncer, {emails} e-mail(s)"
        if wet_run:
            self.stdout.write(self.style.SUCCESS(f"Le {day:%d/%m/%Y} : {counts} envoyé(s)."))
        else:
            self.stdout.write(
                f"Simulation du {day:%d/%m/%Y} : {counts}. "
                "Rien n'a été écrit. Relancez avec --wet-run pour envoyer."
            )
