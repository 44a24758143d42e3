"""Synthetic trainer certificates and équipes pédagogiques for ``generate_dataset``.

The trainers are the plain accounts of the accounts step (60,000 at scale 1). Each holds a
level-2 certificate (formateur) for one dispositif, sometimes two; a few also hold the level-3
one (formateur de formateurs). Certificates come as renewal chains: the current one and, for most
trainers, the previous one, so that the sessions of the past three years find a trainer whose
certificate covered their dates. A share of trainers stopped renewing (their last certificate
expired), the current ones issued 33 to 36 months ago expire within 90 days, a handful were
revoked.

Each habilitated entity gets a team: trainers holding a certificate for each dispositif it is
habilitated for (level 3 for its level-2 habilitations); training organisations have larger
teams, and a freelance trainer may belong to several. A few members were removed.
"""

import random
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from forprev.accounts.models import User
from forprev.accounts.synthetic import new_public_id
from forprev.accreditations.models import Accreditation
from forprev.core.bulk import insert_rows
from forprev.core.dates import add_months
from forprev.entities.enums import EntityKind, MembershipRole
from forprev.entities.models import Entity, Membership
from forprev.referentials.models import ProgrammeLevel

from .enums import CertificateSource
from .models import TeamMembership, TrainerCertificate

# The dispositif of a trainer's (first) certificate, with rough shares.
PROGRAMME_WEIGHTS = (("SST", 70), ("PRAP-IBC", 18), ("PRAP-2S", 7), ("ASD", 5))
SECOND_PROGRAMME_SHARE = 0.15
LEVEL_3_SHARE = 0.04  # formateurs de formateurs (they hold level 2 as well)
STOPPED_SHARE = 0.12  # stopped renewing: the last certificate has expired
RENEWED_SHARE = 0.85  # the current certificate renews a previous one (kept in the history)
REVOKED_SHARE = 0.004
REVOCATION_REASONS = (
    "Certificat délivré par erreur (formation de formateurs non suivie en entier).",
    "Fraude constatée lors de la certification.",
    "Retrait à la demande de l'organisme de formation (doublon).",
)
# Team sizes: dispositif → members, by kind of entity (training organisations staff more).
TEAM_PER_PROGRAMME = {EntityKind.TRAINING_ORG: (3, 7), EntityKind.COMPANY: (1, 3)}
TEAM_LEVEL_3 = (1, 2)  # formateurs de formateurs for a level-2 habilitation
REMOVED_SHARE = 0.05
CERTIFICATE_FIELDS = (
    "public_id", "holder_id", "programme_level_id", "issued_on", "valid_until", "source",
    "revoked_at", "revoked_reason",
)  # fmt: skip
MEMBER_FIELDS = ("public_id", "entity_id", "trainer_id", "added_by_id", "removed_at")


def _certificate(rng, *, holder_id, level, issued_on, months, revoked=False):
    valid_until = add_months(issued_on, months) - timedelta(days=1)
    revoked_at = None
    reason = ""
    if revoked:
        day = issued_on + timedelta(days=rng.randint(30, 300))
        revoked_at = datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59)), UTC)
        reason = rng.choice(REVOCATION_REASONS)
    return (
        new_public_id(rng),
        holder_id,
        level.pk,
        issued_on,
        valid_until,
        CertificateSource.TRAINING,
        revoked_at,
        reason,
    )


def _chain(rng, *, holder_id, level, today) -> list[tuple]:
    """The current (or last) certificate of one trainer for one level, and its predecessor."""
    months = level.certificate_validity_months or 36
    if rng.random() < STOPPED_SHARE:
        # Last issued between `months + 1` and `months + 30` months ago: expired since.
        issued_on = add_months(today, -(months + rng.randint(1, 30)))
    else:
        issued_on = add_months(today, -rng.randint(0, months - 1))
    issued_on -= timedelta(days=rng.randint(0, 27))
    revoked = rng.random() < REVOKED_SHARE and issued_on + timedelta(days=300) < today
    chain = [_certificate(rng, holder_id=holder_id, level=level, issued_on=issued_on,
                          months=months, revoked=revoked)]  # fmt: skip
    if rng.random() < RENEWED_SHARE:
        previous = add_months(issued_on, -months)
        chain.append(
            _certificate(rng, holder_id=holder_id, level=level, issued_on=previous, months=months)
        )
    return chain


def synthetic_trainer_ids() -> list[int]:
    """The accounts step's trainers: active plain accounts with no membership."""
    members = Membership.objects.values("user_id")
    return list(
        User.objects.filter(is_active=True, staff_role="", is_superuser=False)
        .exclude(pk__in=members)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def generate_trainers(
    *, scale: float, rng: random.Random, password_hash: str, progress: Callable[[str], None]
) -> dict[str, int]:
    today = timezone.localdate()
    levels = {
        (level.programme.code, level.level): level
        for level in ProgrammeLevel.objects.select_related("programme")
    }
    codes = [code for code, _ in PROGRAMME_WEIGHTS if (code, 2) in levels]
    weights = [weight for code, weight in PROGRAMME_WEIGHTS if (code, 2) in levels]

    trainer_ids = synthetic_trainer_ids()
    certificates: list[tuple] = []
    holders: dict[tuple[str, int], list[int]] = {}
    for trainer_id in trainer_ids:
        held = [rng.choices(codes, weights)[0]]
        if rng.random() < SECOND_PROGRAMME_SHARE:
            other = rng.choices(codes, weights)[0]
            if other not in held:
                held.append(other)
        for code in held:
            wanted = [2]
            if (code, 3) in levels and rng.random() < LEVEL_3_SHARE:
                wanted.append(3)
            for level in wanted:
                certificates += _chain(rng, holder_id=trainer_id, level=levels[(code, level)],
                                       today=today)  # fmt: skip
                holders.setdefault((code, level), []).append(trainer_id)
    insert_rows(TrainerCertificate, CERTIFICATE_FIELDS, certificates)
    progress(f"certificats de formateur : {len(certificates)} ({len(trainer_ids)} formateurs)")

    managers = dict(
        Membership.objects.filter(role=MembershipRole.MANAGER).values_list("entity_id", "user_id")
    )
    habilitations: dict[int, set[tuple[str, int]]] = {}
    for entity_id, code, level in Accreditation.objects.values_list(
        "entity_id", "programme_level__programme__code", "programme_level__level"
    ).order_by("entity_id", "programme_level_id"):
        habilitations.setdefault(entity_id, set()).add((code, level))
    now = timezone.now()
    members: list[tuple] = []
    for entity_id, kind in Entity.objects.order_by("pk").values_list("pk", "kind"):
        if entity_id not in habilitations or entity_id not in managers:
            continue
        team: list[int] = []
        for code, level in sorted(habilitations[entity_id]):
            pool = holders.get((code, level + 1), [])
            if not pool:
                continue
            low, high = TEAM_LEVEL_3 if level >= 2 else TEAM_PER_PROGRAMME[kind]
            for trainer_id in rng.sample(pool, min(len(pool), rng.randint(low, high))):
                if trainer_id not in team:
                    team.append(trainer_id)
        for trainer_id in team:
            removed = rng.random() < REMOVED_SHARE
            removed_at = now - timedelta(days=rng.randint(1, 700)) if removed else None
            members.append(
                (new_public_id(rng), entity_id, trainer_id, managers[entity_id], removed_at)
            )
    insert_rows(TeamMembership, MEMBER_FIELDS, members)
    progress(f"équipes pédagogiques : {len(members)} membres")
    return {"certificats de formateur": len(certificates), "membres d'équipes": len(members)}


def generate_trained_trainers(
    *, scale: float, rng: random.Random, password_hash: str, progress: Callable[[str], None]
) -> dict[str, int]:
    """What closing a trainer-training session (level 2) does for its passed trainees, as
    ``trainers.issuing`` does it: an account carrying the person's own numéro Forprev (password
    unusable until they choose one; their address when no account uses it yet, blank otherwise)
    and a trainer certificate from the session, valid for the référentiel's months."""
    from django.contrib.auth.hashers import make_password

    from forprev.people.models import Person
    from forprev.training.enums import Result, SessionStatus
    from forprev.training.models import Enrolment

    from .issuing import TRAINER_LEVEL
    from .services import validity_end

    passed = list(
        Enrolment.objects.filter(
            session__status=SessionStatus.CLOSED,
            session__programme_level__level__gte=TRAINER_LEVEL,
            result=Result.PASSED,
        )
        .order_by("session__ends_on", "session_id", "pk")
        .values_list("session_id", "session__programme_level_id", "session__ends_on", "person_id")
    )
    if not passed:
        progress("formateurs formés dans le jeu de données : aucun")
        return {"comptes de formateurs formés": 0, "certificats de formateur issus de sessions": 0}
    levels = {level.pk: level for level in ProgrammeLevel.objects.all()}
    person_ids = sorted({person_id for *_, person_id in passed})
    persons = {}
    for start in range(0, len(person_ids), 900):
        for pk, *values in Person.objects.filter(
            pk__in=person_ids[start : start + 900]
        ).values_list("pk", "forprev_id", "first_name", "last_name", "email", "user_id"):
            persons[pk] = values
    taken = {
        email.lower() for email in User.objects.exclude(email="").values_list("email", flat=True)
    }
    unusable = make_password(None)  # once: every opened account waits for its holder's password
    opened: list[User] = []
    holders: dict[int, int | None] = {}
    for _session_id, _level_id, ends_on, person_id in passed:
        if person_id in holders:
            continue
        forprev_id, first_name, last_name, email, user_id = persons[person_id]
        holders[person_id] = user_id
        if user_id is not None:
            continue
        email = email.strip().lower()
        if email in taken:
            email = ""
        taken.add(email)
        joined = datetime.combine(ends_on, time(rng.randint(9, 18), rng.randint(0, 59)), UTC)
        opened.append(
            User(
                public_id=new_public_id(rng),
                forprev_id=forprev_id,
                email=email,
                first_name=first_name,
                last_name=last_name,
                password=unusable,
                date_joined=joined,
            )
        )
        opened[-1].person_id = person_id  # not a field: remembered for the link below
    User.objects.bulk_create(opened, batch_size=2_000)
    links = [Person(pk=user.person_id, user_id=user.pk) for user in opened]
    Person.objects.bulk_update(links, ["user"], batch_size=1_000)
    for link in links:
        holders[link.pk] = link.user_id
    progress(f"comptes ouverts aux formateurs formés : {len(opened)}")

    certificates, seen = [], set()
    for session_id, level_id, ends_on, person_id in passed:
        holder_id = holders[person_id]
        if (session_id, holder_id) in seen:
            continue
        seen.add((session_id, holder_id))
        level = levels[level_id]
        certificates.append(
            (
                new_public_id(rng),
                holder_id,
                level_id,
                ends_on,
                validity_end(level, ends_on),
                CertificateSource.TRAINING,
                None,
                "",
                session_id,
            )  # fmt: skip
        )
    insert_rows(TrainerCertificate, (*CERTIFICATE_FIELDS, "session_id"), certificates)
    progress(f"certificats de formateur issus des sessions de formateurs : {len(certificates)}")
    return {
        "comptes de formateurs formés": len(opened),
        "certificats de formateur issus de sessions": len(certificates),
    }
