"""Groups: transitive, but never a chain of look-alikes nor a giant group."""

import numpy as np

from forprev.people.duplicates.clusters import CANNOT_LINK, MAX_GROUP, group_indices


def grouped(pairs, inside=None, threshold=0.5):
    """``pairs``: {(a, b): score} above or below the threshold; ``inside``: the scores of
    the other pairs, asked for by the guard (default: the pair's score or 0.9)."""
    inside = {**(inside or {}), **pairs}
    a = np.array([x for x, _ in pairs])
    b = np.array([y for _, y in pairs])
    scores = np.array(list(pairs.values()))
    asked = []

    def score_pairs(left, right):
        asked.extend(zip(left.tolist(), right.tolist(), strict=True))
        return np.array([inside.get((x, y), 0.9) for x, y in zip(left, right, strict=True)])

    return sorted(group_indices(a, b, scores, threshold, score_pairs)), asked


def test_pairs_sharing_a_record_make_one_group():
    groups, _ = grouped({(0, 1): 0.95, (1, 2): 0.9, (5, 6): 0.7})
    assert groups == [[0, 1, 2], [5, 6]]


def test_pairs_below_the_threshold_join_nothing():
    groups, _ = grouped({(0, 1): 0.95, (1, 2): 0.3})
    assert groups == [[0, 1]]


def test_a_group_of_two_is_not_scored_again():
    _, asked = grouped({(0, 1): 0.95, (3, 4): 0.8})
    assert asked == []


def test_every_pair_of_a_bigger_group_is_scored_once():
    _, asked = grouped({(0, 1): 0.95, (1, 2): 0.9, (2, 3): 0.9})
    assert sorted(asked) == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]


def test_a_chain_through_two_different_people_is_cut():
    # Marie Martin ~ Marie Martin-Durand ~ Marie Durand, but the ends are clearly two people.
    groups, _ = grouped({(0, 1): 0.95, (1, 2): 0.9}, inside={(0, 2): CANNOT_LINK / 2})
    assert groups == [[0, 1]]


def test_a_weakly_linked_end_joins_when_it_averages_above_the_threshold():
    groups, _ = grouped({(0, 1): 0.95, (1, 2): 0.9}, inside={(0, 2): 0.3})
    assert groups == [[0, 1, 2]]


def test_a_long_chain_of_look_alikes_never_makes_a_giant_group():
    chain = {(i, i + 1): 0.9 for i in range(40)}
    far_apart = {(i, j): 0.0 for i in range(41) for j in range(i + 2, 41)}
    groups, _ = grouped(chain, inside=far_apart)
    assert all(2 <= len(group) <= MAX_GROUP for group in groups)
    assert all(len(group) == 2 for group in groups)


def test_no_group_exceeds_the_maximum_size_even_when_all_agree():
    everyone = {(i, j): 0.99 for i in range(12) for j in range(i + 1, 12)}
    groups, _ = grouped(everyone)
    assert max(len(group) for group in groups) <= MAX_GROUP
