from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forprev.accounts.models import User
from forprev.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent). Réservé au mode démo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Ne rien faire si la base contient des comptes."
        )

    def handle(self, *args, if_empty=False, **options):
        if not settings.FORPREV_DEMO_MODE:
            raise CommandError(
                "Les données de démonstration ne se chargent qu'en mode démo (FORPREV_DEMO_MODE=true)."
            )
        if if_empty and User.objects.exists():
            self.stdout.write("Base non vide : données de démonstration non rechargées.")
            return
        summary = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo prête : {summary['accounts']} comptes, {summary['entities_created']} entités créées. "
                f"Mot de passe des comptes de démonstration : {DEMO_PASSWORD}"
            )
        )
