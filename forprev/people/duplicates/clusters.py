"""Groups of records of one person: transitive closure of the pairs, guarded against chains.

Pairs above the threshold are joined strongest first (union-find). Transitivity alone chains
people: « Marie Martin 1980 » ~ « Marie Martin épouse Durand 1980 » ~ « Marie Durand 1980 »
can be fine, but twenty homonyms linked two by two by small differences are not one person.
Two guards:

- a group never grows past ``MAX_GROUP`` records (a person entered more than a handful of
  times is rare; a bigger group is a chain);
- inside a group of three or more, every pair is scored; two sub-groups are only joined when
  no pair across them is clearly two different people (``CANNOT_LINK``) and their pairs score
  ``threshold`` on average — the group is rebuilt that way (average linkage) when needed.
"""

from collections import defaultdict
from collections.abc import Callable

import numpy as np

MAX_GROUP = 8
# Below this score a pair is « clearly two people » (twins, a parent and a child…).
CANNOT_LINK = 0.02


class _UnionFind:
    def __init__(self):
        self.parent: dict[int, int] = {}
        self.size: dict[int, int] = {}

    def find(self, item: int) -> int:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            root = self.find(parent)
            self.parent[item] = root
            return root
        return item

    def union(self, a: int, b: int, max_size: int) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        size_a, size_b = self.size.get(root_a, 1), self.size.get(root_b, 1)
        if size_a + size_b > max_size:
            return False
        if size_a < size_b:
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.size[root_a] = size_a + size_b
        return True


def group_indices(
    a: np.ndarray,
    b: np.ndarray,
    scores: np.ndarray,
    threshold: float,
    score_pairs: Callable[[np.ndarray, np.ndarray], np.ndarray],
    *,
    max_size: int = MAX_GROUP,
) -> list[list[int]]:
    """Groups (lists of indices, two or more) from the pairs scoring ``threshold`` or more.

    ``score_pairs(a, b)`` scores any pairs of indices; it is called once, for the pairs inside
    the groups of three or more.
    """
    keep = scores >= threshold
    a, b, scores = a[keep], b[keep], scores[keep]
    order = np.argsort(-scores, kind="stable")
    forest = _UnionFind()
    for i in order:
        forest.union(int(a[i]), int(b[i]), max_size)
    members: dict[int, list[int]] = defaultdict(list)
    for item in list(forest.parent):
        members[forest.find(item)].append(item)
    groups = [sorted(m) for m in members.values() if len(m) >= 2]

    large = [g for g in groups if len(g) >= 3]
    if not large:
        return groups
    left, right = [], []
    for group in large:
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                left.append(x)
                right.append(y)
    inside = score_pairs(np.array(left, dtype=np.int64), np.array(right, dtype=np.int64))
    score_of = {(x, y): float(s) for x, y, s in zip(left, right, inside, strict=True)}
    result = [g for g in groups if len(g) == 2]
    for group in large:
        result.extend(_average_linkage(group, score_of, threshold))
    return result


def _average_linkage(group, score_of, threshold) -> list[list[int]]:
    """Rebuild a group by joining sub-groups while their pairs average ``threshold`` or more
    and none of them is a clear « two people »."""

    def score(x, y):
        return score_of[(x, y) if x < y else (y, x)]

    if all(score(x, y) >= threshold for i, x in enumerate(group) for y in group[i + 1 :]):
        return [group]
    parts = [[x] for x in group]
    while True:
        best, best_pair = -1.0, None
        for i, part in enumerate(parts):
            for j in range(i + 1, len(parts)):
                cross = [score(x, y) for x in part for y in parts[j]]
                if min(cross) < CANNOT_LINK:
                    continue
                average = sum(cross) / len(cross)
                if average >= threshold and average > best:
                    best, best_pair = average, (i, j)
        if best_pair is None:
            break
        i, j = best_pair
        parts[i] = sorted(parts[i] + parts[j])
        del parts[j]
    return [part for part in parts if len(part) >= 2]
