"""What the public verification page shows of a certificate, read in one plain query.

The page is the most requested of the application (every QR code scanned). Django's ORM spends
more time building this four-table join than the database spends answering it, so the query is
written once here, on the models' own table and column names, and returns only the fields the
page shows — nothing else about the person. On PostgreSQL it is prepared once per connection
(``forprev.core.db.fetch_one``): planning the join cost four times more than running it.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from forprev.core.db import fetch_one
from forprev.entities.models import Entity
from forprev.people.duplicates.normalise import last_name_forms
from forprev.people.models import Person
from forprev.referentials.models import Programme, ProgrammeLevel

from .models import Certificate, CertificateState, certificate_state_on


@dataclass(frozen=True)
class PublicCertificate:
    number: str
    holder_last_name: str
    holder_first_name: str
    programme_name: str
    level_label: str
    kind: str
    issued_on: date
    valid_until: date | None
    entity_name: str
    revoked: bool
    revoked_reason: str
    revoked_on: date | None = None  # the day of the revocation (local time)

    def state_on(self, day) -> CertificateState:
        return certificate_state_on(day, revoked=self.revoked, valid_until=self.valid_until)


def _column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@cache
def _sql(by: str = "verification_code") -> str:
    """Built from the models' names (no user input: the code or number is a parameter). Looked
    up by number, the holder's birth date comes last, to compare, never to show."""
    c, p, lv, pg, e = "c", "p", "lv", "pg", "e"
    birth_date = f", {p}.{_column(Person, 'birth_date')}" if by == "number" else ""
    # Names from the models only; the code is a query parameter.
    return (
        f"SELECT {c}.{_column(Certificate, 'number')}, {p}.{_column(Person, 'last_name')}, "  # noqa: S608
        f"{p}.{_column(Person, 'first_name')}, {pg}.{_column(Programme, 'name')}, "
        f"{lv}.{_column(ProgrammeLevel, 'label')}, {c}.{_column(Certificate, 'kind')}, "
        f"{c}.{_column(Certificate, 'issued_on')}, {c}.{_column(Certificate, 'valid_until')}, "
        f"{e}.{_column(Entity, 'name')}, {c}.{_column(Certificate, 'revoked_at')}, "
        f"{c}.{_column(Certificate, 'revoked_reason')}{birth_date} "
        f"FROM {_table(Certificate)} {c} "
        f"JOIN {_table(Person)} {p} ON {p}.{_column(Person, 'id')} = {c}.{_column(Certificate, 'person')} "
        f"JOIN {_table(ProgrammeLevel)} {lv} "
        f"ON {lv}.{_column(ProgrammeLevel, 'id')} = {c}.{_column(Certificate, 'programme_level')} "
        f"JOIN {_table(Programme)} {pg} "
        f"ON {pg}.{_column(Programme, 'id')} = {lv}.{_column(ProgrammeLevel, 'programme')} "
        f"JOIN {_table(Entity)} {e} ON {e}.{_column(Entity, 'id')} = {c}.{_column(Certificate, 'entity')} "
        f"WHERE {c}.{_column(Certificate, by)} = %s"
    )


def _as_date(value):
    return parse_date(value) if isinstance(value, str) else value


def public_certificate(code: str) -> PublicCertificate | None:
    """What the page of a verification code (the QR code's link) shows."""
    row = fetch_one(_sql(), [code])
    return None if row is None else _public(row)


def public_certificate_of_holder(
    number: str, *, last_name: str = "", birth_date: date | None = None
) -> PublicCertificate | None:
    """The certificate of this number, only if the visitor also knows its holder: every
    second factor given must match (the last name, birth or married, without accents, case or
    particles; the exact birth date) and one at least must be given. None otherwise, the same
    whether the number exists or not."""
    if not last_name.strip() and birth_date is None:
        return None
    row = fetch_one(_sql("number"), [number])
    if row is None:
        return None
    *shown, holder_birth_date = row
    certificate = _public(shown)
    if birth_date is not None and _as_date(holder_birth_date) != birth_date:
        return None
    if last_name.strip() and not same_last_name(last_name, certificate.holder_last_name):
        return None
    return certificate


def same_last_name(typed: str, recorded: str) -> bool:
    """Whether a typed last name is the holder's: birth or married name (« Dupont épouse
    Martin » answers to both), compared without accents, case, spaces, hyphens or particles
    (« de La Fontaine », « DELAFONTAINE », « Fontaine »). No typo tolerance: it is a proof of
    knowing the holder."""
    recorded_keys = set()
    for form in last_name_forms(recorded):
        recorded_keys.update((form.joined, form.core))
    return any(
        form.joined in recorded_keys or form.core in recorded_keys
        for form in last_name_forms(typed)
    )


def _local_day(value) -> date | None:
    """The local day of a stored moment (a text on SQLite, an aware datetime on PostgreSQL)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if not isinstance(value, datetime):
        return None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return timezone.localdate(value)


def _public(row) -> PublicCertificate:
    number, last, first, programme, label, kind, issued, until, entity, revoked_at, reason = row
    return PublicCertificate(
        number=number,
        holder_last_name=last,
        holder_first_name=first,
        programme_name=programme,
        level_label=label,
        kind=kind,
        issued_on=_as_date(issued),
        valid_until=_as_date(until),
        entity_name=entity,
        revoked=revoked_at is not None,
        revoked_reason=reason,
        revoked_on=_local_day(revoked_at),
    )
