"""Pairwise comparison: how alike two records are, field by field, and a calibrated score.

Each field of a pair falls into a *level*. Names: same spelling, same without particles
(« de la Fontaine » / « Fontaine »), one keystroke apart (Damerau), same French sound, one
name of a compound (« Marie » / « Marie-Claire »), close (two slips, Jaro-Winkler ≥ 0.92),
similar (≥ 0.8), different, missing. Birth dates: same, day and month swapped, one digit
mistyped (or two adjacent digits swapped), same year, different, missing. E-mail, postcode,
place of birth: equal, near (same mailbox name at another provider, same département, an
abbreviated place), different, missing. The score is a logistic model over those levels and
a few frequencies — agreeing on « Martin » weighs less than agreeing on « Kerjean », an e-mail
address shared by a whole family less than a personal one, a near spelling of two frequent
first names (« Léo », « Léa ») less than a near spelling of a rare one (a typo) — and two
interactions: what a household shares (surname, e-mail, postcode) counts for little when the
first names or the birth dates differ (twins, parents and children).

    score = 1 / (1 + exp(-Σ weight × feature))

One feature is the size of the set, −ln(n / 10⁶): among n people, two records taken at random
are the same person with odds proportional to 1/n — less so for the pairs blocking brings
together, hence a fitted weight rather than 1. The weights (``WEIGHTS``) were fitted by
logistic regression on the candidate pairs of synthetic sets of 5,000 to 1,000,000 people
(``calibrate.fit_weights``; seeds the benchmark does not use), so the score reads as a
probability. Names are compared both ways round (a swapped first and last name) and the better
reading is kept; a married name (« Dupont épouse Martin ») is compared by each of its forms.

Everything is computed over whole arrays of pairs: string distances with rapidfuzz's
``cpdist`` on the *distinct* pairs of spellings only, the rest with numpy.
"""

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from .normalise import is_feminine_of

# Name levels, strongest first.
NAME_EXACT, NAME_CORE, NAME_EDIT1, NAME_PHONETIC, NAME_SUBSET, NAME_CLOSE = range(6)
NAME_SIMILAR, NAME_DIFFERENT, NAME_MISSING = 6, 7, 8
NAME_LEVELS = ("exact", "core", "edit1", "phonetic", "subset", "close", "similar", "different")
_NEAR_NAME = (NAME_EDIT1, NAME_PHONETIC, NAME_CLOSE, NAME_SIMILAR)
# Birth-date levels.
DATE_EXACT, DATE_SWAP, DATE_TYPO, DATE_YEAR, DATE_DIFFERENT, DATE_MISSING = range(6)
DATE_LEVELS = ("exact", "swap", "typo", "year", "different")
# E-mail, postcode and place levels.
EQUAL, NEAR, DIFFERENT, MISSING = range(4)
OTHER_LEVELS = ("equal", "near", "different")

FEATURES = (
    *(f"last_{level}" for level in NAME_LEVELS),
    *(f"first_{level}" for level in NAME_LEVELS),
    *(f"date_{level}" for level in DATE_LEVELS),
    *(f"email_{level}" for level in OTHER_LEVELS),
    *(f"postcode_{level}" for level in OTHER_LEVELS),
    *(f"place_{level}" for level in OTHER_LEVELS),
    "last_rarity",  # -ln(frequency) of an agreed last name
    "first_rarity",
    "postcode_rarity",
    "place_rarity",
    "email_sharers",  # ln(people sharing the e-mail address - 1)
    "last_near_frequent",  # ln(count of the rarer spelling) when the names are only near
    "first_near_frequent",
    "first_gendered",  # « louis » / « louise »
    "swapped",
    "both_names_different",
    # What a household shares (surname, e-mail, postcode) says little when the first names
    # or the birth dates differ: twins, parents and children share it all.
    "first_different_household",
    "date_different_household",
    "size",  # -ln(n / 10⁶): the prior odds of a pair fall as 1/n
    "intercept",
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
REFERENCE_SIZE = 1_000_000

# Fitted by ``calibrate.fit_weights`` (see its docstring); natural-log odds.
WEIGHTS = {
    "last_exact": -0.324,
    "last_core": -4.439,
    "last_edit1": 5.168,
    "last_phonetic": -0.168,
    "last_subset": 2.207,
    "last_close": 0.91,
    "last_similar": -0.396,
    "last_different": -2.957,
    "first_exact": 2.128,
    "first_core": -0.55,
    "first_edit1": 7.163,
    "first_phonetic": 0.509,
    "first_subset": 1.205,
    "first_close": 2.585,
    "first_similar": -4.041,
    "first_different": -8.999,
    "date_exact": 5.326,
    "date_swap": 2.717,
    "date_typo": 0.746,
    "date_year": -4.388,
    "date_different": -4.401,
    "email_equal": 6.498,
    "email_near": -0.75,
    "email_different": -0.825,
    "postcode_equal": 2.508,
    "postcode_near": 2.837,
    "postcode_different": -0.708,
    "place_equal": 1.037,
    "place_near": -0.103,
    "place_different": -1.959,
    "last_rarity": 0.707,
    "first_rarity": 0.769,
    "postcode_rarity": 0.302,
    "place_rarity": 0.758,
    "email_sharers": -3.388,
    "last_near_frequent": -0.878,
    "first_near_frequent": -2.156,
    "first_gendered": -6.591,
    "swapped": -1.849,
    "both_names_different": 1.736,
    "first_different_household": -2.13,
    "date_different_household": -1.221,
    "size": 0.584,
    "intercept": -13.533,
}


def _weights_vector(weights=None) -> np.ndarray:
    weights = WEIGHTS if weights is None else weights
    return np.array([weights.get(name, 0.0) for name in FEATURES], dtype=np.float64)


# ---------------------------------------------------------------------------------------------
# Field levels


def _distinct_pair_codes(x: np.ndarray, y: np.ndarray, size: int):
    lo = np.minimum(x, y).astype(np.int64)
    hi = np.maximum(x, y).astype(np.int64)
    unique, inverse = np.unique(lo * size + hi, return_inverse=True)
    return unique // size, unique % size, inverse


def name_levels(p, x: np.ndarray, y: np.ndarray, *, first_names: bool) -> np.ndarray:
    """The level of each pair of name forms (``-1``: missing)."""
    levels = np.full(len(x), NAME_MISSING, dtype=np.int8)
    present = np.flatnonzero((x >= 0) & (y >= 0))
    if not len(present):
        return levels
    xs, ys = x[present], y[present]
    same = p.form_joined[xs] == p.form_joined[ys]
    levels[present[same]] = NAME_EXACT
    present, xs, ys = present[~same], xs[~same], ys[~same]
    if not len(present):
        return levels
    ux, uy, inverse = _distinct_pair_codes(xs, ys, len(p.forms))
    levels[present] = _distinct_name_levels(p, ux, uy, first_names)[inverse]
    return levels


def _distinct_name_levels(p, ux, uy, first_names: bool) -> np.ndarray:
    strings = p.joined_strings
    sx = [strings[j] for j in p.form_joined[ux]]
    sy = [strings[j] for j in p.form_joined[uy]]
    distance = process.cpdist(sx, sy, scorer=OSA.distance, workers=-1)
    similarity = process.cpdist(sx, sy, scorer=JaroWinkler.normalized_similarity, workers=-1)
    shortest = np.minimum(p.form_length[ux], p.form_length[uy])
    levels = np.full(len(ux), NAME_DIFFERENT, dtype=np.int8)
    levels[(similarity >= 0.8) | ((distance <= 3) & (shortest >= 7))] = NAME_SIMILAR
    close = ((distance == 2) & (shortest >= 5)) | (similarity >= 0.92)
    levels[close] = NAME_CLOSE
    compound = np.flatnonzero((p.form_token_count[ux] > 1) | (p.form_token_count[uy] > 1))
    for i in compound:
        tx, ty = set(p.forms[ux[i]].tokens), set(p.forms[uy[i]].tokens)
        if tx <= ty or ty <= tx:
            levels[i] = min(levels[i], NAME_SUBSET)
    levels[p.form_phonetic[ux] == p.form_phonetic[uy]] = NAME_PHONETIC
    levels[(distance == 1) & (shortest >= 3)] = NAME_EDIT1
    levels[p.form_core[ux] == p.form_core[uy]] = NAME_CORE
    return levels


def gendered_pairs(p, x: np.ndarray, y: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Whether near first names are the masculine and feminine of one name (« louis »,
    « louise »): two people as often as a typo."""
    flags = np.zeros(len(x), dtype=bool)
    near = np.flatnonzero(np.isin(levels, _NEAR_NAME))
    if not len(near):
        return flags
    strings = p.joined_strings
    sx = p.form_joined[x[near]]
    sy = p.form_joined[y[near]]
    flags[near] = [is_feminine_of(strings[i], strings[j]) for i, j in zip(sx, sy, strict=True)]
    return flags


def date_levels(a_dates: np.ndarray, b_dates: np.ndarray) -> np.ndarray:
    """The level of each pair of ``yyyymmdd`` birth dates (0: missing)."""
    a = np.asarray(a_dates, dtype=np.int32)
    b = np.asarray(b_dates, dtype=np.int32)
    levels = np.full(len(a), DATE_DIFFERENT, dtype=np.int8)
    same_year = a // 10000 == b // 10000
    levels[same_year] = DATE_YEAR
    # A typo or a swap leaves the year or the day and month untouched.
    maybe = np.flatnonzero((same_year | (a % 10000 == b % 10000)) & (a != b))
    if len(maybe):
        x, y = a[maybe], b[maybe]
        powers = 10 ** np.arange(7, -1, -1, dtype=np.int32)
        digits_x = (x[:, None] // powers) % 10
        digits_y = (y[:, None] // powers) % 10
        differ = digits_x != digits_y
        changed = differ.sum(axis=1)
        typo = changed == 1
        two = np.flatnonzero(changed == 2)
        for i in range(7):
            typo[two] |= (
                differ[two, i]
                & differ[two, i + 1]
                & (digits_x[two, i] == digits_y[two, i + 1])
                & (digits_x[two, i + 1] == digits_y[two, i])
            )
        levels[maybe[typo]] = DATE_TYPO
        month_x, month_y = x // 100 % 100, y // 100 % 100
        day_x, day_y = x % 100, y % 100
        swap = (x // 10000 == y // 10000) & (day_x == month_y) & (month_x == day_y)
        levels[maybe[swap & (day_x != month_x)]] = DATE_SWAP
    levels[a == b] = DATE_EXACT
    levels[(a == 0) | (b == 0)] = DATE_MISSING
    return levels


def code_levels(a: np.ndarray, b: np.ndarray, near_a=None, near_b=None) -> np.ndarray:
    """Equal codes, equal ``near`` codes (the same département, the same e-mail name…),
    different, or missing (code 0)."""
    levels = np.full(len(a), DIFFERENT, dtype=np.int8)
    if near_a is not None:
        levels[(near_a == near_b) & (near_a > 0)] = NEAR
    levels[a == b] = EQUAL
    levels[(a == 0) | (b == 0)] = MISSING
    return levels


def place_levels(p, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Places of birth: equal, near (« saint etienne » / « st etienne loire », a typo),
    different, missing."""
    levels = code_levels(a, b)
    differ = np.flatnonzero(levels == DIFFERENT)
    if len(differ):
        ux, uy, inverse = _distinct_pair_codes(a[differ], b[differ], len(p.place_strings))
        sx = [p.place_strings[i] for i in ux]
        sy = [p.place_strings[i] for i in uy]
        similarity = process.cpdist(sx, sy, scorer=JaroWinkler.normalized_similarity, workers=-1)
        near = np.array(
            [s >= 0.92 or x.startswith(y + " ") or y.startswith(x + " ")
             for s, x, y in zip(similarity, sx, sy, strict=True)],
            dtype=bool,
        )  # fmt: skip
        levels[differ[near[inverse]]] = NEAR
    return levels


# ---------------------------------------------------------------------------------------------
# Features and score


def _rarity(counts: np.ndarray, n: int) -> np.ndarray:
    return -np.log(np.maximum(counts, 1) / max(n, 1))


def _name_features(p, features, prefix, levels, x, y, counts):
    for i, level in enumerate(NAME_LEVELS):
        features[:, _INDEX[f"{prefix}_{level}"]] = levels == i
    agreed = levels <= NAME_CORE
    spelled = p.form_joined[np.maximum(x, 0)]
    features[:, _INDEX[f"{prefix}_rarity"]] = np.where(agreed, _rarity(counts[spelled], p.n), 0)
    near = np.isin(levels, _NEAR_NAME) if p.counts_known else np.zeros(len(levels), dtype=bool)
    rarer = np.minimum(counts[spelled], counts[p.form_joined[np.maximum(y, 0)]])
    features[:, _INDEX[f"{prefix}_near_frequent"]] = np.where(near, np.log(np.maximum(rarer, 1)), 0)


def _best_last_levels(p, a, b):
    """Last names compared by every form (birth and married name) of each side."""
    x, y = p.last_form[a], p.last_form[b]
    levels = name_levels(p, x, y, first_names=False)
    best_x, best_y = x.copy(), y.copy()
    with_alt = np.flatnonzero((p.last_alt[a] >= 0) | (p.last_alt[b] >= 0))
    if len(with_alt):
        for xs, ys in (
            (p.last_alt[a], p.last_form[b]),
            (p.last_form[a], p.last_alt[b]),
            (p.last_alt[a], p.last_alt[b]),
        ):
            xa, ya = xs[with_alt], ys[with_alt]
            other = name_levels(p, xa, ya, first_names=False)
            better = other < levels[with_alt]
            rows = with_alt[better]
            levels[rows] = other[better]
            best_x[rows], best_y[rows] = xa[better], ya[better]
    return levels, best_x, best_y


def pair_features(p, a: np.ndarray, b: np.ndarray, *, swapped: bool = False) -> np.ndarray:
    """The feature matrix (float32, one row per pair, ``FEATURES`` columns)."""
    features = np.zeros((len(a), len(FEATURES)), dtype=np.float32)
    if swapped:
        last_x, last_y = p.last_form[a], p.first_form[b]
        last = name_levels(p, last_x, last_y, first_names=False)
        first_x, first_y = p.first_form[a], p.last_form[b]
        first = name_levels(p, first_x, first_y, first_names=False)
        features[:, _INDEX["swapped"]] = 1
    else:
        last, last_x, last_y = _best_last_levels(p, a, b)
        first_x, first_y = p.first_form[a], p.first_form[b]
        first = name_levels(p, first_x, first_y, first_names=True)
        features[:, _INDEX["first_gendered"]] = gendered_pairs(p, first_x, first_y, first)
    if swapped:  # a name read in the other column: how often it is written in either
        last_counts = first_counts = p.last_count + p.first_count
    else:
        last_counts, first_counts = p.last_count, p.first_count
    _name_features(p, features, "last", last, last_x, last_y, last_counts)
    _name_features(p, features, "first", first, first_x, first_y, first_counts)
    features[:, _INDEX["both_names_different"]] = (last == NAME_DIFFERENT) & (
        first == NAME_DIFFERENT
    )

    dates = date_levels(p.birth_date[a], p.birth_date[b])
    for i, level in enumerate(DATE_LEVELS):
        features[:, _INDEX[f"date_{level}"]] = dates == i
    columns = (
        ("email", code_levels(p.email[a], p.email[b], p.email_local[a], p.email_local[b])),
        ("postcode", code_levels(p.postcode[a], p.postcode[b], p.area[a], p.area[b])),
        ("place", place_levels(p, p.place[a], p.place[b])),
    )
    for prefix, levels in columns:
        for i, level in enumerate(OTHER_LEVELS):
            features[:, _INDEX[f"{prefix}_{level}"]] = levels == i
    emails = dict(columns)["email"] == EQUAL
    features[:, _INDEX["email_sharers"]] = np.where(
        emails, np.log(np.maximum(p.email_count[p.email[a]] - 1, 1)), 0
    )
    postcodes = dict(columns)["postcode"] == EQUAL
    features[:, _INDEX["postcode_rarity"]] = np.where(
        postcodes, _rarity(p.postcode_count[p.postcode[a]], p.n), 0
    )
    places = dict(columns)["place"] == EQUAL
    features[:, _INDEX["place_rarity"]] = np.where(
        places, _rarity(p.place_count[p.place[a]], p.n), 0
    )
    household = (
        (last <= NAME_CORE).astype(np.float32)
        + (dict(columns)["email"] == EQUAL)
        + (dict(columns)["postcode"] == EQUAL)
    )
    features[:, _INDEX["first_different_household"]] = np.where(
        first == NAME_DIFFERENT, household, 0
    )
    features[:, _INDEX["date_different_household"]] = np.where(
        (dates == DATE_YEAR) | (dates == DATE_DIFFERENT), household, 0
    )
    features[:, _INDEX["size"]] = size_feature(p.n)
    features[:, _INDEX["intercept"]] = 1
    return features


def _needs_swapped_reading(features: np.ndarray) -> np.ndarray:
    weak = ("different", "similar", "close", "subset")
    last_weak = features[:, [_INDEX[f"last_{lv}"] for lv in weak]].any(axis=1)
    first_weak = features[:, [_INDEX[f"first_{lv}"] for lv in weak]].any(axis=1)
    return last_weak | first_weak


def size_feature(n: int) -> float:
    return -float(np.log(max(n, 2) / REFERENCE_SIZE))


def score_pairs(p, a: np.ndarray, b: np.ndarray, weights=None) -> np.ndarray:
    """The calibrated score (float32 in [0, 1]) of each pair (``a[i]``, ``b[i]``)."""
    if not len(a):
        return np.empty(0, dtype=np.float32)
    vector = _weights_vector(weights)
    features = pair_features(p, a, b)
    vector = vector.astype(np.float32)
    logits = (features @ vector).astype(np.float64)
    reread = np.flatnonzero(_needs_swapped_reading(features))
    del features
    if len(reread):
        swapped = pair_features(p, a[reread], b[reread], swapped=True)
        logits[reread] = np.maximum(logits[reread], swapped @ vector)
    return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)


def best_features(p, a: np.ndarray, b: np.ndarray, weights=None) -> np.ndarray:
    """The features of the reading (direct or swapped) ``score_pairs`` keeps, for fitting."""
    vector = _weights_vector(weights)
    features = pair_features(p, a, b)
    reread = np.flatnonzero(_needs_swapped_reading(features))
    if len(reread):
        swapped = pair_features(p, a[reread], b[reread], swapped=True)
        better = swapped.astype(np.float64) @ vector > features[reread].astype(np.float64) @ vector
        features[reread[better]] = swapped[better]
    return features
