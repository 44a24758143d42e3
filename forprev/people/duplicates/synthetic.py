"""A synthetic French population with injected duplicates and hard negatives, to measure the
duplicate-detection engine (``manage.py generate_people_csv``, ``manage.py bench_duplicates``).

Deterministic by seed. People live in households (singles, couples, families with grown-up
children, sometimes twins) sharing a surname, a postcode and often an e-mail address; married
women carry their husband's name, their birth name or « X épouse Y ». Surnames and first
names follow a skewed frequency (Martin, Bernard, Dubois, Marie, Jean… are frequent) over a
long tail derived from real names, because common names are what makes blocking hard.

About 5 % of the records are **duplicates** of another record, each of one main kind (see
``DUPLICATE_KINDS``) and sometimes a second, light change (e-mail dropped, accents dropped,
birth place abbreviated). Pairs that look alike but are two people — twins, relatives sharing a
surname, a postcode and an e-mail, homonyms born the same year — are listed as **hard
negatives** so that false positives can be counted by kind.

``generate(size, seed)`` returns the records and the truth; ``iter_people(size, seed)`` yields
records with a ``datetime.date`` birth date, ready for a bulk insert; ``write_csv`` and
``write_truth`` write the files of ``generate_people_csv``.
"""

import csv
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

import numpy as np

from forprev.core import csv_safe

from . import french_names

# Bumped whenever the same seed would give other people: cached files carry it in their name.
VERSION = 2
DUPLICATE_SHARE = 0.05
# Main kind of change of a duplicate record, with its weight.
DUPLICATE_KINDS = {
    "typo_last_name": 12,
    "typo_first_name": 12,
    "accents_and_case": 8,
    "swapped_names": 6,
    "day_month_swap": 6,
    "birth_date_typo": 8,
    "missing_email": 8,
    "married_name": 10,
    "moved": 8,
    "compound_first_name": 6,
    "compound_last_name": 3,
    "hyphen_space": 6,
    "particle": 3,
    "retyped": 8,
}
# Kinds of hard-negative pairs (two different people).
NEGATIVE_KINDS = (
    "twins",
    "relatives_shared_email",
    "relatives",
    "spouses_shared_email",
    "homonyms_same_year",
)
CSV_HEADER = ("id", "last_name", "first_name", "birth_date", "birth_place", "email", "postcode")
TRUTH_HEADER = ("id_a", "id_b", "match", "kind")

_YOUNGEST, _OLDEST = 2007, 1958  # birth years of people at work
_EMAIL_SHARE = 0.75
_TWIN_SHARE = 0.06  # of families with children
_HOMONYM_SHARE = 0.006  # of the records
_SECOND_DUPLICATE = 0.10  # of the duplicated people get two duplicates
_LIGHT_CHANGE = 0.25  # of the duplicates get a second, light change
_PLACE_MISSING, _POSTCODE_MISSING = 0.10, 0.03
_AZERTY_ROWS = ("azertyuiop", "qsdfghjklm", "wxcvbn")
# Postcodes of a département: the préfecture and a few towns hold most people.
_COMMUNE_CUM = list(accumulate(1 / (k + 3) for k in range(100)))


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    id: int
    last_name: str
    first_name: str
    birth_date: date
    birth_place: str
    email: str
    postcode: str
    female: bool = False
    birth_name: str = ""  # a married woman's birth name when she carries another one


@dataclass
class SyntheticSet:
    people: list[SyntheticPerson]
    # (id_a, id_b, match, kind): duplicates (match=1) and hard negatives (match=0), id_a < id_b.
    truth: list[tuple[int, int, int, str]]

    def duplicate_pairs(self) -> set[tuple[int, int]]:
        return {(a, b) for a, b, match, _ in self.truth if match}


# ---------------------------------------------------------------------------------------------
# Vocabularies (seed-independent)


@cache
def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _dedupe(names):
    seen, kept = set(), []
    for name in names:
        key = _strip_accents(name).lower()
        if key not in seen:
            seen.add(key)
            kept.append(name)
    return kept


_SUFFIXES = (
    "in",
    "ot",
    "et",
    "eau",
    "on",
    "at",
    "ard",
    "aud",
    "el",
    "ier",
    "ey",
    "oux",
    "as",
    "ès",
)
_ROOT_ENDINGS = ("e", "et", "ot", "in", "on", "ard", "aud", "eau", "ier", "el", "y", "s", "x")


def _stem(name: str) -> str:
    for ending in _ROOT_ENDINGS:
        if name.endswith(ending) and len(name) - len(ending) >= 3:
            return name[: -len(ending)]
    return name


def _zipf(count: int, offset: float, exponent: float = 1.0) -> np.ndarray:
    weights = 1.0 / (np.arange(count) + offset) ** exponent
    return weights / weights.sum()


@dataclass(frozen=True)
class Vocabulary:
    surnames: list[str]
    surname_p: np.ndarray
    female: list[str]
    female_p: np.ndarray
    male: list[str]
    male_p: np.ndarray
    places: list[str]
    places_p: np.ndarray
    departments: list[str]
    departments_p: np.ndarray


def _spelling_variants(name: str) -> list[str]:
    """Rarer spellings French parents chose: Mickaël → Mikaël, Jessica → Jessyca…"""
    variants = []
    for old, new in (("ph", "f"), ("i", "y"), ("y", "i"), ("ll", "l"), ("nn", "n"), ("ie", "y"),
                     ("c", "k"), ("ë", "e"), ("ï", "i"), ("th", "t"), ("an", "ane")):  # fmt: skip
        if old in name[1:]:
            variants.append(name[0] + name[1:].replace(old, new, 1))
    return variants


def build_vocabulary() -> Vocabulary:
    real = _dedupe(n.replace("_", " ") for n in french_names.SURNAMES)
    elsewhere = _dedupe(
        n.replace("_", " ")
        for n in french_names.SURNAMES_ELSEWHERE
        if n.replace("_", " ") not in real
    )
    known = {_strip_accents(n).lower() for n in real + elsewhere}
    tail: list[str] = []
    roots = [n for n in real if " " not in n and "-" not in n and len(n) >= 4]
    for root in roots:
        stem = _stem(root)
        for suffix in _SUFFIXES:
            tail.append(stem + suffix)
    for root in roots[:300]:
        tail.extend(
            (
                f"Le {root}",
                f"Du {root}",
                f"De {root}",
                f"{root}-{roots[len(root) * 7 % len(roots)]}",
            )
        )
    for first, second in zip(roots[::3], roots[1::3], strict=False):
        tail.append(f"{first}-{second}")
    tail = [n for n in _dedupe(tail) if _strip_accents(n).lower() not in known]
    # Names with a particle, a space or a hyphen (Le Gall, Da Silva, Dubois-Martin) apart, so
    # that they keep a realistic share.
    plain = [n for n in real + elsewhere + tail if " " not in n and "-" not in n]
    spaced = [n for n in real + elsewhere + tail if " " in n or "-" in n]
    plain_set = set(plain)
    plain_real = [n for n in real if n in plain_set]
    plain_elsewhere = [n for n in elsewhere if n in plain_set]
    plain_tail = [n for n in tail if n in plain_set]
    surnames = plain_real + plain_elsewhere + plain_tail + spaced
    surname_p = np.concatenate(
        [
            _zipf(len(plain_real), 12, 0.95) * 0.38,
            _zipf(len(plain_elsewhere), 20, 0.7) * 0.10,
            _zipf(len(plain_tail), 200, 0.5) * 0.45,
            _zipf(len(spaced), 30, 0.6) * 0.07,
        ]
    )

    def first_names(base: list[str]) -> tuple[list[str], np.ndarray]:
        base = _dedupe(base)
        singles = [n for n in base if "-" not in n]
        compounds = [n for n in base if "-" in n]
        variants = _dedupe(v for name in singles for v in _spelling_variants(name))
        base_keys = {_strip_accents(n).lower() for n in base}
        variants = [v for v in variants if _strip_accents(v).lower() not in base_keys]
        names = singles + compounds + variants
        p = np.concatenate(
            [
                _zipf(len(singles), 6, 1.0) * 0.77,
                _zipf(len(compounds), 4, 1.0) * 0.15,
                _zipf(len(variants), 50, 0.6) * 0.08,
            ]
        )
        return names, p

    female, female_p = first_names(french_names.FEMALE_FIRST_NAMES)
    male, male_p = first_names(french_names.MALE_FIRST_NAMES)
    places = [name for name, _ in french_names.BIRTH_PLACES]
    places_p = np.array([w for _, w in french_names.BIRTH_PLACES], dtype=float)
    departments = [code for code, _ in french_names.DEPARTMENTS]
    departments_p = np.array([w for _, w in french_names.DEPARTMENTS], dtype=float)
    return Vocabulary(
        surnames=surnames,
        surname_p=surname_p / surname_p.sum(),
        female=female,
        female_p=female_p / female_p.sum(),
        male=male,
        male_p=male_p / male_p.sum(),
        places=places,
        places_p=places_p / places_p.sum(),
        departments=departments,
        departments_p=departments_p / departments_p.sum(),
    )


# ---------------------------------------------------------------------------------------------
# Drawing


class _Draws:
    """Values drawn in bulk with numpy (fast), handed out one at a time."""

    def __init__(self, generator: np.random.Generator, values: list, p: np.ndarray, batch: int):
        self.generator, self.values, self.p, self.batch = generator, values, p, batch
        self._pending: list = []

    def __call__(self):
        if not self._pending:
            indices = self.generator.choice(len(self.values), size=self.batch, p=self.p)
            self._pending = [self.values[i] for i in indices[::-1]]
        return self._pending.pop()


@cache
def _tokens(name: str) -> frozenset[str]:
    return frozenset(_strip_accents(name).lower().replace("-", " ").split())


@cache
def _slug(text: str) -> str:
    return "".join(c for c in _strip_accents(text).lower() if c.isalnum() or c == "-").replace(
        "-", ""
    )


class _Population:
    def __init__(self, size: int, seed: int):
        self.rng = random.Random(seed)
        generator = np.random.default_rng(seed)
        vocabulary = build_vocabulary()
        self.vocabulary = vocabulary
        female_by_key = {_strip_accents(n).lower(): n for n in vocabulary.female}
        self._feminine_of = {}
        for male in vocabulary.male:
            key = _strip_accents(male).lower()
            for ending in ("e", key[-1:] + "e"):
                if key + ending in female_by_key:
                    self._feminine_of[male] = female_by_key[key + ending]
        batch = max(1000, min(size, 200_000))
        self.surname = _Draws(generator, vocabulary.surnames, vocabulary.surname_p, batch)
        self.female = _Draws(generator, vocabulary.female, vocabulary.female_p, batch)
        self.male = _Draws(generator, vocabulary.male, vocabulary.male_p, batch)
        self.place = _Draws(generator, vocabulary.places, vocabulary.places_p, batch)
        self.department = _Draws(generator, vocabulary.departments, vocabulary.departments_p, batch)
        providers = [name for name, _ in french_names.MAIL_PROVIDERS]
        self._providers = providers
        self._provider_cum = list(accumulate(w for _, w in french_names.MAIL_PROVIDERS))
        self.people: list[SyntheticPerson] = []
        self.emails: set[str] = set()
        self.negatives: list[tuple[int, int, str]] = []  # indices into people

    # -- attributes ---------------------------------------------------------------------------

    def postcode(self) -> str:
        department = self.department()
        rng = self.rng
        if department == "75":
            return f"750{rng.randint(1, 20):02d}"
        if len(department) == 3:
            return f"{department}{rng.choice((0, 10, 20, 30, 40, 50, 60, 70, 80, 90)):02d}"
        commune = rng.choices(range(100), cum_weights=_COMMUNE_CUM)[0]
        return f"{department}{commune * 10:03d}"

    def birth_date(self, year_from: int, year_to: int) -> date:
        year = self.rng.randint(max(year_from, _OLDEST), min(year_to, _YOUNGEST))
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))

    def email(self, first: str, last: str, born: date) -> str:
        rng = self.rng
        provider = rng.choices(self._providers, cum_weights=self._provider_cum)[0]
        first, last = _slug(first), _slug(last)
        if not first or not last:
            return ""
        shape = rng.random()
        if shape < 0.45:
            local = f"{first}.{last}"
        elif shape < 0.6:
            local = f"{first[0]}{last}"
        elif shape < 0.75:
            local = f"{first}.{last}{born.year % 100:02d}"
        elif shape < 0.85:
            local = f"{last}.{first}"
        else:
            local = f"{first}{last}{rng.randint(1, 999)}"
        return self.unique_email(local, provider)

    def unique_email(self, local: str, provider: str) -> str:
        """A mailbox belongs to one person (or one family): taken names get a number."""
        address = f"{local}@{provider}"
        while address in self.emails:
            address = f"{local}{self.rng.randint(1, 9999)}@{provider}"
        self.emails.add(address)
        return address

    def first_name(self, female: bool) -> str:
        return self.female() if female else self.male()

    def add(self, **fields) -> int:
        # Files often lack the place of birth, sometimes the postcode.
        if self.rng.random() < _PLACE_MISSING:
            fields["birth_place"] = ""
        if self.rng.random() < _POSTCODE_MISSING:
            fields["postcode"] = ""
        self.people.append(SyntheticPerson(id=0, **fields))
        return len(self.people) - 1

    # -- households ---------------------------------------------------------------------------

    def household(self) -> None:
        rng = self.rng
        surname, postcode = self.surname(), self.postcode()
        kind = rng.random()
        if kind < 0.45:  # a single person
            female = rng.random() < 0.5
            first = self.first_name(female)
            born = self.birth_date(_OLDEST, _YOUNGEST)
            email = self.email(first, surname, born) if rng.random() < _EMAIL_SHARE else ""
            self.add(last_name=surname, first_name=first, birth_date=born,
                     birth_place=self.place(), email=email, postcode=postcode, female=female)  # fmt: skip
            return
        # A couple, perhaps with grown-up children living at the same address.
        members: list[int] = []
        shared_email = ""
        family_place = self.place()
        husband_first = self.male()
        husband_born = self.birth_date(_OLDEST, 1985)
        if rng.random() < 0.35:
            if rng.random() < 0.5:
                shared_email = self.unique_email(
                    f"famille.{_slug(surname)}", rng.choice(self._providers)
                )
            else:
                shared_email = self.email(husband_first, surname, husband_born)

        def own_email(first, last, born):
            if shared_email and rng.random() < 0.7:
                return shared_email
            return self.email(first, last, born) if rng.random() < _EMAIL_SHARE else ""

        members.append(
            self.add(
                last_name=surname,
                first_name=husband_first,
                birth_date=husband_born,
                birth_place=self.place(),
                postcode=postcode,
                email=own_email(husband_first, surname, husband_born),
            )  # fmt: skip
        )
        wife_first = self.female()
        wife_born = husband_born + timedelta(days=rng.randint(-2500, 1500))
        if not date(_OLDEST, 1, 1) <= wife_born <= date(1985, 12, 31):
            wife_born = self.birth_date(_OLDEST, 1985)
        maiden = self.surname()
        while maiden == surname:
            maiden = self.surname()
        style = rng.random()
        if style < 0.65:
            wife_last, birth_name = surname, maiden
        elif style < 0.85:
            wife_last, birth_name = maiden, ""
        else:
            wife_last, birth_name = f"{maiden} épouse {surname}", ""
        members.append(
            self.add(
                last_name=wife_last,
                first_name=wife_first,
                birth_date=wife_born,
                birth_place=self.place(),
                postcode=postcode,
                female=True,
                birth_name=birth_name,
                email=own_email(wife_first, wife_last.split()[0], wife_born),
            )  # fmt: skip
        )
        if kind < 0.75:
            self._children(members, surname, postcode, family_place, wife_born, own_email)
        self._record_negatives(members)

    def _children(self, members, surname, postcode, family_place, mother_born, own_email):
        """One to three grown-up children, a year apart at least, with first names of their
        own; sometimes twins (never « Jean » and « Jean-Pierre »; boy and girl twins are
        sometimes given the masculine and feminine of one name: Louis and Louise)."""
        rng = self.rng
        taken = {_strip_accents(self.people[m].first_name).lower() for m in members}
        born = self.birth_date(min(mother_born.year + 20, _YOUNGEST), mother_born.year + 30)
        count = rng.choice((1, 1, 2, 2, 3))
        twins_at = rng.randrange(count) if rng.random() < _TWIN_SHARE else -1
        previous = None
        for child in range(count + (1 if twins_at >= 0 else 0)):
            female = rng.random() < 0.5
            twin = previous is not None and child == twins_at + 1
            if twin:
                first = self._twin_name(previous, female, taken)
            else:
                if previous is not None:
                    born = born + timedelta(days=rng.randint(330, 2500))
                if born.year > _YOUNGEST:
                    break
                first = self.first_name(female)
                while _tokens(first) & set().union(*(_tokens(t) for t in taken)):
                    first = self.first_name(female)
            taken.add(_strip_accents(first).lower())
            place = family_place if rng.random() < 0.6 else self.place()
            members.append(
                self.add(
                    last_name=surname,
                    first_name=first,
                    birth_date=born,
                    birth_place=place,
                    postcode=postcode,
                    female=female,
                    email=own_email(first, surname, born),
                )  # fmt: skip
            )
            previous = self.people[members[-1]]

    def _twin_name(self, sibling, female, taken):
        feminine = self._feminine_of.get(sibling.first_name)
        if female and not sibling.female and feminine and self.rng.random() < 0.3:
            return feminine
        while True:
            first = self.first_name(female)
            if not _tokens(first) & set().union(*(_tokens(t) for t in taken)):
                return first

    def _record_negatives(self, members: list[int]) -> None:
        people = self.people
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pa, pb = people[a], people[b]
                same_surname = pa.last_name == pb.last_name
                same_email = bool(pa.email) and pa.email == pb.email
                if same_surname and pa.birth_date == pb.birth_date:
                    kind = "twins"
                elif same_surname and same_email:
                    kind = "relatives_shared_email"
                elif same_surname:
                    kind = "relatives"
                elif same_email:
                    kind = "spouses_shared_email"
                else:
                    continue
                self.negatives.append((a, b, kind))

    def homonym(self) -> None:
        """Somebody with the common names of somebody else, born the same year elsewhere."""
        rng = self.rng
        common_last = set(self.vocabulary.surnames[:40])
        common_first = set(self.vocabulary.female[:40]) | set(self.vocabulary.male[:40])
        for _ in range(200):
            other_index = rng.randrange(len(self.people))
            other = self.people[other_index]
            if other.last_name in common_last and other.first_name in common_first:
                break
        else:
            return
        born = date(other.birth_date.year, 1, 1) + timedelta(days=rng.randrange(365))
        if born == other.birth_date:
            born += timedelta(days=rng.randint(20, 200)) if born.month < 6 else -timedelta(days=40)
        email = self.email(other.first_name, other.last_name, born) if rng.random() < 0.7 else ""
        index = self.add(last_name=other.last_name, first_name=other.first_name, birth_date=born,
                         birth_place=self.place(), email=email, postcode=self.postcode(),
                         female=other.female)  # fmt: skip
        self.negatives.append((other_index, index, "homonyms_same_year"))


# ---------------------------------------------------------------------------------------------
# Changes made by duplicates


def _neighbour_key(rng: random.Random, letter: str) -> str:
    for row in _AZERTY_ROWS:
        position = row.find(letter.lower())
        if position >= 0:
            options = [row[p] for p in (position - 1, position + 1) if 0 <= p < len(row)]
            return rng.choice(options)
    return rng.choice("aeiourstln")


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a letter inserted, dropped, replaced (often by a neighbouring key)
    or two letters swapped; never on the first letter, and never on a space or hyphen."""
    positions = [i for i, c in enumerate(text) if c.isalpha() and i > 0]
    if not positions:
        return text + "e"
    for _ in range(20):
        i = rng.choice(positions)
        operation = rng.random()
        if operation < 0.25:  # insert
            letter = _neighbour_key(rng, text[i]) if rng.random() < 0.5 else text[i]
            changed = text[:i] + letter + text[i:]
        elif operation < 0.5 and len(positions) > 3:  # delete
            changed = text[:i] + text[i + 1 :]
        elif operation < 0.8:  # substitute
            letter = _neighbour_key(rng, text[i]) if rng.random() < 0.7 else rng.choice("aeioursnt")
            letter = letter.upper() if text[i].isupper() else letter
            changed = text[:i] + letter + text[i + 1 :]
        else:  # transpose with the next letter
            if i + 1 >= len(text) or not text[i + 1].isalpha() or text[i] == text[i + 1]:
                continue
            changed = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if _strip_accents(changed).lower() != _strip_accents(text).lower():
            return changed
    return text + "e"


def _date_typo(rng: random.Random, born: date) -> date:
    """One digit of the date changed (or two adjacent digits of the day swapped)."""
    digits = born.strftime("%Y%m%d")
    for _ in range(50):
        position = rng.choice((2, 3, 3, 4, 5, 5, 6, 7, 7, 7))
        if rng.random() < 0.15 and position in (6,):
            candidate = digits[:6] + digits[7] + digits[6]
        else:
            candidate = digits[:position] + str(rng.randrange(10)) + digits[position + 1 :]
        try:
            changed = date(int(candidate[:4]), int(candidate[4:6]), int(candidate[6:]))
        except ValueError:
            continue
        if changed != born and _OLDEST - 5 <= changed.year <= _YOUNGEST + 2:
            return changed
    return born + timedelta(days=1)


def _place_variant(rng: random.Random, place: str, other: str) -> str:
    """The place of birth as another clerk typed it — or the town of the maternity ward."""
    if rng.random() < 0.2:
        return other
    if place.startswith("Saint-"):
        return place.replace("Saint-", rng.choice(("St-", "St ", "ST ")), 1)
    if place == "Paris":
        return f"Paris {rng.randint(1, 20)}e"
    if rng.random() < 0.5:
        return _strip_accents(place).upper()
    return ""


class _Duplicator:
    def __init__(self, population: _Population):
        self.population = population
        self.rng = population.rng

    def make(self, person: SyntheticPerson, kind: str) -> tuple[SyntheticPerson, str]:
        """A duplicate of ``person`` of ``kind`` (or of a fallback kind when ``kind`` does not
        apply to this person), with its actual kind."""
        rng = self.rng
        changed = getattr(self, f"_{kind}")(person)
        if changed is None:
            kind = rng.choice(("typo_last_name", "typo_first_name", "missing_email", "moved"))
            changed = getattr(self, f"_{kind}")(person) or self._typo_first_name(person)
        if rng.random() < _LIGHT_CHANGE:
            changed = self._light_change(changed)
        return changed, kind

    def _light_change(self, person):
        rng = self.rng
        change = rng.random()
        if change < 0.4 and person.email:
            return replace(person, email="")
        if change < 0.7:
            return replace(person, last_name=_strip_accents(person.last_name).upper(),
                           first_name=_strip_accents(person.first_name))  # fmt: skip
        return replace(
            person, birth_place=_place_variant(rng, person.birth_place, self.population.place())
        )

    def _typo_last_name(self, person):
        return replace(person, last_name=typo(self.rng, person.last_name))

    def _typo_first_name(self, person):
        return replace(person, first_name=typo(self.rng, person.first_name))

    def _accents_and_case(self, person):
        if (
            _strip_accents(person.last_name + person.first_name)
            == person.last_name + person.first_name
        ):
            return replace(person, last_name=person.last_name.upper(),
                           first_name=person.first_name.lower())  # fmt: skip
        return replace(person, last_name=_strip_accents(person.last_name).upper(),
                       first_name=_strip_accents(person.first_name))  # fmt: skip

    def _swapped_names(self, person):
        return replace(person, last_name=person.first_name, first_name=person.last_name)

    def _day_month_swap(self, person):
        born = person.birth_date
        if born.day > 12 or born.day == born.month:
            return None
        return replace(person, birth_date=date(born.year, born.day, born.month))

    def _birth_date_typo(self, person):
        return replace(person, birth_date=_date_typo(self.rng, person.birth_date))

    def _missing_email(self, person):
        if not person.email:
            return None
        return replace(person, email="")

    def _married_name(self, person):
        rng = self.rng
        if not person.female:
            return None
        birth_name = person.birth_name or person.last_name.split(" épouse ")[0]
        married = person.last_name if person.birth_name else self.population.surname()
        if " épouse " in person.last_name:
            married = person.last_name.split(" épouse ")[1]
        form = rng.random()
        if form < 0.4:  # the other name only
            last = birth_name if person.birth_name else married
            email = person.email
            if rng.random() < 0.5:
                email = self.population.email(person.first_name, last, person.birth_date)
            postcode = person.postcode if rng.random() < 0.7 else self.population.postcode()
            return replace(person, last_name=last, email=email, postcode=postcode)
        if form < 0.6:
            return replace(person, last_name=f"{married} née {birth_name}")
        if form < 0.8:
            return replace(person, last_name=f"{birth_name} épouse {married}")
        if form < 0.9:
            return replace(person, last_name=f"{birth_name} ép. {married}")
        return replace(person, last_name=f"{birth_name.upper()} EP {married.upper()}")

    def _moved(self, person):
        rng = self.rng
        email = person.email
        if rng.random() < 0.3:
            email = self.population.email(person.first_name, person.last_name, person.birth_date)
        return replace(person, postcode=self.population.postcode(), email=email)

    def _compound_first_name(self, person):
        parts = person.first_name.split("-")
        if len(parts) < 2:
            return None
        return replace(person, first_name=parts[0] if self.rng.random() < 0.8 else parts[1])

    def _compound_last_name(self, person):
        name = person.last_name
        if "-" in name and " épouse " not in name:
            return replace(person, last_name=name.split("-")[0])
        if person.birth_name:
            return replace(person, last_name=f"{person.last_name}-{person.birth_name}")
        return None

    def _hyphen_space(self, person):
        first, last = person.first_name, person.last_name
        if "-" in first:
            return replace(person, first_name=first.replace("-", self.rng.choice((" ", ""))))
        if "-" in last:
            return replace(person, last_name=last.replace("-", " "))
        if " " in last and " épouse " not in last:
            return replace(person, last_name=last.replace(" ", self.rng.choice(("", "-"))))
        return None

    def _retyped(self, person):
        """Typed again from a handwritten attendance sheet: two or three slips anywhere (two
        in one name sometimes), the e-mail or place of birth left out."""
        rng = self.rng
        for change in rng.sample(
            ("last", "first", "first", "date", "postcode", "place", "email"), rng.choice((2, 2, 3))
        ):
            if change == "last":
                person = replace(person, last_name=typo(rng, person.last_name))
            elif change == "first":
                person = replace(person, first_name=typo(rng, person.first_name))
            elif change == "date":
                person = replace(person, birth_date=_date_typo(rng, person.birth_date))
            elif change == "postcode" and person.postcode:
                digit = str((int(person.postcode[-1]) + rng.randint(1, 9)) % 10)
                person = replace(person, postcode=person.postcode[:-1] + digit)
            elif change == "place":
                person = replace(person, birth_place="")
            else:
                person = replace(person, email="")
        return person

    def _particle(self, person):
        words = person.last_name.split(" ")
        if len(words) > 1 and words[0].lower() in ("le", "de", "du", "la", "des", "da", "dos"):
            if self.rng.random() < 0.5:
                return replace(person, last_name=" ".join(words[1:]))
            return replace(person, last_name="".join(words))
        return None


# ---------------------------------------------------------------------------------------------
# The set


def generate(size: int, seed: int = 1) -> SyntheticSet:
    """``size`` people, about 5 % of them duplicates of another, ids 1…size in random order."""
    if size < 1:
        raise ValueError("size must be positive")
    population = _Population(size, seed)
    rng = population.rng
    duplicates_wanted = round(size * DUPLICATE_SHARE)
    originals_wanted = size - duplicates_wanted
    homonyms_wanted = round(size * _HOMONYM_SHARE)
    while len(population.people) < originals_wanted - homonyms_wanted:
        population.household()
    del population.people[originals_wanted - homonyms_wanted :]
    population.negatives = [
        n for n in population.negatives if n[1] < originals_wanted - homonyms_wanted
    ]
    attempts = 0
    while len(population.people) < originals_wanted and attempts < 10 * homonyms_wanted + 10:
        population.homonym()
        attempts += 1
    while len(population.people) < originals_wanted:
        population.household()
    del population.people[originals_wanted:]
    population.negatives = [n for n in population.negatives if n[1] < originals_wanted]
    originals = len(population.people)

    kinds = list(DUPLICATE_KINDS)
    kind_cum = list(accumulate(DUPLICATE_KINDS.values()))
    duplicator = _Duplicator(population)
    clusters: list[list[tuple[int, str]]] = []
    chosen = rng.sample(range(originals), min(originals, duplicates_wanted))
    made = 0
    for original in chosen:
        if made >= duplicates_wanted:
            break
        copies = 2 if rng.random() < _SECOND_DUPLICATE and made + 2 <= duplicates_wanted else 1
        cluster = [(original, "original")]
        for _ in range(copies):
            kind = rng.choices(kinds, cum_weights=kind_cum)[0]
            copy, kind = duplicator.make(population.people[original], kind)
            population.people.append(copy)
            cluster.append((len(population.people) - 1, kind))
            made += 1
        clusters.append(cluster)

    # Ids 1…N in a random order: a duplicate is not next to its original.
    people = population.people
    order = list(range(len(people)))
    rng.shuffle(order)
    new_id = [0] * len(people)
    for position, index in enumerate(order):
        new_id[index] = position + 1
    people_out = [
        SyntheticPerson(
            position + 1,
            p.last_name,
            p.first_name,
            p.birth_date,
            p.birth_place,
            p.email,
            p.postcode,
            p.female,
            p.birth_name,
        )  # fmt: skip
        for position, p in enumerate(people[index] for index in order)
    ]

    truth: list[tuple[int, int, int, str]] = []
    for cluster in clusters:
        for i, (a, kind_a) in enumerate(cluster):
            for b, kind_b in cluster[i + 1 :]:
                kind = kind_b if kind_a == "original" else "two_duplicates"
                id_a, id_b = sorted((new_id[a], new_id[b]))
                truth.append((id_a, id_b, 1, kind))
    for a, b, kind in population.negatives:
        id_a, id_b = sorted((new_id[a], new_id[b]))
        truth.append((id_a, id_b, 0, kind))
    truth.sort()
    return SyntheticSet(people=people_out, truth=truth)


def iter_people(size: int, seed: int = 1) -> Iterator[SyntheticPerson]:
    """The people of ``generate(size, seed)`` in id order, for a bulk insert."""
    yield from generate(size, seed).people


def write_csv(people, path, *, seed: int = 1) -> None:
    """``id,last_name,first_name,birth_date,birth_place,email,postcode``; birth dates mixed ISO
    and JJ/MM/AAAA as in files gathered from several sources; last names often in capitals."""
    rng = random.Random(seed + 7)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv_safe.raw_writer(handle)  # a dataset for programs
        writer.writerow(CSV_HEADER)
        for person in people:
            born = person.birth_date
            if rng.random() < 0.6:
                shown_date = born.isoformat()
            else:
                shown_date = f"{born.day:02d}/{born.month:02d}/{born.year}"
            last = person.last_name.upper() if rng.random() < 0.4 else person.last_name
            writer.writerow(
                (
                    person.id,
                    last,
                    person.first_name,
                    shown_date,
                    person.birth_place,
                    person.email,
                    person.postcode,
                )  # fmt: skip
            )


def write_truth(truth, path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv_safe.raw_writer(handle)  # a dataset for programs
        writer.writerow(TRUTH_HEADER)
        writer.writerows(truth)


def read_truth(path) -> list[tuple[int, int, int, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [(int(a), int(b), int(match), kind) for a, b, match, kind in reader]
