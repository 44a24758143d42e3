"""The synthetic evaluation set: deterministic, French, skewed, with duplicates and look-alikes."""

import csv
from collections import Counter

from forprev.people.duplicates import synthetic


def test_same_seed_same_people_other_seed_other_people():
    first = synthetic.generate(1_000, seed=3)
    again = synthetic.generate(1_000, seed=3)
    other = synthetic.generate(1_000, seed=4)
    assert first.people == again.people and first.truth == again.truth
    assert first.people != other.people


def test_size_ids_and_about_five_percent_duplicates():
    generated = synthetic.generate(10_000, seed=3)
    assert [p.id for p in generated.people] == list(range(1, 10_001))
    duplicated_records = {b for a, b, match, kind in generated.truth if match} | {
        a for a, b, match, kind in generated.truth if match
    }
    pairs = generated.duplicate_pairs()
    assert 450 <= len(pairs) <= 650
    assert all(a < b for a, b in pairs)
    assert len(duplicated_records) > len(pairs)


def test_common_names_are_frequent():
    generated = synthetic.generate(20_000, seed=3)
    last_names = Counter(p.last_name.split(" ")[0] for p in generated.people)
    common = {name for name, _ in last_names.most_common(10)}
    assert {"Martin", "Bernard"} <= common
    assert last_names["Martin"] > 60
    assert len(last_names) > 3_000


def test_every_kind_of_duplicate_and_of_hard_negative_is_present():
    generated = synthetic.generate(50_000, seed=3)
    kinds = {kind for _, _, match, kind in generated.truth if match}
    negatives = {kind for _, _, match, kind in generated.truth if not match}
    assert set(synthetic.DUPLICATE_KINDS) <= kinds
    assert set(synthetic.NEGATIVE_KINDS) == negatives


def test_twins_share_birth_date_and_surname_but_not_first_name():
    generated = synthetic.generate(20_000, seed=3)
    by_id = {p.id: p for p in generated.people}
    twins = [(by_id[a], by_id[b]) for a, b, match, kind in generated.truth if kind == "twins"]
    assert twins
    for first, second in twins:
        assert first.birth_date == second.birth_date
        assert first.last_name == second.last_name
        assert first.first_name != second.first_name


def test_an_email_address_belongs_to_one_person_or_one_family():
    generated = synthetic.generate(20_000, seed=3)
    owners = Counter(p.email for p in generated.people if p.email)
    assert max(owners.values()) <= 12
    by_id = {p.id: p for p in generated.people}
    homonyms = [(a, b) for a, b, _, kind in generated.truth if kind == "homonyms_same_year"]
    assert homonyms
    for a, b in homonyms:
        assert not by_id[a].email or by_id[a].email != by_id[b].email


def test_csv_and_truth_files(tmp_path):
    generated = synthetic.generate(500, seed=3)
    synthetic.write_csv(generated.people, tmp_path / "people.csv", seed=3)
    synthetic.write_truth(generated.truth, tmp_path / "truth.csv")
    with open(tmp_path / "people.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(synthetic.CSV_HEADER)
    assert len(rows) == 500
    assert any("/" in row["birth_date"] for row in rows)
    assert any("-" in row["birth_date"] for row in rows)
    assert any(not row["email"] for row in rows)
    assert synthetic.read_truth(tmp_path / "truth.csv") == generated.truth


def test_iter_people_yields_records_ready_for_a_bulk_insert():
    people = list(synthetic.iter_people(200, seed=3))
    assert len(people) == 200
    assert all(p.last_name and p.first_name and p.birth_date for p in people)
