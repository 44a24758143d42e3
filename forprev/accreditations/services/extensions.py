"""Bulk extensions by rule (e.g. échéance between two dates → +N months), idempotent."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError

from ..models import Accreditation, Extension


@dataclass(frozen=True)
class ExtensionRule:
    expiring_from: date
    expiring_to: date
    months: int

    def __post_init__(self):
        if self.expiring_to < self.expiring_from:
            raise DomainError(_("La date de fin doit être postérieure à la date de début."))
        if not 1 <= self.months <= 36:
            raise DomainError(_("La prolongation doit être comprise entre 1 et 36 mois."))

    @property
    def key(self) -> str:
        """Names the rule: applying the same rule again finds its own extensions."""
        return f"{self.expiring_from.isoformat()}..{self.expiring_to.isoformat()}+{self.months}m"


def extension_candidates(rule: ExtensionRule):
    """Active habilitations expiring in the window that this rule has not extended yet."""
    return (
        Accreditation.objects.expiring_between(rule.expiring_from, rule.expiring_to)
        .exclude(extensions__rule_key=rule.key)
        .select_related("entity", "programme_level__programme")
        .order_by("expires_on", "pk")
    )


@transaction.atomic
def accreditations_extend(*, rule: ExtensionRule, by=None) -> int:
    """Apply ``rule``; returns how many habilitations were extended (0 on a second run)."""
    accreditations = list(extension_candidates(rule).select_for_update(of=("self",)))
    extensions = []
    for accreditation in accreditations:
        new_expiry = add_months(accreditation.expires_on, rule.months)
        extensions.append(
            Extension(
                accreditation=accreditation,
                previous_expires_on=accreditation.expires_on,
                new_expires_on=new_expiry,
                months=rule.months,
                rule_key=rule.key,
                created_by=by,
            )
        )
        accreditation.expires_on = new_expiry
    Extension.objects.bulk_create(extensions, batch_size=1000)
    Accreditation.objects.bulk_update(accreditations, ["expires_on", "updated_at"], batch_size=1000)
    return len(accreditations)
