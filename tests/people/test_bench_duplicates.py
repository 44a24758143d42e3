"""``manage.py generate_people_csv`` and ``manage.py bench_duplicates`` at a small size."""

import csv

import pytest
from django.core.management import CommandError, call_command

from forprev.people.duplicates import bench, synthetic


def test_generate_people_csv_writes_the_people_and_the_truth(tmp_path):
    people, truth = tmp_path / "people.csv", tmp_path / "truth.csv"
    call_command("generate_people_csv", "--size", "2000", "--seed", "9",
                 "--out", str(people), "--truth", str(truth))  # fmt: skip
    with open(people, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2000
    assert list(rows[0]) == ["id", "last_name", "first_name", "birth_date", "birth_place",
                             "email", "postcode"]  # fmt: skip
    pairs = synthetic.read_truth(truth)
    assert pairs == synthetic.generate(2000, seed=9).truth
    assert {match for _, _, match, _ in pairs} == {0, 1}


def test_generate_people_csv_refuses_a_size_below_one(tmp_path):
    with pytest.raises(CommandError, match="--size"):
        call_command("generate_people_csv", "--size", "0", "--out", str(tmp_path / "p.csv"))


def test_the_benchmark_prints_quality_time_and_memory(tmp_path):
    lines = []
    evaluation = bench.run_benchmark(size=3_000, seed=4, directory=tmp_path, out=lines.append)
    bench_lines = [line.split() for line in lines if line.startswith("BENCH ")]
    assert [parts[1] for parts in bench_lines] == [
        "duplicates_precision", "duplicates_recall", "duplicates_f1",
        "duplicates_seconds", "duplicates_peak_mb",
    ]  # fmt: skip
    assert [parts[3] for parts in bench_lines] == ["ratio", "ratio", "ratio", "s", "MB"]
    assert evaluation.precision >= 0.97 and evaluation.recall >= 0.97
    assert 0 < float(bench_lines[3][2]) < 60
    assert 10 < float(bench_lines[4][2]) < 2_000
    assert any("married_name" in line for line in lines)
    assert any("twins" in line for line in lines)
    # The set is cached: a second run does not generate it again.
    again = []
    bench.run_benchmark(size=3_000, seed=4, directory=tmp_path, out=again.append)
    assert not any("généré" in line for line in again)


def test_evaluation_counts_true_and_false_pairs(tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("id_a,id_b,score\n1,2,0.9\n5,3,0.8\n7,8,0.6\n", encoding="utf-8")
    truth = [(1, 2, 1, "typo_last_name"), (3, 5, 1, "moved"), (4, 6, 1, "moved"),
             (7, 8, 0, "twins")]  # fmt: skip
    evaluation = bench.evaluate(pairs, truth)
    assert (evaluation.precision, evaluation.recall) == (2 / 3, 2 / 3)
    assert evaluation.recall_by_kind == {"typo_last_name": (1, 1), "moved": (1, 2)}
    assert evaluation.false_positives_by_kind["twins"] == (1, 1)
    assert evaluation.false_positives_by_kind["other"] == (0, 0)
