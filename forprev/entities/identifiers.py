"""Building valid identifiers (demo data, synthetic datasets, test factories)."""

from .validators import luhn_ok


def with_luhn_key(prefix: str) -> str:
    """Append the digit that makes ``prefix + digit`` pass the Luhn check."""
    for digit in "0123456789":
        if luhn_ok(prefix + digit):
            return prefix + digit
    raise AssertionError("unreachable: one Luhn digit always fits")


def make_siren(base8: int) -> str:
    return with_luhn_key(f"{base8:08d}")


def make_siret(base8: int, establishment: int = 1) -> str:
    """A valid SIRET: a Luhn-valid SIREN, a 4-digit establishment number, a Luhn key."""
    return with_luhn_key(f"{make_siren(base8)}{establishment:04d}")


def make_nda(region: int, department: str, sequence: int) -> str:
    """RR DD NNNNN DD, the pattern seen in real numéros de déclaration d'activité."""
    dep = department[-2:].replace("A", "0").replace("B", "0")
    return f"{region:02d}{dep}{sequence:05d}{dep}"
