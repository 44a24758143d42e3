"""SIRET, SIREN and NDA checks (DOMAIN.md). Messages are French and say what is wrong."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LA_POSTE_SIREN = "356000000"
_NON_DIGITS = re.compile(r"[\s.\-]")


def normalise_number(value: str) -> str:
    """Drop the spaces, dots and dashes people type in identifiers."""
    return _NON_DIGITS.sub("", value or "")


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_siren(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("Le SIREN doit comporter exactement 9 chiffres."), code="format")
    if not luhn_ok(value):
        raise ValidationError(
            _("Ce SIREN n'est pas valide (clé de contrôle incorrecte)."), code="checksum"
        )


def validate_siret(value: str) -> None:
    """14 digits with a Luhn key; for La Poste (SIREN 356000000) the digits sum to a multiple of 5."""
    if not re.fullmatch(r"\d{14}", value or ""):
        raise ValidationError(
            _("Le SIRET doit comporter exactement 14 chiffres (vous en avez saisi %(n)d).")
            % {"n": len(re.sub(r"\D", "", value or ""))},
            code="format",
        )
    if value.startswith(LA_POSTE_SIREN):
        valid = sum(int(c) for c in value) % 5 == 0
    else:
        valid = luhn_ok(value)
    if not valid:
        raise ValidationError(
            _("Ce SIRET n'est pas valide (clé de contrôle incorrecte). Vérifiez votre saisie."),
            code="checksum",
        )


def validate_nda(value: str) -> None:
    """11 digits. There is no public checksum: only the format blocks (see ``nda_warnings``)."""
    if not re.fullmatch(r"\d{11}", value or ""):
        raise ValidationError(
            _(
                "Le numéro de déclaration d'activité (NDA) doit comporter exactement 11 chiffres "
                "(vous en avez saisi %(n)d)."
            )
            % {"n": len(re.sub(r"\D", "", value or ""))},
            code="format",
        )


def nda_warnings(value: str) -> list[str]:
    """Soft checks on the NDA pattern RR DD NNNNN DD: warn, never block."""
    if not re.fullmatch(r"\d{11}", value or ""):
        return []
    if value[2:4] != value[9:11]:
        return [
            _(
                "Les chiffres 3-4 du NDA (%(a)s) diffèrent des deux derniers (%(b)s) : "
                "vérifiez le numéro."
            )
            % {"a": value[2:4], "b": value[9:11]}
        ]
    return []
