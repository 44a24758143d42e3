"""Fitting the weights of the score (``scoring.WEIGHTS``) on synthetic sets.

    .venv/bin/python -c "from forprev.people.duplicates.calibrate import main; main()"

generates training sets of several sizes (seeds the benchmark does not use), lists their
candidate pairs the way the engine does, labels them with the injected truth and fits one
logistic regression (Newton's method, a light L2 penalty) over all of them — the ``size``
feature learns how the prior moves with the number of people. Each set weighs as much as the
biggest in the fit (its pairs are weighted by the size ratio). The reading of each pair
(direct or swapped names) depends on the weights, so the fit is repeated a few times from
rough starting weights. It prints the ``WEIGHTS`` to paste into ``scoring.py``.
"""

import numpy as np

from . import scoring, synthetic
from .keys import candidate_pairs
from .table import PeopleTable, prepare

TRAINING_SETS = ((1_000_000, 20_240_601), (200_000, 20_240_602), (50_000, 20_240_603),
                 (20_000, 20_240_604), (5_000, 20_240_605))  # fmt: skip

# Rough starting weights: enough for the direct/swapped reading to be chosen sensibly.
STARTING_WEIGHTS = {
    "last_exact": 4, "last_core": 4, "last_edit1": 3, "last_phonetic": 3, "last_subset": 2,
    "last_close": 1, "last_different": -4, "first_exact": 4, "first_core": 4, "first_edit1": 3,
    "first_phonetic": 3, "first_subset": 2, "first_close": 1, "first_different": -6,
    "date_exact": 8, "date_swap": 5, "date_typo": 4, "date_year": -2, "date_different": -8,
    "swapped": -1, "intercept": -8,
}  # fmt: skip


def fit_logistic(features, labels, sample_weights=None, *, l2=1.0, iterations=40):
    """Weights maximising the penalised, weighted log-likelihood of ``labels`` (0/1); the
    last column is the intercept (not penalised)."""
    x = features.astype(np.float64)
    y = labels.astype(np.float64)
    sample = np.ones(len(y)) if sample_weights is None else sample_weights.astype(np.float64)
    weights = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        logits = np.clip(x @ weights, -35, 35)
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        gradient = x.T @ (sample * (y - probabilities)) - penalty * weights
        curvature = (x * (sample * probabilities * (1 - probabilities))[:, None]).T @ x
        step = np.linalg.solve(curvature + np.diag(penalty), gradient)
        weights += step
        if np.abs(step).max() < 1e-6:
            break
    return weights


def labelled_pairs(size: int, seed: int):
    """The prepared people, candidate pairs and their labels of a synthetic set."""
    generated = synthetic.generate(size, seed)
    table = PeopleTable.from_records(generated.people)
    prepared = prepare(table)
    a, b = candidate_pairs(prepared)
    index = {person_id: i for i, person_id in enumerate(prepared.ids)}
    truth = np.fromiter(
        (index[x] * prepared.n + index[y] for x, y, match, _ in generated.truth if match),
        dtype=np.int64,
    )
    codes = np.minimum(a, b) * prepared.n + np.maximum(a, b)
    return prepared, a, b, np.isin(codes, truth)


def fit_weights(sets=TRAINING_SETS, rounds: int = 3, progress=print):
    data = []
    biggest = max(size for size, _ in sets)
    for size, seed in sets:
        data.append((*labelled_pairs(size, seed), biggest / size))
        progress(f"{size} people: {len(data[-1][1])} candidate pairs")
    weights = dict(STARTING_WEIGHTS)
    for round_ in range(rounds):
        features = np.concatenate(
            [scoring.best_features(p, a, b, weights) for p, a, b, _, _ in data]
        )
        labels = np.concatenate([labels for _, _, _, labels, _ in data])
        sample = np.concatenate([np.full(len(a), w) for _, a, _, _, w in data])
        fitted = fit_logistic(features, labels, sample)
        weights = {
            name: round(float(w), 3) for name, w in zip(scoring.FEATURES, fitted, strict=True)
        }
        progress(f"round {round_ + 1}: {weights}")
    return weights


def main():
    weights = fit_weights()
    print("WEIGHTS = {")
    for name, value in weights.items():
        print(f'    "{name}": {value},')
    print("}")
