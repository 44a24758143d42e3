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


def add_daily_mailing_arguments(parser) -> None:
    """``--wet-run`` and ``--today`` of the daily e-mail commands (dry run by default)."""
    parser.add_argument(
        "--wet-run", action="store_true", help="Envoyer (sinon : simulation, rien n'est écrit)."
    )
    parser.add_argument(
        "--today",
        help="Date du jour à considérer (AAAA-MM-JJ ou JJ/MM/AAAA) ; par défaut aujourd'hui.",
    )


def today_option(value: str | None) -> datetime.date:
    from django.utils import timezone

    return parse_day(value, option="--today") if value else timezone.localdate()
