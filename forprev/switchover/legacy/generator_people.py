"""People of a synthetic Forprev 1 export (``generator``): names, e-mail addresses and numéros
Forprev; trainers with their teams, certificates and duplicate accounts; the other accounts
(CEH, CEA, assistants) with their profiles; the damaged addresses and names of accounts."""

import random
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import accumulate

from forprev.accounts.synthetic import ascii_fold, mail_slug, random_provider
from forprev.people.duplicates.synthetic import build_vocabulary, typo
from forprev.referentials.data import PROGRAMMES

from .generator_base import Context, add_months
from .generator_entities import Entity

TRAINERS = 60_000
OTHER_USERS = 25_000  # CEH, CEA and assistants who are not trainers
TEAMLESS_SHARE = 0.08  # trainers in no entity's team
MEMBERSHIPS_PER_TRAINER = 1.3  # of the trainers in a team
TRAINER_CEH_SHARE = 0.2  # training organisations whose CEH is one of their trainers
SECOND_CEH_SHARE = 0.04
CHILD_CEH_SHARE = 0.5
SECOND_PROFILE_SHARE = 0.05
CERTIFICATE_VALID_MONTHS = 36
EXPIRED_TRAINER_SHARE = 0.15  # no refresher: the last certificate has expired
PREVIOUS_CERTIFICATE_SHARE = 0.3  # the certificate before the last one is a row too
EXTRA_PROGRAMME_SHARE = 0.1
LEVEL_3_SHARE = 0.015  # formateurs de formateurs
ACTIVE_SHARE = 0.95
VALIDATED_SHARE = 0.55  # validated « Mes informations » since the June campaign
RIGHTS = ("sessions", "cloture", "formateurs", "stagiaires", "certificats", "exports", "demandes")
ASSISTANT_RIGHTS = ("sessions", "stagiaires", "certificats")
SHARED_LOCALS = ("secretariat", "contact", "formation", "accueil", "administratif", "rh")
NUMBER_SPACE = 26**3 * 100_000  # numéros Forprev: 3 letters and 5 digits
# The (dispositif, level) pairs of the référentiel: trainer certificates exist at level 2 (3 for
# trainers' trainers) of the dispositifs that have them (not SMS-AP nor TMS-PROS).
LEVELS = {(code, level[0]) for code, _, _, levels in PROGRAMMES for level in levels}


@cache
def _vocabulary():
    return build_vocabulary()


class Names:
    """French names (the duplicate-detection vocabulary: frequent names and a long tail), drawn
    in batches from ``rng``."""

    def __init__(self, rng: random.Random):
        vocabulary = _vocabulary()
        self._rng = rng
        self._pools = {
            "last": (vocabulary.surnames, list(accumulate(vocabulary.surname_p.tolist()))),
            "female": (vocabulary.female, list(accumulate(vocabulary.female_p.tolist()))),
            "male": (vocabulary.male, list(accumulate(vocabulary.male_p.tolist()))),
        }
        self._pending: dict[str, list[str]] = {kind: [] for kind in self._pools}

    def draw(self, kind: str) -> str:
        pending = self._pending[kind]
        if not pending:
            values, cum_weights = self._pools[kind]
            pending.extend(self._rng.choices(values, cum_weights=cum_weights, k=20_000))
        return pending.pop()

    def person(self) -> tuple[str, str, bool]:
        female = self._rng.random() < 0.5
        return self.draw("last"), self.draw("female" if female else "male"), female


def slug(text: str) -> str:
    return "".join(char for char in mail_slug(text) if char.isascii() and char not in " '")


class Mailboxes:
    """Addresses unique across the export (a taken one gets a number)."""

    def __init__(self):
        self.taken: set[str] = set()

    def claim(self, local: str, domain: str) -> str:
        address, number = f"{local}@{domain}", 2
        while address in self.taken:
            address, number = f"{local}{number}@{domain}", number + 1
        self.taken.add(address)
        return address

    def personal(self, rng: random.Random, last: str, first: str, born: int | None) -> str:
        first, last = slug(first) or "x", slug(last) or "x"
        shape = rng.random()
        if shape < 0.5:
            local = f"{first}.{last}"
        elif shape < 0.65:
            local = f"{first[0]}{last}"
        elif shape < 0.8 and born:
            local = f"{first}.{last}{date.fromordinal(born).year % 100:02d}"
        elif shape < 0.9:
            local = f"{last}.{first}"
        else:
            local = f"{first}{last}{rng.randint(1, 999)}"
        return self.claim(local, random_provider(rng))

    def professional(self, rng: random.Random, last: str, first: str, domain: str) -> str:
        first, last = slug(first) or "x", slug(last) or "x"
        local = f"{first}.{last}" if rng.random() < 0.75 else f"{first[0]}.{last}"
        return self.claim(local, domain)


class Numbers:
    """Numéros Forprev (``ABC12345``) unique by construction: index ``i`` maps to
    ``(i * a + b) mod 26³·10⁵`` with ``a`` coprime to the modulus, spelled as letters and digits."""

    def __init__(self, rng: random.Random):
        while True:
            a = rng.randrange(10**8, NUMBER_SPACE)
            if a % 2 and a % 5 and a % 13:
                break
        self._a, self._b = a, rng.randrange(NUMBER_SPACE)

    def __call__(self, index: int) -> str:
        code = (index * self._a + self._b) % NUMBER_SPACE
        letters, digits = divmod(code, 100_000)
        first, rest = divmod(letters, 676)
        second, third = divmod(rest, 26)
        return f"{chr(65 + first)}{chr(65 + second)}{chr(65 + third)}{digits:05d}"


def invalid_email(rng: random.Random, last: str, first: str) -> str:
    """An address as badly typed as some in Forprev 1."""
    first, last = slug(first) or "jean", slug(last) or "dupont"
    return (
        rng.choice(
            (
                f"{first}.{last}@",
                "n/a",
                f"{first} {last}@orange.fr",
                f"{first}.{last}@gmail",
                f"{first}.{last}.orange.fr",
                f"{first}.{last}@@wanadoo.fr",
                "-",
                "aucune",
                f"{first}.{last}@gmail.com ",
                f"{first}.{last}@hotmail,fr",
            )
        ).strip()
        or "n/a"
    )


@dataclass(slots=True, eq=False)
class User:
    number: str
    last: str
    first: str
    email: str
    created: int
    active: bool = True
    validated: int | None = None
    legacy_id: str = ""
    defect: str = ""
    entities: list = field(default_factory=list)  # entities where the user has a profile


@dataclass(slots=True, eq=False)
class Trainer:
    person: int  # index of the trainer's individu (-1: none), set once persons are laid out
    last: str
    first: str
    female: bool
    born: int | None
    email: str
    user: User | None = None
    entities: list = field(default_factory=list)
    certificates: list = field(default_factory=list)  # (programme, level, obtained, until)
    duplicate_of: "Trainer | None" = None
    shares_person: bool = False  # a duplicate naming the same individu as its source
    birth_shown: str = ""  # an impossible date written instead of ``born``
    legacy_id: str = ""


@dataclass
class People:
    trainers: list[Trainer]
    users: list[User]
    profiles: list[tuple]  # (user, entity, profile, rights)
    mailboxes: Mailboxes


def build_people(ctx: Context, entities: list[Entity], numbers: Numbers) -> People:
    """Trainers, their accounts, teams and certificates; the other accounts and their profiles.
    Trainers get their individu (and their account its numéro) from ``place_trainers``."""
    rng = ctx.rng("people")
    names, mailboxes = Names(rng), Mailboxes()
    trainers = _trainers(ctx, rng, names, ctx.scaled(TRAINERS))
    _teams(ctx, rng, entities, trainers)
    _certificates(ctx, rng, trainers)
    for trainer in trainers:
        domain = trainer.entities[0].domain if trainer.entities and rng.random() < 0.3 else ""
        if domain:
            trainer.email = mailboxes.professional(rng, trainer.last, trainer.first, domain)
        else:
            trainer.email = mailboxes.personal(rng, trainer.last, trainer.first, trainer.born)
        obtained = min(c[2] for c in trainer.certificates)
        trainer.user = User(
            "",
            trainer.last.upper(),
            trainer.first,
            trainer.email,
            created=min(ctx.export, obtained + rng.randint(0, 60)),
        )
    next_number = [0]

    def new_number() -> str:
        next_number[0] += 1
        return numbers(10**8 + next_number[0])

    duplicates = _duplicate_trainers(ctx, rng, names, mailboxes, trainers, entities, new_number)
    users, profiles = _other_users(ctx, rng, names, mailboxes, entities, new_number)
    all_trainers = trainers + duplicates
    all_users = [t.user for t in all_trainers] + users
    for trainer in all_trainers:
        trainer.user.entities.extend(trainer.entities)
    for user, entity, _, _ in profiles:
        user.entities.append(entity)
    _account_defects(ctx, rng, all_users, mailboxes, entities)
    campaign = min(date(ctx.year, 6, 1).toordinal(), ctx.export)
    for user in all_users:
        user.active = rng.random() < ACTIVE_SHARE
        if ctx.clean or rng.random() < VALIDATED_SHARE:
            user.validated = rng.randint(min(max(campaign, user.created), ctx.export), ctx.export)
    _birth_defects(ctx, rng, all_trainers)
    _number_rows(rng, all_trainers, all_users)
    return People(all_trainers, all_users, profiles, mailboxes)


def place_trainers(rng: random.Random, people: People, persons: list[int], numbers) -> None:
    """Trainer ``i`` is individu ``persons[i]``; its account's numéro is the individu's."""
    originals = [t for t in people.trainers if t.duplicate_of is None]
    for trainer, person in zip(originals, persons, strict=True):
        trainer.person = person
        trainer.user.number = numbers(person)
    for trainer in people.trainers:
        if trainer.duplicate_of is not None:
            trainer.person = trainer.duplicate_of.person if trainer.shares_person else -1


def _trainers(ctx, rng, names: Names, count: int) -> list[Trainer]:
    trainers = []
    for _ in range(count):
        last, first, female = names.person()
        age = rng.triangular(24, 63, 43)
        trainers.append(Trainer(-1, last, first, female, ctx.export - int(age * 365.25), ""))
    return trainers


def _teams(ctx, rng, entities: list[Entity], trainers: list[Trainer]) -> None:
    """Most trainers in one entity's team, some in two or three; every entity that trains has
    at least one."""
    teams = [e for e in entities if e.state != "applicant" or rng.random() < 0.5]
    weights = []
    for entity in teams:
        base = 6.0 if entity.kind == "OF" else 1.0
        if entity.parent:
            base *= 0.5
        if entity.state == "former":
            base *= 0.4
        weights.append(base * rng.lognormvariate(0, 0.7))
    in_teams = trainers[: round(len(trainers) * (1 - TEAMLESS_SHARE))]
    slots = max(len(teams), round(len(in_teams) * MEMBERSHIPS_PER_TRAINER))
    counts = [1] * len(teams)
    for index in rng.choices(range(len(teams)), weights, k=slots - len(teams)):
        counts[index] += 1
    occurrences = list(in_teams)
    occurrences += rng.choices(in_teams, k=max(0, slots - len(in_teams)))
    rng.shuffle(occurrences)
    position = 0
    for entity, count in zip(teams, counts, strict=True):
        for _ in range(count):
            if position >= len(occurrences):
                break
            trainer = occurrences[position]
            position += 1
            if entity in trainer.entities:
                continue
            trainer.entities.append(entity)
            entity.team.append(trainer)


def _certificates(ctx, rng, trainers: list[Trainer]) -> None:
    """A certificate per dispositif the trainer teaches in a team (the one its entity has the
    fewest trainers for), sometimes the previous one too, another dispositif or level 3."""
    export = ctx.export
    taught: dict[tuple[int, str], int] = {}
    for trainer in trainers:
        programmes = []
        for entity in trainer.entities:
            offered = [p for p in entity.accredited_by.programmes if (p, 2) in LEVELS] or ["SST"]
            programme = min(
                offered, key=lambda p, e=entity: (taught.get((id(e), p), 0), offered.index(p))
            )
            taught[(id(entity), programme)] = taught.get((id(entity), programme), 0) + 1
            if programme not in programmes:
                programmes.append(programme)
        if not programmes or rng.random() < EXTRA_PROGRAMME_SHARE:
            extra = rng.choices(("SST", "PRAP-IBC", "PRAP-2S", "ASD", "CATEC"), (70, 15, 8, 5, 2))[
                0
            ]
            if extra not in programmes:
                programmes.append(extra)
        for programme in programmes:
            if rng.random() < EXPIRED_TRAINER_SHARE:
                obtained = export - rng.randint(CERTIFICATE_VALID_MONTHS * 31, 8 * 365)
            else:
                obtained = export - rng.randint(10, CERTIFICATE_VALID_MONTHS * 30)
            until = add_months(obtained, CERTIFICATE_VALID_MONTHS)
            if rng.random() < PREVIOUS_CERTIFICATE_SHARE:
                before = add_months(obtained, -CERTIFICATE_VALID_MONTHS) - rng.randint(0, 60)
                trainer.certificates.append(
                    (programme, 2, before, add_months(before, CERTIFICATE_VALID_MONTHS))
                )
            trainer.certificates.append((programme, 2, obtained, until))
        if rng.random() < LEVEL_3_SHARE and (programmes[0], 3) in LEVELS:
            obtained = min(c[2] for c in trainer.certificates) + rng.randint(365, 3 * 365)
            obtained = min(obtained, export - 30)
            trainer.certificates.append(
                (programmes[0], 3, obtained, add_months(obtained, CERTIFICATE_VALID_MONTHS))
            )
        trainer.certificates.sort(key=lambda c: c[2])


def _variant(rng: random.Random, names: Names, trainer: Trainer) -> tuple[str, str]:
    """The names of a trainer's second account: a typo, accents or hyphens lost, a married
    name, or the very same names."""
    last, first = trainer.last, trainer.first
    draw = rng.random()
    if draw < 0.3:
        return typo(rng, last), first
    if draw < 0.5:
        return last, typo(rng, first)
    if draw < 0.7:
        return ascii_fold(last).upper(), ascii_fold(first)
    if draw < 0.8 and ("-" in first or " " in last):
        return last.replace(" ", ""), first.replace("-", " ")
    if draw < 0.9 and trainer.female:
        return names.draw("last"), first
    return last, first


def _duplicate_trainers(
    ctx, rng, names, mailboxes, trainers, entities, new_number
) -> list[Trainer]:
    """About 3 % of trainers have a second account and a second trainer row (« doublon de
    formateur »): names typed again, sometimes another e-mail, often another entity's team."""
    teams = [e for e in entities if e.team]
    duplicates = []
    for source in rng.sample(trainers, ctx.defect_count(0.03, len(trainers), floor=3)):
        last, first = _variant(rng, names, source)
        born = source.born
        draw = rng.random()
        if draw < 0.05 and date.fromordinal(born).day <= 12:
            day = date.fromordinal(born)
            born = date(day.year, day.day, day.month).toordinal()
        elif draw < 0.1:
            born += rng.choice((-1, 1, 10, -10, 365, -365))
        elif draw < 0.15:
            born = None
        email = source.email
        if rng.random() < 0.4:
            email = mailboxes.personal(rng, last, first, born)
        duplicate = Trainer(
            -1,
            last,
            first,
            source.female,
            born,
            email,
            duplicate_of=source,
            shares_person=rng.random() < 0.5,
        )
        duplicate.user = User(
            new_number(),
            last.upper(),
            first,
            email,
            created=min(ctx.export, source.user.created + rng.randint(30, 1500)),
            defect="doublon_formateur",
        )
        others = [e for e in teams if e not in source.entities]
        if others and rng.random() < 0.6:
            entity = rng.choice(others)
            duplicate.entities.append(entity)
            entity.team.append(duplicate)
        if rng.random() < 0.7:
            programme, level, obtained, _ = source.certificates[-1]
            obtained = max(obtained - rng.randint(100, 900), born or 0)
            duplicate.certificates.append(
                (programme, level, obtained, add_months(obtained, CERTIFICATE_VALID_MONTHS))
            )
        duplicates.append(duplicate)
    ctx.record("doublon_formateur", len(duplicates))
    return duplicates


def _other_users(ctx, rng, names, mailboxes, entities, new_number) -> tuple[list[User], list]:
    """CEH of every entity (a trainer of the team for some training organisations, the same
    person for both rows of a SIRET change), then CEA and assistants up to ``OTHER_USERS``."""
    export = ctx.export
    users, profiles = [], []
    manager_of: dict[int, User] = {}

    def new_user(entity: Entity) -> User:
        last, first, _ = names.person()
        if rng.random() < 0.6:
            email = mailboxes.professional(rng, last, first, entity.domain)
        else:
            email = mailboxes.personal(rng, last, first, None)
        user = User(new_number(), last.upper(), first, email, rng.randint(entity.created, export))
        users.append(user)
        return user

    for entity in entities:
        if entity.parent and rng.random() >= CHILD_CEH_SHARE:
            continue
        if entity.predecessor is not None and id(entity.predecessor) in manager_of:
            manager = manager_of[id(entity.predecessor)]
        elif entity.kind == "OF" and entity.team and rng.random() < TRAINER_CEH_SHARE:
            manager = entity.team[0].user
        else:
            manager = new_user(entity)
        manager_of[id(entity)] = manager
        profiles.append((manager, entity, "CEH", ""))
        if rng.random() < SECOND_CEH_SHARE:
            profiles.append((new_user(entity), entity, "CEH", ""))
    wanted = ctx.scaled(OTHER_USERS, minimum=0)
    weights = [(2.0 if e.kind == "OF" else 1.0) * (0.5 if e.parent else 1.0) for e in entities]
    for entity in rng.choices(entities, weights, k=max(0, wanted - len(users))):
        user = new_user(entity)
        places = [entity]
        if rng.random() < SECOND_PROFILE_SHARE:
            other = rng.choice(entities)
            places += [other] if other is not entity else []
        for place in places:
            if rng.random() < 0.55:
                rights = [r for r in RIGHTS if rng.random() < 0.6] or ["sessions"]
                profiles.append((user, place, "CEA", ",".join(rights)))
            else:
                rights = [r for r in ASSISTANT_RIGHTS if rng.random() < 0.7] or ["sessions"]
                profiles.append((user, place, "ASSISTANT", ",".join(rights)))
    return users, profiles


def _account_defects(ctx, rng, users: list[User], mailboxes: Mailboxes, entities) -> None:
    """Shared addresses (a secretariat's for several accounts of one entity), invalid and
    missing addresses, missing names: each account carries one defect at most."""
    free = [u for u in users if not u.defect]
    rng.shuffle(free)
    wanted = ctx.defect_count(0.015, len(users), floor=3)
    shared = 0
    by_entity: dict[int, list[User]] = {}
    for user in free:
        if user.entities:
            by_entity.setdefault(id(user.entities[0]), []).append(user)
    groups = [group for group in by_entity.values() if len(group) >= 2]
    rng.shuffle(groups)
    for group in groups:
        if shared >= wanted:
            break
        members = group[: rng.randint(2, min(4, len(group)))]
        entity = members[0].entities[0]
        if rng.random() < 0.3:
            address = members[0].email  # the CEH's or a colleague's own address, lent
        else:
            address = mailboxes.claim(rng.choice(SHARED_LOCALS), entity.domain)
        for user in members:
            user.email, user.defect = address, "email_partage"
        shared += len(members)
    ctx.record("email_partage_compte", shared)
    free = [u for u in free if not u.defect]
    plans = (
        ("email_invalide_compte", 0.006, 2),
        ("email_absent_compte", 0.02, 2),
        ("nom_absent_compte", 0.003, 2),
    )
    position = 0
    for defect, rate, floor in plans:
        count = ctx.defect_count(rate, len(users), floor=floor)
        for user in free[position : position + count]:
            if defect == "email_invalide_compte":
                user.email = invalid_email(rng, user.last, user.first)
            elif defect == "email_absent_compte":
                user.email = ""
            elif rng.random() < 0.6:
                user.last = ""
            else:
                user.first = ""
            user.defect = defect
        ctx.record(defect, len(free[position : position + count]))
        position += count


def _birth_defects(ctx, rng, trainers: list[Trainer]) -> None:
    """Impossible birth dates on a few trainer rows (an optional column: the value is dropped)."""
    for trainer in rng.sample(trainers, ctx.defect_count(0.0002, len(trainers), floor=1)):
        year = date.fromordinal(trainer.born).year if trainer.born else 1980
        trainer.birth_shown = f"31/02/{year}"
        ctx.record("date_impossible")


def _number_rows(rng, trainers: list[Trainer], users: list[User]) -> None:
    """Ids in creation order, with the gaps deleted rows leave."""
    next_id = 88_000 + rng.randrange(500)
    for user in sorted(users, key=lambda u: u.created):
        next_id += 1 if rng.random() < 0.97 else rng.randint(2, 5)
        user.legacy_id = str(next_id)
    next_id = 7_000 + rng.randrange(100)
    for trainer in sorted(trainers, key=lambda t: t.user.created):
        next_id += 1 if rng.random() < 0.97 else rng.randint(2, 5)
        trainer.legacy_id = str(next_id)
