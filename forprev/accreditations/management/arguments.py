"""Parsing the commands' arguments, with French messages (``CommandError``)."""

import datetime

from django.core.management.base import CommandError

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_day(value: str, *, option: str) -> datetime.date:
    """A date written AAAA-MM-JJ or JJ/MM/AAAA."""
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value.strip(), date_format).date()
        except ValueError:
            continue
    raise CommandError(
        f"{option} : « {value} » n'est pas une date valide (AAAA-MM-JJ ou JJ/MM/AAAA)."
    )


def parse_int(value: str, *, option: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise CommandError(f"{option} : « {value} » n'est pas un nombre entier.") from None
    return number
