"""Prolong every active habilitation expiring between two dates by N months (national rule).

Dry run by default: prints the count and the list, writes nothing. ``--wet-run`` applies the
rule (audited, managers notified). The same rule never extends a habilitation twice.
"""

from django.core.management.base import BaseCommand, CommandError

from forprev.accounts.models import User
from forprev.accreditations.management.arguments import parse_day, parse_int
from forprev.accreditations.rules import can_extend_accreditations
from forprev.accreditations.services.extensions import (
    ExtensionRule,
    accreditations_extend,
    extension_candidates,
    extension_preview_rows,
)
from forprev.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Prolonge de N mois les habilitations actives dont l'échéance est comprise entre deux "
        "dates. Simulation par défaut ; --wet-run pour appliquer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--expiring-from",
            required=True,
            help="Échéance à partir du (AAAA-MM-JJ ou JJ/MM/AAAA).",
        )
        parser.add_argument(
            "--expiring-to", required=True, help="Échéance jusqu'au (inclus, même format)."
        )
        parser.add_argument("--months", required=True, help="Nombre de mois ajoutés (1 à 36).")
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help="Appliquer (sinon : simulation, rien n'est écrit).",
        )
        parser.add_argument(
            "--actor",
            metavar="NUMERO_FORPREV",
            help="Compte national au nom duquel la règle est appliquée (sinon : le système).",
        )

    def handle(
        self, *args, expiring_from, expiring_to, months, wet_run=False, actor=None, **options
    ):
        try:
            rule = ExtensionRule(
                expiring_from=parse_day(expiring_from, option="--expiring-from"),
                expiring_to=parse_day(expiring_to, option="--expiring-to"),
                months=parse_int(months, option="--months"),
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        by = self._actor(actor)
        period = f"du {rule.expiring_from:%d/%m/%Y} au {rule.expiring_to:%d/%m/%Y}"
        if not wet_run:
            rows = extension_preview_rows(extension_candidates(rule), rule)
            self.stdout.write(
                f"Simulation : {len(rows)} habilitation(s) à échéance {period} "
                f"seraient prolongée(s) de {rule.months} mois (règle {rule.key})."
            )
            for row in rows:
                accreditation = row.accreditation
                self.stdout.write(
                    f"  {accreditation.entity.name} ({accreditation.entity.siret}) — "
                    f"{accreditation.programme_level} : "
                    f"{accreditation.expires_on:%d/%m/%Y} → {row.new_expires_on:%d/%m/%Y}"
                )
            self.stdout.write("Rien n'a été écrit. Relancez avec --wet-run pour appliquer.")
            return
        try:
            count = accreditations_extend(rule=rule, by=by)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} habilitation(s) à échéance {period} prolongée(s) "
                f"de {rule.months} mois (règle {rule.key})."
            )
        )
        if not count:
            self.stdout.write(
                "Aucune habilitation à prolonger : règle déjà appliquée ou période vide."
            )

    def _actor(self, forprev_id):
        if forprev_id is None:
            return None
        user = User.objects.filter(forprev_id=forprev_id.strip().upper()).first()
        if user is None:
            raise CommandError(f"--actor : aucun compte avec le numéro Forprev « {forprev_id} ».")
        if not user.is_active or not can_extend_accreditations(user):
            raise CommandError(
                f"--actor : le compte {user.forprev_id} n'a pas le rôle national, "
                "seul habilité à prolonger des habilitations."
            )
        return user
