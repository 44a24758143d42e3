"""The duplicate-detection engine: the one entry point of the pages, the switch-over and the
``find_duplicates`` command.

    find_pairs(records, threshold)   → (id_a, id_b, score), id_a < id_b, sorted
    find_groups(records, threshold)  → [[id, id, …], …] people entered more than once
    compare(record_a, record_b)      → the score of two records
    compare_pairs([(a, b), …])       → the same for many pairs at once

A record is a tuple ``(id, last_name, first_name, birth_date, birth_place, email, postcode)``
(or an object with those attributes); any value but the id may be missing. Birth dates are
dates or text (ISO, JJ/MM/AAAA…). Steps: the records become integer columns
(``table.prepare``), blocking lists the candidate pairs (``keys.candidate_pairs``), each
candidate is scored (``scoring.score_pairs``) by chunks, and the pairs above the threshold
come out in id order; ``clusters`` turns them into groups.

The score is calibrated (a probability that both records are one person):
``THRESHOLD_CERTAIN`` and above, the pair can be merged after a glance; from
``THRESHOLD_REVIEW``, it deserves a review side by side. The command's default threshold is
``THRESHOLD_REVIEW``.
"""

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

import numpy as np

from .clusters import group_indices
from .keys import candidate_pairs
from .normalise import number
from .scoring import REFERENCE_SIZE, score_pairs
from .table import PeopleTable, Prepared, prepare

THRESHOLD_CERTAIN = 0.9
THRESHOLD_REVIEW = 0.5
DEFAULT_THRESHOLD = THRESHOLD_REVIEW
SCORING_CHUNK = 500_000

Progress = Callable[[str], None] | None


class DuplicateIdError(ValueError):
    """Two records carry the same id: pairs of them could not be told apart."""

    def __init__(self, identifier, count: int):
        super().__init__(f"L'identifiant « {identifier} » apparaît {count} fois.")
        self.identifier = identifier


def _say(progress: Progress, message: str) -> None:
    if progress:
        progress(message)


def _id_ranks(prepared: Prepared) -> np.ndarray:
    """The rank of each record's id: numeric order when every id is an integer (« 7 » before
    « 007 » before « 10 »), text order otherwise. Two records with one id are refused."""
    ids = prepared.ids
    texts = [str(i) for i in ids]
    values = None
    if prepared.numeric_ids:
        try:
            values = np.array([int(t) for t in texts], dtype=np.int64)
        except OverflowError:  # more than 18 digits: text order
            values = None
    if values is not None:
        order = np.argsort(values, kind="stable")
        if np.any(values[order][1:] == values[order][:-1]):
            order = np.array(sorted(range(len(texts)), key=lambda i: (values[i], texts[i])))
    else:
        order = np.array(sorted(range(len(texts)), key=texts.__getitem__), dtype=np.int64)
    order = order.astype(np.int64)
    if len(order) > 1:
        sorted_texts = np.array([texts[i] for i in order], dtype=object)
        same = np.flatnonzero(sorted_texts[1:] == sorted_texts[:-1])
        if len(same):
            repeated = sorted_texts[same[0]]
            raise DuplicateIdError(repeated, int((sorted_texts == repeated).sum()))
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(len(order), dtype=np.int64)
    return ranks


def scored_pairs(
    prepared: Prepared, threshold: float, progress: Progress = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices ``a``, ``b`` and scores of the pairs scoring ``threshold`` or more, in the
    order of the records' ids (``id[a] < id[b]``, sorted by ``id[a]`` then ``id[b]``)."""
    ranks = _id_ranks(prepared)
    started = time.perf_counter()
    a, b = candidate_pairs(prepared, progress)
    _say(progress, f"{number(len(a))} paires candidates ({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    kept_a, kept_b, kept_scores = [], [], []
    for start in range(0, len(a), SCORING_CHUNK):
        chunk_a, chunk_b = a[start : start + SCORING_CHUNK], b[start : start + SCORING_CHUNK]
        scores = score_pairs(prepared, chunk_a, chunk_b)
        keep = scores >= threshold
        kept_a.append(chunk_a[keep])
        kept_b.append(chunk_b[keep])
        kept_scores.append(scores[keep])
        done = min(start + SCORING_CHUNK, len(a))
        _say(progress, f"Comparaison : {number(done)} / {number(len(a))} paires")
    del a, b
    a = np.concatenate(kept_a) if kept_a else np.empty(0, dtype=np.int64)
    b = np.concatenate(kept_b) if kept_b else np.empty(0, dtype=np.int64)
    scores = np.concatenate(kept_scores) if kept_scores else np.empty(0, dtype=np.float32)
    _say(
        progress,
        f"{number(len(a))} paires au-dessus du seuil {threshold:g} "
        f"({time.perf_counter() - started:.1f} s)",
    )
    swap = ranks[a] > ranks[b]
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    order = np.lexsort((ranks[b], ranks[a]))
    return a[order], b[order], scores[order]


def prepare_records(records: Iterable, progress: Progress = None) -> Prepared:
    started = time.perf_counter()
    table = records if isinstance(records, PeopleTable) else PeopleTable.from_records(records)
    prepared = prepare(table)
    _say(
        progress,
        f"{number(prepared.n)} personnes préparées ({time.perf_counter() - started:.1f} s)",
    )
    return prepared


def find_pairs(
    records: Iterable, threshold: float = DEFAULT_THRESHOLD, *, progress: Progress = None
) -> Iterator[tuple[object, object, float]]:
    """``(id_a, id_b, score)`` for every pair of records scoring ``threshold`` or more, with
    ``id_a < id_b`` (as integers when every id is one), sorted."""
    prepared = prepare_records(records, progress)
    a, b, scores = scored_pairs(prepared, threshold, progress)
    ids = prepared.ids
    for x, y, score in zip(a.tolist(), b.tolist(), scores.tolist(), strict=True):
        yield ids[x], ids[y], score


def find_groups(
    records: Iterable, threshold: float = DEFAULT_THRESHOLD, *, progress: Progress = None
) -> list[list]:
    """Groups of ids (two or more) that are one person, each sorted, biggest first."""
    prepared = prepare_records(records, progress)
    a, b, scores = scored_pairs(prepared, threshold, progress)
    groups = group_indices(a, b, scores, threshold, lambda x, y: score_pairs(prepared, x, y))
    ranks = _id_ranks(prepared)
    ordered = [sorted(group, key=ranks.__getitem__) for group in groups]
    ordered.sort(key=lambda group: (-len(group), ranks[group[0]]))
    return [[prepared.ids[i] for i in group] for group in ordered]


# How often a value is met among a million people, when only two records are at hand.
_TYPICAL_COUNTS = {"last": 100, "first": 3_000, "postcode": 300, "place": 5_000}


def compare(record_a, record_b) -> float:
    """The score of two records taken alone (ids are not compared), as if among a million
    people where their names, postcode and place of birth have an ordinary frequency: the
    engine's scores depend on the set, ``find_pairs`` gives the score within a set."""
    return compare_pairs([(record_a, record_b)])[0]


def compare_pairs(pairs) -> list[float]:
    """``compare(a, b)`` for each pair ``(a, b)`` of ``pairs``, in one pass: the records are
    prepared together (each distinct value normalised once) and scored as arrays — a person
    typed in checked against the few dozen born on the same day costs one call."""
    records = [record for pair in pairs for record in pair]
    if not records:
        return []
    prepared = prepare(PeopleTable.from_records(records))
    typical = replace(
        prepared,
        n=REFERENCE_SIZE,
        last_count=np.full_like(prepared.last_count, _TYPICAL_COUNTS["last"]),
        first_count=np.full_like(prepared.first_count, _TYPICAL_COUNTS["first"]),
        postcode_count=np.full_like(prepared.postcode_count, _TYPICAL_COUNTS["postcode"]),
        place_count=np.full_like(prepared.place_count, _TYPICAL_COUNTS["place"]),
        # An address shared as within one pair alone, however often a record is repeated.
        email_count=np.minimum(prepared.email_count, 2),
        counts_known=False,
    )
    firsts = np.arange(0, len(records), 2, dtype=np.int64)
    scores = score_pairs(typical, firsts, firsts + 1)
    return [float(score) for score in scores]
