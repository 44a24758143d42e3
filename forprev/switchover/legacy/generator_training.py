"""Sessions, trainees, enrolments and certificates of a synthetic Forprev 1 export (``generator``).

Sessions are drawn over the year before the export (and two weeks after: planned ones) for the
entities whose habilitation covers the day; trainees are laid out so that most enrolments bring a
new individu and some a known one (a refresher, a second dispositif). Individus, enrolments and
certificates are written streaming: at scale 1 they are a million rows each.
"""

import base64
import random
from array import array
from dataclasses import dataclass, field
from datetime import date

from forprev.entities.synthetic import _street, _town
from forprev.people.duplicates.synthetic import typo
from forprev.referentials.data import PROGRAMMES

from .generator_base import Context, add_months, weekday_on_or_after
from .generator_entities import Entity
from .generator_output import ExportFile, impossible_date
from .generator_people import Mailboxes, Names, Trainer, invalid_email

SESSIONS = 150_000
PERSONS = 1_000_000
NEW_PERSON_SHARE = 0.85  # enrolments bringing an individu not seen before
DAYS_BEFORE, DAYS_AFTER = 365, 14  # sessions from a year before the export to two weeks after
MAC_SHARE = 0.4
CANCELLED_SHARE = 0.015
PERSON_EMAIL_SHARE = 0.35
UPPER_LAST_NAME_SHARE = 0.7
REVOKED_SHARE = 0.0005
PASSED, FAILED = 0.94, 0.035  # the rest absent
REVOCATION_REASONS = (
    "Fraude à la certification",
    "Session déclarée par erreur",
    "Stagiaire non présent",
    "Doublon de certificat",
)
# Short prefixes keep « AMIANTE-SS4 » numbers within 20 characters: AMI22-0001234.
NUMBER_PREFIX = {"SST": "SST", "PRAP-IBC": "PIBC", "PRAP-2S": "P2S", "ASD": "ASD",
                 "SMS-AP": "SMS", "TMS-PROS": "TMS", "AMIANTE-SS4": "AMI", "CATEC": "CAT"}  # fmt: skip
VALIDITY_MONTHS = {
    (code, level[0]): level[6] for code, _, _, levels in PROGRAMMES for level in levels
}
CAPACITY = {"SMS-AP": 12, "TMS-PROS": 12, "CATEC": 8}


@dataclass(slots=True, eq=False)
class Session:
    entity: Entity
    programme: str
    level: int
    kind: str
    start: int
    end: int
    address: str
    town: str
    inter: bool
    capacity: int
    size: int
    trainers: list
    status: str = "OUVERTE"
    closed: int | None = None
    results: bool = False  # results typed (a closed session always has them)
    certified_while_open: bool = False
    legacy_id: str = ""


def _span(rng: random.Random, programme: str, level: int, kind: str) -> int:
    """Days from the first to the last day of a session."""
    if level >= 2:
        return rng.randint(14, 21) if kind == "INITIALE" else 2
    if programme == "SMS-AP":
        return rng.randint(30, 50)
    if programme == "TMS-PROS":
        return rng.randint(14, 28)
    if kind == "MAC":
        return 0
    return {"PRAP-2S": 2, "ASD": 2, "AMIANTE-SS4": rng.randint(1, 4)}.get(programme, 1)


def build_sessions(ctx: Context, entities: list[Entity]) -> list[Session]:
    """Sessions in the order of their ids, with their status (open ones older than three months
    and certificates of open sessions are defects, see ``generator``)."""
    rng = ctx.rng("sessions")
    low, high = ctx.export - DAYS_BEFORE, ctx.export + DAYS_AFTER
    if ctx.clean:  # every session over (the longest lasts 50 days) and closed by the export
        high = ctx.export - 60
    windows: list[tuple[Entity, list[tuple]]] = []
    for entity in entities:
        options = []
        for accreditation in entity.accredited_by.accreditations:
            if accreditation.status == "SUSPENDUE":
                continue
            first = max(accreditation.start, low, entity.sessions_from)
            last = min(accreditation.end, high, entity.sessions_until)
            if first <= last:
                options.append((accreditation, first, last))
        if options:
            windows.append((entity, options))
    if not windows:
        return []
    weights = [
        (3.0 if e.kind == "OF" else 1.0)
        * (0.7 if e.parent else 1.0)
        * (1 + len(e.team or e.accredited_by.team))
        * rng.lognormvariate(0, 0.5)
        for e, _ in windows
    ]
    certified: dict[tuple[int, str, int], list[Trainer]] = {}
    sessions = []
    for entity, options in rng.choices(windows, weights, k=ctx.scaled(SESSIONS)):
        accreditation, first, last = rng.choice(options)
        day = rng.randint(first, last)
        if date.fromordinal(day).month == 8 and rng.random() < 0.6:  # fewer sessions in August
            day = rng.randint(first, last)
        start = weekday_on_or_after(day)
        programme = accreditation.programme
        level = 1
        if accreditation.level >= 2 and rng.random() < (
            0.3 if programme in ("AMIANTE-SS4", "CATEC") else 0.12
        ):
            level = 2
        kind = (
            "MAC"
            if programme not in ("SMS-AP", "TMS-PROS") and rng.random() < MAC_SHARE
            else "INITIALE"
        )
        capacity = CAPACITY.get(programme, 10)
        smallest = 5 if level >= 2 else 4
        size = min(capacity, int(rng.triangular(smallest, capacity + 1, 7)))
        inter = rng.random() < (0.6 if entity.kind == "OF" else 0.05)
        if inter or entity.kind == "ENT":
            address, town = entity.address, entity.town
        else:  # at the client's premises
            address, town = _street(rng), _town(rng, entity.department)[0]
        sessions.append(
            Session(
                entity,
                programme,
                level,
                kind,
                start,
                start + _span(rng, programme, level, kind),
                address,
                town,
                inter,
                capacity,
                size,
                _session_trainers(rng, entity, programme, level, size, certified),
            )
        )
    _statuses(ctx, rng, sessions)
    sessions.sort(key=lambda s: s.start - rng.randint(7, 60))  # created before they start
    next_id = 600_000 + rng.randrange(1_000)
    for session in sessions:
        next_id += 1 if rng.random() < 0.98 else rng.randint(2, 6)
        session.legacy_id = str(next_id)
    return sessions


def _session_trainers(rng, entity: Entity, programme, level, size, certified) -> list[Trainer]:
    """One trainer (two for a large group, sometimes), from the team, certified for the
    dispositif (at level 3 for a trainers' session) when the team has one."""
    team = entity.team or entity.accredited_by.team
    if not team:
        return []
    key = (id(entity), programme, level)
    pool = certified.get(key)
    if pool is None:
        wanted = 3 if level >= 2 else 2
        pool = [
            t for t in team if any(c[0] == programme and c[1] >= wanted for c in t.certificates)
        ]
        if not pool and level >= 2:
            pool = [t for t in team if any(c[0] == programme for c in t.certificates)]
        certified[key] = pool = pool or list(team)
    count = 2 if (size >= 10 or rng.random() < 0.1) and len(pool) > 1 else 1
    return rng.sample(pool, count)


def _statuses(ctx: Context, rng: random.Random, sessions: list[Session]) -> None:
    export = ctx.export
    for session in sessions:
        if session.end >= export:
            continue  # running or to come: open
        age = export - session.end
        if rng.random() < CANCELLED_SHARE:
            session.status = "ANNULEE"
            session.size = session.size if rng.random() < 0.5 else 0
            continue
        closing = 0.5 if age <= 7 else 0.85 if age <= 30 else 0.97 if age <= 90 else 1.0
        if ctx.clean or rng.random() < closing:
            session.status = "CLOTUREE"
            session.closed = session.end + min(age, int(rng.expovariate(1 / 8)) + 1)
            session.results = True
        else:
            session.results = rng.random() < 0.4
    old = [s for s in sessions if s.status == "CLOTUREE" and export - s.end > 90]
    forgotten = rng.sample(old, ctx.defect_count(0.025, len(old), floor=3))
    for session in forgotten:
        session.status, session.closed = "OUVERTE", None
        session.results = rng.random() < 0.4
    ctx.record("session_ouverte_ancienne", len(forgotten))
    count = ctx.defect_count(0.0004, len(sessions), floor=2)
    for session in forgotten[:count]:
        session.results = session.certified_while_open = True
    ctx.record("certificat_session_ouverte_sessions", min(count, len(forgotten)))


# -- trainees ----------------------------------------------------------------------------------


@dataclass
class Layout:
    """Which individu each enrolment names: indices ``0…old-1`` are individus known before the
    year (trainers among them), ``old…count-1`` those a session brought, in that order."""

    count: int
    old: int
    plan: array  # individu index per enrolment, in session order
    first_entity: array  # index in ``entities`` of the first session of each new individu
    enrolled_old: bytearray  # 1 for the old individus some enrolment names
    trainer_persons: list[int]
    ids: array = field(default_factory=lambda: array("q"))  # legacy id per individu index
    unknown_ids: list[int] = field(default_factory=list)  # ids no individu has (deleted)


def lay_out_persons(
    ctx: Context, sessions: list[Session], entities: list[Entity], trainers: int
) -> Layout:
    rng = ctx.rng("layout")
    total = sum(s.size for s in sessions)
    count = ctx.scaled(PERSONS)
    kinds = bytearray(rng.random() >= NEW_PERSON_SHARE for _ in range(total))
    new = total - sum(kinds)
    reserve = trainers + max(10, count // 20)
    if count - new < reserve:  # keep room for trainers and never-enrolled individus
        excess = reserve - (count - new)
        for position in range(total - 1, -1, -1):
            if excess <= 0:
                break
            if not kinds[position]:
                kinds[position], excess = 1, excess - 1
        new = total - sum(kinds)
    old = max(count - new, reserve)
    count = old + new
    trainer_persons = rng.sample(range(old), min(trainers, old))
    trainer_set = set(trainer_persons)
    entity_index = {id(e): n for n, e in enumerate(entities)}
    plan, first_entity, enrolled_old = array("q"), array("l"), bytearray(old)
    position, next_new = 0, old
    for session in sessions:
        picked: list[int] = []
        for _ in range(session.size):
            if not kinds[position]:
                person = next_new
                next_new += 1
                first_entity.append(entity_index[id(session.entity)])
            else:
                for _attempt in range(20):
                    if rng.random() < 0.5 and next_new > old:
                        person = rng.randrange(old, next_new)
                    else:
                        person = rng.randrange(old)
                        if person in trainer_set:
                            continue
                    if person not in picked:
                        break
                else:
                    person = next_new
                    next_new += 1
                    first_entity.append(entity_index[id(session.entity)])
                if person < old:
                    enrolled_old[person] = 1
            picked.append(person)
            plan.append(person)
            position += 1
    layout = Layout(max(count, next_new), old, plan, first_entity, enrolled_old, trainer_persons)
    legacy_id = 5_000_000 + rng.randrange(10_000)
    for _ in range(layout.count):
        while rng.random() < 0.01:  # deleted individus leave gaps
            legacy_id += 1
            layout.unknown_ids.append(legacy_id)
        legacy_id += 1
        layout.ids.append(legacy_id)
    return layout


def write_persons(
    ctx: Context,
    out: ExportFile,
    layout: Layout,
    people_trainers,
    mailboxes: Mailboxes,
    entities,
    numbers,
) -> None:
    """individus.csv, streaming: trainers' individus as their accounts say, the others drawn.
    Defects: trainees' duplicates, employers' shared addresses, invalid addresses, missing names,
    impossible birth dates, broken lines (see ``generator``)."""
    rng = ctx.rng("persons")
    names = Names(rng)
    count, old = layout.count, layout.old
    trainer_of = {t.person: t for t in people_trainers if t.duplicate_of is None}
    shared = _employer_addresses(ctx, rng, layout, entities, mailboxes)
    spare = [i for i in range(old) if not layout.enrolled_old[i] and i not in trainer_of]
    duplicate_of = {}
    for index in rng.sample(
        range(old + 1, count), ctx.defect_count(0.02, count - old - 1, floor=3)
    ):
        duplicate_of[index] = rng.randrange(index)
    sources: dict[int, tuple] = dict.fromkeys(duplicate_of.values())
    taken = set(duplicate_of) | set(sources) | set(shared) | set(trainer_of)
    plans = {
        "email_invalide_individu": ctx.defect_count(0.0015, count, floor=3),
        "nom_absent_individu": ctx.defect_count(0.002, count, floor=2),
        "date_impossible": ctx.defect_count(0.0001, count, floor=2),
    }
    wanted = sum(plans.values())
    free = [i for i in rng.sample(range(count), min(count, 2 * wanted + 10)) if i not in taken]
    defects: dict[int, str] = {}
    for defect, planned in plans.items():
        for index in free[:planned]:
            defects[index] = defect
        ctx.record(defect, len(free[:planned]))
        free = free[planned:]
    broken = set(rng.sample(spare, min(len(spare), ctx.defect_count(0.00002, count, floor=1))))
    ctx.record("ligne_cassee", len(broken))
    ctx.record("doublon_individu", len(duplicate_of))
    ctx.record("email_partage_individu", len(shared))
    export, ids, row, date_of = ctx.export, layout.ids, out.row, out.date
    for index in range(count):
        trainer = trainer_of.get(index)
        if trainer is not None:
            last, first, born, email = trainer.last, trainer.first, trainer.born, trainer.email
            female = trainer.female
        elif index in duplicate_of:
            last, first, female, born, email = _duplicate(rng, sources[duplicate_of[index]])
        else:
            last, first, female = names.person()
            born = export - int(rng.triangular(18, 64, 32) * 365.25)
            email = ""
            if rng.random() < PERSON_EMAIL_SHARE:
                email = mailboxes.personal(rng, last, first, born)
        if index in sources:
            sources[index] = (last, first, female, born, email)
        if index in shared:
            email = shared[index]
        last = last.upper() if rng.random() < UPPER_LAST_NAME_SHARE else last
        born_shown = date_of(born)
        defect = defects.get(index)
        if defect == "email_invalide_individu":
            email = invalid_email(rng, last, first)
        elif defect == "nom_absent_individu":
            last, first = ("", first) if rng.random() < 0.6 else (last, "")
        elif defect == "date_impossible":
            born_shown = impossible_date(rng, date.fromordinal(born).year)
        values = (str(ids[index]), numbers(index), last, first, born_shown, email)
        if index in broken:
            out.row_broken(list(values), rng.choice(("stray_separator", "unbalanced_quote")), rng)
        else:
            row(values)


def _duplicate(rng: random.Random, source: tuple) -> tuple:
    """An individu typed again: a slip in a name or in the birth date, the e-mail left out."""
    last, first, female, born, email = source
    draw = rng.random()
    if draw < 0.4:
        last = typo(rng, last)
    elif draw < 0.7:
        first = typo(rng, first)
    elif draw < 0.85 and date.fromordinal(born).day <= 12:
        day = date.fromordinal(born)
        born = date(day.year, day.day, day.month).toordinal()
    else:
        born += rng.choice((-1, 1, 30, -30))
    return last, first, female, born, email if rng.random() < 0.5 else ""


def _employer_addresses(ctx, rng, layout: Layout, entities, mailboxes: Mailboxes) -> dict[int, str]:
    """Several trainees of one company with its human resources' address (« rh@… »)."""
    wanted = ctx.defect_count(0.02, layout.count, floor=3)
    if not wanted or not len(layout.first_entity):
        return {}
    companies = sorted(
        {n for n in layout.first_entity if entities[n].kind == "ENT"} or set(layout.first_entity)
    )
    rng.shuffle(companies)
    chosen = set(companies[: max(2, wanted // 4)])
    members: dict[int, list[int]] = {}
    for offset, entity_index in enumerate(layout.first_entity):
        if entity_index in chosen:
            members.setdefault(entity_index, []).append(layout.old + offset)
    shared: dict[int, str] = {}
    for entity_index in companies:
        group = members.get(entity_index, [])
        if len(group) < 2:
            continue
        size = min(len(group), rng.randint(2, 30), wanted - len(shared))
        if size < 2:
            break
        domain = entities[entity_index].domain
        address = mailboxes.claim(
            rng.choice(("rh", "drh", "formation", "contact", "secretariat")), domain
        )
        for person in rng.sample(group, size):
            shared[person] = address
    return shared


# -- enrolments and certificates ---------------------------------------------------------------


class Codes:
    """Verification codes: 16 URL-safe characters, unique by construction (the certificate's
    rank and 40 random bits, mixed by a bijection of 96-bit numbers), unguessable from another."""

    MODULUS = 1 << 96

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._a = rng.getrandbits(96) | 1
        self._b = rng.getrandbits(96)

    def __call__(self, rank: int) -> str:
        mixed = (((rank << 40) | self._rng.getrandbits(40)) * self._a + self._b) % self.MODULUS
        return base64.urlsafe_b64encode(mixed.to_bytes(12, "big")).decode("ascii")


def write_training(ctx: Context, sessions_out: ExportFile, enrolments_out: ExportFile,
                   certificates_out: ExportFile, sessions: list[Session], layout: Layout) -> None:  # fmt: skip
    """sessions.csv, inscriptions.csv and certificats.csv in one pass over the sessions."""
    rng = ctx.rng("enrolments")
    export, ids = ctx.export, layout.ids
    total = len(layout.plan)
    unknown = {}
    if layout.unknown_ids:
        for position in rng.sample(range(total), ctx.defect_count(0.0002, total, floor=3)):
            unknown[position] = rng.choice(layout.unknown_ids)
    ctx.record("inscription_individu_inconnu", len(unknown))
    # Broken enrolment lines: the first without a certificate from each drawn position on.
    drawn = rng.sample(range(total * 9 // 10), ctx.defect_count(0.00002, total, floor=1))
    broken_due = [10**18, *sorted(drawn, reverse=True)]
    broken_every = 0 if ctx.clean else 50_000
    codes = Codes(rng)
    counters: dict[str, int] = {}
    write_session, write_enrolment = sessions_out.row, enrolments_out.row
    write_certificate, date_of = certificates_out.row, certificates_out.date
    enrolment_id = 9_100_000 + rng.randrange(1_000)
    certificate_id, certificates, position = 3_200_000 + rng.randrange(1_000), 0, 0
    certified_open = 0
    for session in sessions:
        write_session(
            (
                session.legacy_id,
                session.entity.legacy_id,
                session.programme,
                str(session.level),
                session.kind,
                sessions_out.date(session.start),
                sessions_out.date(session.end),
                session.address,
                session.town,
                "O" if session.inter else "N",
                str(session.capacity),
                session.status,
                sessions_out.date(session.closed),
                ",".join(t.legacy_id for t in session.trainers),
            )
        )
        certify = session.status == "CLOTUREE" or session.certified_while_open
        issued = session.closed if session.closed else min(export, session.end + rng.randint(1, 20))
        months = VALIDITY_MONTHS.get((session.programme, session.level))
        until = add_months(issued, months) if months else None
        prefix = f"{NUMBER_PREFIX[session.programme]}{date.fromordinal(issued).year % 100:02d}-"
        for _ in range(session.size):
            enrolment_id += 1
            person = layout.plan[position]
            person_id = unknown.get(position) or ids[person]
            result = ""
            if session.results:
                draw = rng.random()
                result = (
                    "ACQUIS"
                    if draw < PASSED
                    else "NON_ACQUIS"
                    if draw < PASSED + FAILED
                    else "ABSENT"
                )
            values = (str(enrolment_id), session.legacy_id, str(person_id), result)
            has_certificate = certify and result == "ACQUIS" and position not in unknown
            if position >= broken_due[-1] and not has_certificate:
                broken_due.pop()
                enrolments_out.row_broken(list(values), "stray_separator", rng)
                ctx.record("ligne_cassee")
            else:
                write_enrolment(values)
            position += 1
            if not has_certificate:
                continue
            certificate_id += 1
            certificates += 1
            if session.certified_while_open:
                certified_open += 1
            number = counters.get(prefix)
            if number is None:
                number = rng.randint(1_000, 40_000)
            counters[prefix] = number + 1
            revoked = rng.random() < REVOKED_SHARE
            certificate = (
                str(certificate_id),
                f"{prefix}{number:07d}",
                codes(certificates),
                str(person_id),
                session.legacy_id,
                date_of(issued),
                date_of(until),
                "O" if revoked else "N",
                rng.choice(REVOCATION_REASONS) if revoked else "",
            )
            if broken_every and certificates % broken_every == 7:
                certificates_out.row_broken(list(certificate), "unbalanced_quote", rng)
                ctx.record("ligne_cassee")
            else:
                write_certificate(certificate)
    ctx.record("certificat_session_ouverte", certified_open)
