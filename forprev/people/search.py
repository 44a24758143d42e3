"""Finding people (« Individus »): by numéro Forprev, or by name and birth date, within what the
user may see.

With a birth date the search is typo-tolerant: every person of that birth date (or of the date
with day and month swapped, a common slip) in the user's scope is a candidate — a few dozen
among a million people, through the birth-date index — and the names are compared with a
string similarity, accents, case, hyphens and particles aside, first and last names possibly
swapped. Without a birth date it is a prefix search on the folded name (index range scan).

Enrolling a trainee by hand (``enrolment_candidates``, ``close_people``) asks more: whether the
person typed in may be someone already known. The same birth-date start, then the duplicate
engine's own comparison (``duplicates.engine.compare_pairs``: typos, swapped names, accents,
hyphens, particles, married names, a day/month swap) scores each candidate; the scope is
applied last, on the few kept. A name must be close *and* the birth date equal (or swapped)
for a person to be shown: typing names at random reveals nobody.
"""

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from forprev.accounts.enums import StaffRole
from forprev.accounts.identifiers import is_valid_forprev_id

from .duplicates.engine import THRESHOLD_REVIEW, compare_pairs
from .models import Person, fold_name

# Enough to show a page of matches; more asks for a narrower search.
LIMIT = 50
# Candidates of one birth date read from the database at most (a million people give ~30).
CANDIDATE_CAP = 2000
# A name similarity (0–100) below this is not a match.
MIN_SCORE = 72


@dataclass(frozen=True)
class Match:
    person: Person
    score: int
    # Whether the duplicate engine finds the person close to the one typed in (may be them).
    is_close: bool = False


def _swapped(day: date) -> date | None:
    if day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(day=day.month, month=day.day)
    except ValueError:
        return None


def _sees_everyone(user) -> bool:
    return user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}


def _name_score(last: str, first: str, person: Person) -> int:
    """Similarity of the typed names with the person's (0–100), either order."""
    person_last, person_first = fold_name(person.last_name), fold_name(person.first_name)

    def pair(a_last, a_first):
        last_score = max(fuzz.ratio(last, a_last), fuzz.token_set_ratio(last, a_last))
        if not first:
            return last_score
        first_score = max(fuzz.ratio(first, a_first), fuzz.token_set_ratio(first, a_first))
        return 0.6 * last_score + 0.4 * first_score

    return round(max(pair(person_last, person_first), pair(person_first, person_last) - 5))


def search_people(
    user, *, last_name: str = "", first_name: str = "", birth_date=None, forprev_id: str = ""
) -> tuple[list[Match], bool]:
    """The matches best first, and whether there were more than ``LIMIT``."""
    people = Person.objects.visible_to(user).only(
        "public_id", "forprev_id", "last_name", "first_name", "birth_date"
    )
    if forprev_id:
        value = forprev_id.strip().upper()
        if not is_valid_forprev_id(value):
            return [], False
        # A numéro merged into another person still finds them (people.merging).
        return [Match(p, 100) for p in people.by_forprev_id(value)], False
    last, first = fold_name(last_name), fold_name(first_name)
    if birth_date is not None:
        # The birth-date index first (a few dozen people among millions), names compared here,
        # and only then the scope, on those few: the scope's joins never meet the whole table.
        matches = _birth_date_matches(last, first, birth_date)
        if matches and not _sees_everyone(user):
            visible = set(
                people.filter(pk__in=[m.person.pk for m in matches]).values_list("pk", flat=True)
            )
            matches = [m for m in matches if m.person.pk in visible]
        return matches[:LIMIT], len(matches) > LIMIT
    prefix = f"{last}|{first}" if first else last
    found = list(people.filter(name_key__startswith=prefix).order_by("name_key", "pk")[: LIMIT + 1])
    return [Match(p, 100) for p in found[:LIMIT]], len(found) > LIMIT


def _birth_date_matches(last: str, first: str, birth_date) -> list[Match]:
    """Everyone born on ``birth_date`` (or with day and month swapped, ten points less) whose
    names are close to the folded ``last``/``first``, best first."""
    days = [d for d in (birth_date, _swapped(birth_date)) if d is not None]
    candidates = Person.objects.filter(birth_date__in=days).only(
        "public_id", "forprev_id", "last_name", "first_name", "birth_date"
    )[:CANDIDATE_CAP]
    matches = [
        Match(person, score - (0 if person.birth_date == birth_date else 10))
        for person in candidates
        if (score := _name_score(last, first, person)) >= MIN_SCORE
    ]
    matches.sort(key=lambda m: (-m.score, m.person.last_name, m.person.first_name))
    return matches


def candidates_anywhere(*, last_name: str, first_name: str, birth_date) -> list[Match]:
    """For the caisse answering a « stagiaire introuvable »: the same typo-tolerant search over
    every person (numéro, names and birth date only are shown)."""
    return _birth_date_matches(fold_name(last_name), fold_name(first_name), birth_date)[:LIMIT]


# Enrolling a person by hand: who among the known people may be the one typed in.

_FIELDS = ("public_id", "forprev_id", "last_name", "first_name", "birth_date", "name_key")


def _born_on(birth_date) -> list[Person]:
    """Everyone born on ``birth_date`` or with day and month swapped (the birth-date index)."""
    days = [d for d in (birth_date, _swapped(birth_date)) if d is not None]
    return list(
        Person.objects.filter(birth_date__in=days).only(*_FIELDS).order_by("pk")[:CANDIDATE_CAP]
    )


def _engine_scores(last_name: str, first_name: str, birth_date, people) -> list[float]:
    """The duplicate engine's score of the person typed in against each of ``people``. With no
    first name typed (a search), each person's own is lent to the typed record: the last name
    and birth date alone are then compared."""
    pairs = [
        (
            (0, last_name, first_name or person.first_name, birth_date, None, "", None),
            (person.pk, person.last_name, person.first_name, person.birth_date, None, "", None),
        )
        for person in people
    ]
    return compare_pairs(pairs)


def _visible(user, matches: list[Match]) -> list[Match]:
    if not matches or _sees_everyone(user):
        return matches
    visible = set(
        Person.objects.visible_to(user)
        .filter(pk__in=[m.person.pk for m in matches])
        .values_list("pk", flat=True)
    )
    return [m for m in matches if m.person.pk in visible]


def _best_first(matches: list[Match]) -> list[Match]:
    return sorted(
        matches,
        key=lambda m: (
            not m.is_close,
            -m.score,
            m.person.last_name,
            m.person.first_name,
            m.person.pk,
        ),
    )


def close_people(user, *, last_name: str, first_name: str, birth_date) -> list[Match]:
    """The people ``user`` may see whom the duplicate engine finds close to the person typed in
    (score ``THRESHOLD_REVIEW`` or more, in percent), born on ``birth_date`` or with day and month
    swapped, best first. Two queries, whatever the number of people."""
    people = _born_on(birth_date)
    scores = _engine_scores(last_name, first_name, birth_date, people)
    matches = [
        Match(person, round(100 * score), is_close=True)
        for person, score in zip(people, scores, strict=True)
        if score >= THRESHOLD_REVIEW
    ]
    return _best_first(_visible(user, matches))


def enrolment_candidates(user, *, last_name: str, first_name: str, birth_date) -> list[Match]:
    """For the page enrolling a trainee by hand: the people ``user`` may see who are close to
    the person typed in (``close_people``, first name optional), and those born on
    ``birth_date`` whose folded names start as typed (« Le », « É » finds LEFÈVRE Éloïse), the
    close ones first. Two queries, whatever the number of people."""
    people = _born_on(birth_date)
    scores = _engine_scores(last_name, first_name, birth_date, people)
    last, first = fold_name(last_name), fold_name(first_name)
    matches = []
    for person, score in zip(people, scores, strict=True):
        starts = (
            person.birth_date == birth_date
            and person.name_key.startswith(last)
            and (not first or f"|{first}" in person.name_key)
        )
        if score >= THRESHOLD_REVIEW or starts:
            matches.append(Match(person, round(100 * score), is_close=score >= THRESHOLD_REVIEW))
    return _best_first(_visible(user, matches))
