"""Duplicate trainer accounts of a Forprev 1 export, found by the duplicate-detection engine.

The seed: "2 profil formateur = la fusion doit se faire" — a trainer with two accounts gets one.
Pairs scored ``THRESHOLD_CERTAIN`` or more form groups merged at the migration (the conformity
check lists them so the trainer can say which account to keep); pairs between
``THRESHOLD_REVIEW`` and that, not already in one group, are to be confirmed by a person.
Trainee (actor) duplicates are left alone: an actor's certificate opens no account.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from forprev.people.duplicates.engine import (
    THRESHOLD_CERTAIN,
    THRESHOLD_REVIEW,
    find_groups,
    find_pairs,
)


@dataclass(frozen=True)
class TrainerRecord:
    id: str  # the export's id_formateur
    last_name: str | None
    first_name: str | None
    birth_date: object  # a date or None
    email: str | None
    birth_place: None = None
    postcode: None = None


@dataclass(frozen=True)
class TrainerDuplicates:
    # Each group in id order; ``kept[id]`` is the id of the account a merged one becomes.
    groups: list[list[str]]
    kept: dict[str, str]
    probable: list[tuple[str, str, float]]


def _as_engine_record(record: TrainerRecord) -> tuple:
    return (
        int(record.id),
        record.last_name or "",
        record.first_name or "",
        record.birth_date,
        None,
        record.email or "",
        None,
    )


def trainer_duplicates(
    records: Iterable[TrainerRecord], preference: Callable[[str], tuple] | None = None
) -> TrainerDuplicates:
    """Groups of certain duplicates and probable pairs. ``preference(id)`` orders a group's accounts
    (smallest first is kept); by default the smallest id, i.e. the oldest account."""
    engine_records = [_as_engine_record(r) for r in records if r.last_name and r.first_name]
    if len(engine_records) < 2:
        return TrainerDuplicates([], {}, [])
    groups = [
        sorted((str(i) for i in group), key=lambda i: (int(i),))
        for group in find_groups(engine_records, THRESHOLD_CERTAIN)
    ]
    key = preference or (lambda i: (int(i),))
    kept: dict[str, str] = {}
    for group in groups:
        keeper = min(group, key=key)
        for member in group:
            if member != keeper:
                kept[member] = keeper
    group_of = {member: n for n, group in enumerate(groups) for member in group}
    probable = [
        (str(a), str(b), score)
        for a, b, score in find_pairs(engine_records, THRESHOLD_REVIEW)
        if score < THRESHOLD_CERTAIN
        and not (str(a) in group_of and group_of.get(str(a)) == group_of.get(str(b)))
    ]
    groups.sort(key=lambda group: int(group[0]))
    return TrainerDuplicates(groups, kept, probable)
