"""Finding people (« Individus »): by numéro Forprev, or by name and birth date, within what the
user may see.

With a birth date the search is typo-tolerant: every person of that birth date (or of the date
with day and month swapped, a common slip) in the user's scope is a candidate — a few dozen
among a million people, through the birth-date index — and the names are compared with a
string similarity, accents, case, hyphens and particles aside, first and last names possibly
swapped. Without a birth date it is a prefix search on the folded name (index range scan).
"""

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from forprev.accounts.enums import StaffRole
from forprev.accounts.identifiers import is_valid_forprev_id

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
