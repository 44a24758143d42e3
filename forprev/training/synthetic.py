"""Synthetic training sessions, trainees and enrolments for ``generate_dataset``.

At scale 1: 150,000 sessions over the habilitated entities (training organisations run about four
times as many as companies), from three years ago to six weeks ahead, each inside one of the
entity's habilitations; 1,000,000 enrolments (4 to 10 trainees a session, as the référentiel
allows) and about 920,000 persons: most trainees are new, some of a refresher (MAC) were trained
in an earlier session of the dataset. Sessions ended more than three months ago are closed
(a few were abandoned); recent ones are at every stage; future ones are being prepared. Closed
and validated sessions carry results (mostly passed). Trainers come from the entity's team and
hold a certificate for the dispositif at a higher level, valid every day of the session; the
rare session for which the team has none stays in preparation.

Sessions are drawn first, sorted by date, then written month by month (sessions, their
trainers, new persons, enrolments), so memory stays bounded and a refresher can enrol a person
certified in an earlier month.
"""

import bisect
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from django.utils import timezone

from forprev.accounts.synthetic import new_public_id, scaled
from forprev.accreditations.models import Accreditation
from forprev.core.bulk import insert_rows
from forprev.entities.enums import EntityKind, MembershipRole
from forprev.entities.models import Entity, Membership
from forprev.entities.synthetic import STREET_KINDS, STREET_NAMES, TOWNS
from forprev.people.synthetic import PersonFactory, insert_persons
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.models import TeamMembership, TrainerCertificate

from .enums import Result, SessionKind, SessionStatus
from .models import Enrolment, SessionTrainer, TrainingSession

SESSIONS = 150_000
ENROLMENTS = 1_000_000
PAST_DAYS = 3 * 365  # first days from three years ago…
AHEAD_DAYS = 45  # …to six weeks ahead
CLOSING_DAYS = 90  # sessions ended within this many days may still be open
ENTITY_WEIGHT = {EntityKind.TRAINING_ORG: 4.0, EntityKind.COMPANY: 1.0}
LEVEL_2_WEIGHT = 0.15  # a level-2 habilitation is used far less than a level-1 one
REFRESHER_SHARE = {1: 0.4, 2: 0.3}
KNOWN_TRAINEE_SHARE = 0.2  # in a refresher, trainees certified earlier in the dataset
REFRESHER_AFTER_DAYS = 300
SECOND_TRAINER_SHARE = 0.15
OWN_PREMISES_SHARE = {EntityKind.TRAINING_ORG: 0.45, EntityKind.COMPANY: 0.8}
INTER_SHARE = {EntityKind.TRAINING_ORG: 0.5, EntityKind.COMPANY: 0.03}
PUBLIC_SHARE = 0.3  # of inter-company sessions
# Group size between the level's bounds: mid-sized groups are the most common.
SIZE_WEIGHTS = (12, 15, 18, 17, 14, 12, 12)
RESULT_WEIGHTS = ((Result.PASSED, 92), (Result.FAILED, 5), (Result.ABSENT, 3))
RECENT_STATUS_WEIGHTS = (
    (SessionStatus.CLOSED, 55),
    (SessionStatus.VALIDATED, 15),
    (SessionStatus.SUBMITTED, 15),
    (SessionStatus.DRAFT, 15),
)
SESSION_FIELDS = (
    "public_id", "entity_id", "programme_level_id", "kind", "starts_on", "ends_on",
    "place_address", "place_city", "is_inter", "is_public", "capacity", "status",
    "created_by_id",
)  # fmt: skip
ENROLMENT_FIELDS = ("public_id", "session_id", "person_id", "result", "identity_confirmed")
OLD_STATUS_WEIGHTS = (
    (SessionStatus.CLOSED, 97),
    (SessionStatus.DRAFT, 2),
    (SessionStatus.SUBMITTED, 1),
)


@dataclass
class Level:
    pk: int
    code: str
    level: int
    initial_hours: int | None
    refresher_hours: int | None
    min_trainees: int
    max_trainees: int


@dataclass
class Habilitation:
    level: Level
    first_day: date  # first possible first day of a session within the window
    last_day: date  # last possible last day


@dataclass
class Place:
    entity_id: int
    kind: str
    department: str
    address: str
    city: str
    manager_id: int
    habilitations: list[Habilitation] = field(default_factory=list)
    cum_weights: list[float] = field(default_factory=list)


@dataclass
class SessionSpec:
    place: Place
    level: Level
    kind: str
    starts_on: date
    ends_on: date
    size: int = 0


def session_days(hours: int | None) -> int:
    """Calendar days of a course of ``hours`` hours: 7 h a day, weekends in between."""
    days = max(1, math.ceil((hours or 7) / 7))
    return days + 2 * ((days - 1) // 5)


def _street(rng: random.Random) -> str:
    kinds = [kind for kind, _ in STREET_KINDS]
    kind = rng.choices(kinds, [weight for _, weight in STREET_KINDS])[0]
    return f"{rng.randint(1, 150)} {kind} {rng.choice(STREET_NAMES)}"


class Trainers:
    """Who may train whom, and when: the entity's team and its members' certificates."""

    def __init__(self):
        self.team: dict[int, list[int]] = {}
        for entity_id, trainer_id in (
            TeamMembership.objects.active()
            .order_by("entity_id", "pk")
            .values_list("entity_id", "trainer_id")
        ):
            self.team.setdefault(entity_id, []).append(trainer_id)
        self.certificates: dict[int, list[tuple[str, int, date, date | None]]] = {}
        for holder_id, code, level, issued_on, valid_until in (
            TrainerCertificate.objects.filter(revoked_at__isnull=True)
            .order_by("holder_id", "pk")
            .values_list(
                "holder_id",
                "programme_level__programme__code",
                "programme_level__level",
                "issued_on",
                "valid_until",
            )
        ):
            self.certificates.setdefault(holder_id, []).append(
                (code, level, issued_on, valid_until)
            )

    def qualified(self, entity_id: int, spec: SessionSpec) -> list[int]:
        """Team members with a certificate above the session's level valid every day of it."""
        return [
            trainer_id
            for trainer_id in self.team.get(entity_id, ())
            if any(
                code == spec.level.code
                and level > spec.level.level
                and issued_on <= spec.starts_on
                and (valid_until is None or valid_until >= spec.ends_on)
                for code, level, issued_on, valid_until in self.certificates.get(trainer_id, ())
            )
        ]


def _levels() -> dict[int, Level]:
    return {
        level.pk: Level(
            level.pk,
            level.programme.code,
            level.level,
            level.initial_duration_hours,
            level.refresher_duration_hours,
            level.min_trainees or 1,
            level.max_trainees or 10,
        )
        for level in ProgrammeLevel.objects.select_related("programme").filter(
            delivered_by_inrs=False
        )
    }


def _places(window_start: date, window_end: date) -> list[Place]:
    """Entities with a manager and a habilitation overlapping the window (30 days at least)."""
    levels = _levels()
    managers = dict(
        Membership.objects.filter(role=MembershipRole.MANAGER)
        .order_by("-pk")
        .values_list("entity_id", "user_id")
    )
    places: dict[int, Place] = {}
    for pk, kind, department, address, city in Entity.objects.order_by("pk").values_list(
        "pk", "kind", "department__code", "address_line", "city"
    ):
        if pk in managers:
            places[pk] = Place(pk, kind, department, address, city, managers[pk])
    for entity_id, level_id, starts_on, expires_on in (
        Accreditation.objects.filter(expires_on__gte=window_start, starts_on__lte=window_end)
        .order_by("entity_id", "programme_level_id", "starts_on")
        .values_list("entity_id", "programme_level_id", "starts_on", "expires_on")
    ):
        place = places.get(entity_id)
        level = levels.get(level_id)
        if place is None or level is None:
            continue
        first_day = max(starts_on, window_start)
        last_day = min(expires_on, window_end)
        if (last_day - first_day).days >= 30:
            place.habilitations.append(Habilitation(level, first_day, last_day))
    usable = [place for place in places.values() if place.habilitations]
    for place in usable:
        place.cum_weights = list(
            accumulate(1.0 if h.level.level == 1 else LEVEL_2_WEIGHT for h in place.habilitations)
        )
    return usable


def _draw_specs(
    rng: random.Random, places: list[Place], *, sessions: int, enrolments: int
) -> list[SessionSpec]:
    """Which entity runs which course when, and how many trainees: exactly ``sessions``
    sessions and, when the groups' bounds allow it, exactly ``enrolments`` trainees."""
    activity = list(
        accumulate(ENTITY_WEIGHT[place.kind] * rng.lognormvariate(0, 0.6) for place in places)
    )
    specs = []
    for place in rng.choices(places, cum_weights=activity, k=sessions):
        habilitation = rng.choices(place.habilitations, cum_weights=place.cum_weights)[0]
        level = habilitation.level
        refresher = bool(level.refresher_hours) and (
            rng.random() < REFRESHER_SHARE.get(level.level, 0)
        )
        length = session_days(level.refresher_hours if refresher else level.initial_hours)
        last_start = habilitation.last_day - timedelta(days=length - 1)
        starts_on = habilitation.first_day + timedelta(
            days=rng.randint(0, (last_start - habilitation.first_day).days)
        )
        back = max(0, starts_on.weekday() - 3)  # courses start Monday to Thursday
        if starts_on - timedelta(days=back) >= habilitation.first_day:
            starts_on -= timedelta(days=back)
        bounds = level.max_trainees - level.min_trainees + 1
        weights = (SIZE_WEIGHTS + (SIZE_WEIGHTS[-1],) * bounds)[:bounds]
        specs.append(
            SessionSpec(
                place=place,
                level=level,
                kind=SessionKind.REFRESHER if refresher else SessionKind.INITIAL,
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=length - 1),
                size=level.min_trainees + rng.choices(range(bounds), weights)[0],
            )
        )
    low = sum(spec.level.min_trainees for spec in specs)
    high = sum(spec.level.max_trainees for spec in specs)
    gap = min(max(enrolments, low), high) - sum(spec.size for spec in specs)
    while gap:
        spec = specs[rng.randrange(len(specs))]
        if gap > 0 and spec.size < spec.level.max_trainees:
            spec.size += 1
            gap -= 1
        elif gap < 0 and spec.size > spec.level.min_trainees:
            spec.size -= 1
            gap += 1
    specs.sort(key=lambda spec: (spec.starts_on, spec.place.entity_id))
    return specs


class CertifiedPool:
    """Persons certified in earlier chunks, by dispositif, in order of their session's end."""

    def __init__(self):
        self.days: dict[str, list[int]] = {}
        self.persons: dict[str, list[int]] = {}

    def add(self, code: str, ended_on: date, person_ids: list[int]) -> None:
        self.days.setdefault(code, []).extend([ended_on.toordinal()] * len(person_ids))
        self.persons.setdefault(code, []).extend(person_ids)

    def draw(self, rng: random.Random, code: str, *, certified_by: date) -> int | None:
        end = bisect.bisect_right(self.days.get(code, ()), certified_by.toordinal())
        return self.persons[code][rng.randrange(end)] if end else None


def _status(rng: random.Random, spec: SessionSpec, today: date) -> str:
    if spec.ends_on >= today:
        return SessionStatus.DRAFT
    weights = (
        RECENT_STATUS_WEIGHTS if (today - spec.ends_on).days <= CLOSING_DAYS else OLD_STATUS_WEIGHTS
    )
    return rng.choices([s for s, _ in weights], [w for _, w in weights])[0]


def _results(rng: random.Random, spec: SessionSpec, status: str) -> list[str]:
    if status not in (SessionStatus.CLOSED, SessionStatus.VALIDATED):
        return [Result.PENDING] * spec.size
    results = rng.choices(
        [r for r, _ in RESULT_WEIGHTS], [w for _, w in RESULT_WEIGHTS], k=spec.size
    )
    present = spec.size - results.count(Result.ABSENT)
    for index, result in enumerate(results):  # the group stays within the level's bounds
        if present >= spec.level.min_trainees:
            break
        if result == Result.ABSENT:
            results[index] = Result.PASSED
            present += 1
    return results


def generate_sessions(
    *, scale: float, rng: random.Random, password_hash: str, progress: Callable[[str], None]
) -> dict[str, int]:
    today = timezone.localdate()
    window_start = today - timedelta(days=PAST_DAYS)
    places = _places(window_start, today + timedelta(days=AHEAD_DAYS))
    if not places:
        progress("sessions : aucune entité habilitée")
        return {"sessions": 0, "inscriptions": 0, "stagiaires": 0}
    total = scaled(SESSIONS, scale, minimum=1)
    specs = _draw_specs(rng, places, sessions=total, enrolments=scaled(ENROLMENTS, scale))
    trainers = Trainers()
    persons = PersonFactory(rng)
    pool = CertifiedPool()
    counts = dict.fromkeys(SessionStatus.values, 0)
    enrolled = created_persons = untrained = 0
    months: dict[tuple[int, int], list[SessionSpec]] = {}
    for spec in specs:
        months.setdefault((spec.starts_on.year, spec.starts_on.month), []).append(spec)
    written = 0
    for chunk in months.values():
        written += len(chunk)
        sessions, named, statuses = [], [], []
        for spec in chunk:
            place = spec.place
            status = _status(rng, spec, today)
            qualified = trainers.qualified(place.entity_id, spec)
            if qualified:
                picked = rng.sample(
                    qualified,
                    2 if len(qualified) > 1 and rng.random() < SECOND_TRAINER_SHARE else 1,
                )
            else:  # nobody in the team may train it: it never got past preparation
                untrained += 1
                status = SessionStatus.DRAFT
                team = trainers.team.get(place.entity_id, [])
                picked = [rng.choice(team)] if team else []
            inter = rng.random() < INTER_SHARE[place.kind]
            if not inter and rng.random() < OWN_PREMISES_SHARE[place.kind]:
                address, city = place.address, place.city
            else:
                city = (
                    rng.choice(TOWNS[place.department])[0]
                    if place.department in TOWNS
                    else place.city
                )
                address = _street(rng)
            counts[status] += 1
            named.append(picked)
            statuses.append(status)
            sessions.append(
                (
                    new_public_id(rng),
                    place.entity_id,
                    spec.level.pk,
                    spec.kind,
                    spec.starts_on,
                    spec.ends_on,
                    address,
                    city,
                    inter,
                    inter and rng.random() < PUBLIC_SHARE,
                    max(spec.size, min(spec.level.max_trainees, spec.size + rng.randint(0, 2))),
                    status,
                    place.manager_id,
                )
            )
        session_ids = insert_rows(TrainingSession, SESSION_FIELDS, sessions, returning=True)
        insert_rows(
            SessionTrainer,
            ("session_id", "trainer_id"),
            [
                (session_id, trainer_id)
                for session_id, picked in zip(session_ids, named, strict=True)
                for trainer_id in picked
            ],
        )

        # Trainees: known persons (refreshers) by pk, new ones by -(index + 1) until inserted.
        new_specs: list[tuple] = []
        trainees: list[list[int]] = []
        for spec in chunk:
            chosen: list[int] = []
            for _ in range(spec.size):
                if spec.kind == SessionKind.REFRESHER and rng.random() < KNOWN_TRAINEE_SHARE:
                    known = pool.draw(
                        rng,
                        spec.level.code,
                        certified_by=spec.starts_on - timedelta(days=REFRESHER_AFTER_DAYS),
                    )
                    if known is not None and known not in chosen:
                        chosen.append(known)
                        continue
                new_specs.append(
                    persons.build(department_code=spec.place.department, on=spec.starts_on)
                )
                chosen.append(-len(new_specs))
            trainees.append(chosen)
        new_persons = insert_persons(new_specs, rng)
        created_persons += len(new_persons)

        enrolments, certified = [], []
        for session_id, status, spec, chosen in zip(
            session_ids, statuses, chunk, trainees, strict=True
        ):
            results = _results(rng, spec, status)
            passed = []
            for person_id, result in zip(chosen, results, strict=True):
                if person_id < 0:
                    person_id = new_persons[-person_id - 1]
                confirmed = result in (Result.PASSED, Result.FAILED)
                enrolments.append((new_public_id(rng), session_id, person_id, result, confirmed))
                if result == Result.PASSED:
                    passed.append(person_id)
            if status == SessionStatus.CLOSED and passed:
                certified.append((spec.ends_on, spec.level.code, passed))
        insert_rows(Enrolment, ENROLMENT_FIELDS, enrolments)
        enrolled += len(enrolments)
        for ended_on, code, passed in sorted(certified, key=lambda item: item[0]):
            pool.add(code, ended_on, passed)
        if written * 10 // len(specs) > (written - len(chunk)) * 10 // len(specs):
            progress(  # about every tenth
                f"sessions : {written} / {len(specs)}, {enrolled} inscriptions, "
                f"{created_persons} stagiaires"
            )
    if untrained:
        progress(
            f"sessions sans formateur qualifié dans l'équipe (restées en préparation) : {untrained}"
        )
    return {
        "sessions": len(specs),
        **{
            f"sessions — {SessionStatus(status).label.lower()}": count
            for status, count in counts.items()
        },
        "inscriptions": enrolled,
        "stagiaires": created_persons,
    }
