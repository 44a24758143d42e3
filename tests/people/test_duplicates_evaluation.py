"""Quality on a synthetic French set of 20,000 people with injected duplicates and hard
negatives (the 1,000,000-people figures come from ``manage.py bench_duplicates``)."""

from forprev.people.duplicates import synthetic
from forprev.people.duplicates.engine import find_pairs


def test_precision_and_recall_reach_97_percent_on_20000_synthetic_people():
    generated = synthetic.generate(20_000, seed=2026)
    truth = generated.duplicate_pairs()
    found = {(a, b) for a, b, _ in find_pairs(generated.people)}
    true_positives = len(found & truth)
    precision = true_positives / len(found)
    recall = true_positives / len(truth)
    assert precision >= 0.97, precision
    assert recall >= 0.97, recall


def test_hard_negatives_are_rarely_taken_for_duplicates():
    generated = synthetic.generate(20_000, seed=2027)
    negatives = {(a, b) for a, b, match, _ in generated.truth if not match}
    found = {(a, b) for a, b, _ in find_pairs(generated.people)}
    assert len(found & negatives) <= 0.005 * len(found)
