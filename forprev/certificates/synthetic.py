"""Synthetic certificates for ``generate_dataset``: one per passed trainee of every closed
session, as closing issues them (validity from the référentiel, from the session's last day).

Numbers and verification codes are drawn from the step's generator, in bulk: the numbers and
codes already in the database are read once, and each new one is checked against that set (no
query per row). Certificates of sessions older than their validity are expired by date; a few
were revoked by the support desk.
"""

import base64
import random
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from forprev.accounts.synthetic import new_public_id
from forprev.core.bulk import insert_rows
from forprev.core.dates import add_months
from forprev.referentials.models import ProgrammeLevel
from forprev.training.enums import Result, SessionStatus
from forprev.training.models import Enrolment, SessionTrainer, TrainingSession

from .models import _NUMBER_ALPHABET, Certificate

SESSIONS_AT_A_TIME = 5_000
FIELDS = (
    "public_id", "number", "verification_code", "person_id", "programme_level_id", "kind",
    "issued_on", "valid_until", "session_id", "entity_id", "trainer_names", "revoked_at",
    "revoked_reason",
)  # fmt: skip
REVOKED_SHARE = 0.002
REVOCATION_REASONS = (
    "Identité du stagiaire non vérifiée par le formateur.",
    "Session déclarée à tort : le stagiaire n'a pas suivi la formation.",
    "Certificat émis en double à la suite d'une erreur de saisie.",
)


class UniqueCodes:
    """Certificate numbers (``C`` + 10 unambiguous characters) and verification codes (22
    URL-safe characters, as ``secrets.token_urlsafe(16)``), unique against the database and
    each other."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.numbers = set(Certificate.objects.values_list("number", flat=True))
        self.codes = set(Certificate.objects.values_list("verification_code", flat=True))

    def number(self) -> str:
        while True:
            value = "C" + "".join(self.rng.choices(_NUMBER_ALPHABET, k=10))
            if value not in self.numbers:
                self.numbers.add(value)
                return value

    def code(self) -> str:
        while True:
            value = base64.urlsafe_b64encode(self.rng.randbytes(16)).rstrip(b"=").decode()
            if value not in self.codes:
                self.codes.add(value)
                return value


def generate_certificates(
    *, scale: float, rng: random.Random, password_hash: str, progress: Callable[[str], None]
) -> dict[str, int]:
    today = timezone.localdate()
    validity = dict(ProgrammeLevel.objects.values_list("pk", "certificate_validity_months"))
    closed = TrainingSession.objects.filter(status=SessionStatus.CLOSED).order_by("pk")
    session_ids = list(closed.values_list("pk", flat=True))
    codes = UniqueCodes(rng)
    issued = revoked = expired = 0
    for start in range(0, len(session_ids), SESSIONS_AT_A_TIME):
        first, last = (
            session_ids[start],
            session_ids[min(start + SESSIONS_AT_A_TIME, len(session_ids)) - 1],
        )
        in_range = {"pk__gte": first, "pk__lte": last}
        sessions = {
            pk: rest
            for pk, *rest in closed.filter(**in_range).values_list(
                "pk", "programme_level_id", "kind", "ends_on", "entity_id"
            )
        }
        trainers: dict[int, list[str]] = {}
        for session_id, last_name, first_name in (
            SessionTrainer.objects.filter(session_id__gte=first, session_id__lte=last)
            .order_by("session_id", "pk")
            .values_list("session_id", "trainer__last_name", "trainer__first_name")
        ):
            trainers.setdefault(session_id, []).append(f"{last_name.upper()} {first_name}".strip())
        passed = (
            Enrolment.objects.filter(
                session_id__gte=first, session_id__lte=last, result=Result.PASSED
            )
            .order_by("session_id", "pk")
            .values_list("session_id", "person_id")
        )
        certificates = []
        for session_id, person_id in passed:
            if session_id not in sessions:
                continue  # a session of the range that is not closed
            level_id, kind, ends_on, entity_id = sessions[session_id]
            months = validity.get(level_id)
            valid_until = add_months(ends_on, months) - timedelta(days=1) if months else None
            revoked_at, reason = None, ""
            if rng.random() < REVOKED_SHARE:
                day = min(ends_on + timedelta(days=rng.randint(3, 200)), today)
                revoked_at = datetime.combine(
                    day, time(rng.randint(8, 18), rng.randint(0, 59)), UTC
                )
                reason = rng.choice(REVOCATION_REASONS)
                revoked += 1
            elif valid_until is not None and valid_until < today:
                expired += 1
            certificates.append(
                (
                    new_public_id(rng),
                    codes.number(),
                    codes.code(),
                    person_id,
                    level_id,
                    kind,
                    ends_on,
                    valid_until,
                    session_id,
                    entity_id,
                    ", ".join(trainers.get(session_id, []))[:500],
                    revoked_at,
                    reason,
                )
            )
        insert_rows(Certificate, FIELDS, certificates)
        issued += len(certificates)
        progress(
            f"certificats : {issued} ({start + len(sessions)} sessions clôturées sur {len(session_ids)})"
        )
    return {"certificats": issued, "certificats expirés": expired, "certificats révoqués": revoked}
