"""The engine finds each kind of duplicate and rejects each kind of look-alike, among a small
synthetic population (so that name frequencies are realistic)."""

import pytest

from forprev.people.duplicates import synthetic
from forprev.people.duplicates.engine import (
    DEFAULT_THRESHOLD,
    THRESHOLD_CERTAIN,
    THRESHOLD_REVIEW,
    DuplicateIdError,
    compare,
    find_groups,
    find_pairs,
)

FIELDS = ("id", "last_name", "first_name", "birth_date", "birth_place", "email", "postcode")
NATHALIE = (900001, "Bernard", "Nathalie", "1985-03-17", "Lyon", "nathalie.bernard@orange.fr", "69003")  # fmt: skip


@pytest.fixture(scope="module")
def population():
    return [
        tuple(getattr(person, field) for field in FIELDS)
        for person in synthetic.generate(2_000, seed=5).people
    ]


def score_among(population, first, second) -> float | None:
    """The score of ``first`` and ``second`` among the population (None: never compared)."""
    pairs = {(a, b): s for a, b, s in find_pairs([*population, first, second], threshold=0)}
    return pairs.get((first[0], second[0]))


def changed(record, **values):
    fields = dict(zip(FIELDS, record, strict=True))
    fields.update(values)
    return tuple(fields[f] for f in FIELDS)


def twin(record, **values):
    return changed(record, id=900002, **values)


DUPLICATES = {
    "typo in the last name": (NATHALIE, twin(NATHALIE, last_name="Bernrad")),
    "typo in the first name": (NATHALIE, twin(NATHALIE, first_name="Natahlie")),
    "letter dropped from the first name": (NATHALIE, twin(NATHALIE, first_name="Nathlie")),
    "accents and case": (
        changed(NATHALIE, last_name="Lefèvre", first_name="Hélène"),
        twin(NATHALIE, last_name="LEFEVRE", first_name="helene"),
    ),
    "ligatures": (
        changed(NATHALIE, last_name="Cœur", first_name="Lætitia"),
        twin(NATHALIE, last_name="COEUR", first_name="Laetitia"),
    ),
    "first and last names swapped": (
        NATHALIE,
        twin(NATHALIE, last_name="Nathalie", first_name="Bernard"),
    ),  # fmt: skip
    "day and month swapped": (
        changed(NATHALIE, birth_date="1985-03-07"),
        twin(NATHALIE, birth_date="03/07/1985"),
    ),
    "day mistyped": (NATHALIE, twin(NATHALIE, birth_date="1985-03-18")),
    "year mistyped": (NATHALIE, twin(NATHALIE, birth_date="17/03/1986")),
    "date in French form": (NATHALIE, twin(NATHALIE, birth_date="17/03/1985")),
    "e-mail missing": (NATHALIE, twin(NATHALIE, email="")),
    "married name instead of the birth name": (NATHALIE, twin(NATHALIE, last_name="Martin")),
    "« née »": (NATHALIE, twin(NATHALIE, last_name="MARTIN née BERNARD", email="")),
    "« épouse »": (NATHALIE, twin(NATHALIE, last_name="Bernard épouse Martin", postcode="")),
    "« ép. »": (NATHALIE, twin(NATHALIE, last_name="Bernard ép. Martin", email="")),
    "moved": (NATHALIE, twin(NATHALIE, postcode="13008", email="nath.b@gmail.com")),
    "compound first name shortened": (
        changed(NATHALIE, first_name="Marie-Claire"),
        twin(NATHALIE, first_name="Marie"),
    ),
    "compound last name shortened": (
        changed(NATHALIE, last_name="Dubois-Martin"),
        twin(NATHALIE, last_name="Dubois"),
    ),
    "hyphen or space in the first name": (
        changed(NATHALIE, first_name="Jean-Pierre"),
        twin(NATHALIE, first_name="Jean Pierre"),
    ),
    "space in the last name": (
        changed(NATHALIE, last_name="Le Gall"),
        twin(NATHALIE, last_name="LEGALL"),
    ),
    "particle dropped": (
        changed(NATHALIE, last_name="De La Fontaine"),
        twin(NATHALIE, last_name="Fontaine"),
    ),
    "place of birth abbreviated": (
        changed(NATHALIE, birth_place="Saint-Étienne"),
        twin(NATHALIE, birth_place="ST ETIENNE", email=""),
    ),
}

LOOK_ALIKES = {
    "twins": (NATHALIE, twin(NATHALIE, first_name="Chloé")),
    "parent sharing the e-mail and the address": (
        NATHALIE,
        twin(NATHALIE, first_name="Michel", birth_date="02/06/1958", birth_place="Oran"),
    ),
    "spouse sharing the e-mail": (
        NATHALIE,
        twin(
            NATHALIE,
            last_name="Petit",
            first_name="Olivier",
            birth_date="1983-11-20",
            birth_place="Paris",
        ),
    ),  # fmt: skip
    "homonym born the same year": (
        NATHALIE,
        twin(
            NATHALIE,
            birth_date="1985-10-02",
            birth_place="Lille",
            email="nbernard@free.fr",
            postcode="59000",
        ),
    ),  # fmt: skip
    "sister": (NATHALIE, twin(NATHALIE, first_name="Sophie", birth_date="1988-05-30")),
}


@pytest.mark.parametrize("kind", DUPLICATES)
def test_each_kind_of_duplicate_is_found(population, kind):
    first, second = DUPLICATES[kind]
    score = score_among(population, first, second)
    assert score is not None, "never compared: blocking missed it"
    assert score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("kind", LOOK_ALIKES)
def test_each_kind_of_look_alike_is_rejected(population, kind):
    first, second = LOOK_ALIKES[kind]
    score = score_among(population, first, second)
    assert score is None or score < THRESHOLD_REVIEW


def test_an_exact_copy_is_certain(population):
    assert score_among(population, NATHALIE, twin(NATHALIE)) >= THRESHOLD_CERTAIN


def test_scores_are_probabilities_ordered_by_evidence(population):
    copy = score_among(population, NATHALIE, twin(NATHALIE))
    typo = score_among(population, NATHALIE, twin(NATHALIE, first_name="Natahlie", email=""))
    sister = score_among(population, NATHALIE, LOOK_ALIKES["sister"][1])
    assert 0 <= (sister or 0) < typo <= copy <= 1


def test_pairs_come_in_id_order_numeric_when_ids_are_integers():
    records = [
        ("10", "Bernard", "Nathalie", "1985-03-17", "", "", ""),
        ("9", "BERNARD", "Nathalie", "17/03/1985", "", "", ""),
        ("100", "Bernard", "Nathalie", "1985-03-17", "", "", ""),
    ]
    assert [(a, b) for a, b, _ in find_pairs(records)] == [("9", "10"), ("9", "100"), ("10", "100")]


def test_pairs_come_in_text_order_when_ids_are_not_all_integers():
    records = [
        ("b9", "Bernard", "Nathalie", "1985-03-17", "", "", ""),
        ("b10", "Bernard", "Nathalie", "1985-03-17", "", "", ""),
    ]
    assert [(a, b) for a, b, _ in find_pairs(records)] == [("b10", "b9")]


def test_two_records_with_one_id_are_refused():
    records = [("7", "Bernard", "Nathalie", "1985-03-17", "", "", "")] * 2
    with pytest.raises(DuplicateIdError, match="« 7 » apparaît 2 fois"):
        list(find_pairs(records))


def test_missing_values_are_allowed():
    records = [
        (1, "Bernard", "Nathalie", None, None, None, None),
        (2, "Bernard", "Nathalie", "", "", "", ""),
        (3, "", "", "", "", "", ""),
        (4, None, "Nathalie", "1985-03-17", "", "", ""),
    ]
    assert [(a, b) for a, b, _ in find_pairs(records, threshold=0)] == [(1, 2)]


def test_no_records_no_pairs():
    assert list(find_pairs([])) == []
    assert find_groups([]) == []


def test_records_may_be_objects_with_the_field_names(population):
    generated = synthetic.generate(300, seed=2)
    found = {(a, b) for a, b, _ in find_pairs(generated.people)}
    assert found & generated.duplicate_pairs()


def test_groups_gather_the_records_of_one_person():
    records = [
        (1, "Bernard", "Nathalie", "1985-03-17", "Lyon", "n.bernard@orange.fr", "69003"),
        (2, "BERNARD", "Nathalie", "17/03/1985", "Lyon", "", "69003"),
        (3, "Bernard épouse Martin", "Nathalie", "1985-03-17", "Lyon", "", "69003"),
        (4, "Bernard", "Chloé", "1985-03-17", "Lyon", "n.bernard@orange.fr", "69003"),
        (5, "Dupont", "Paul", "1970-01-01", "Paris", "", "75011"),
        (6, "Dupont", "Paul", "1970-01-01", "Paris", "", "75011"),
    ]
    assert find_groups(records) == [[1, 2, 3], [5, 6]]


def test_compare_scores_two_records_alone():
    assert compare(NATHALIE, twin(NATHALIE, last_name="Bernrad")) >= THRESHOLD_CERTAIN
    assert compare(NATHALIE, twin(NATHALIE, first_name="Chloé")) < THRESHOLD_REVIEW


def test_equal_numbers_written_differently_are_two_ids_in_numeric_order():
    records = [
        ("10", "Bernard", "Nathalie", "1985-03-17", "", "", ""),
        ("007", "Bernard", "Nathalie", "1985-03-17", "", "", ""),
        ("7", "Bernard", "Nathalie", "1985-03-17", "", "", ""),
    ]
    assert [(a, b) for a, b, _ in find_pairs(records)] == [("007", "7"), ("007", "10"), ("7", "10")]
