"""Blocking keys: a French phonetic key for names, and the candidate pairs that share a key.

Comparing every pair of a million people is 5·10¹¹ comparisons; blocking compares only the
people who share at least one *key* (the same phonetic surname and birth date, the same
e-mail…). Each pass of the engine builds one int64 key per (person, key) entry — a person may
have several entries, one per name form or token — and ``pairs_sharing_keys`` lists the pairs
of people sharing a key, all of them in ordinary blocks, and only near neighbours (a sliding
window over a second sort key) in the few huge blocks, so that a block of 20,000 « Martin »
never turns into 200 million pairs.
"""

import re

import numpy as np

from .normalise import number
from .scoring import DATE_MISSING, DATE_SWAP, DATE_TYPO, date_levels

# Silent endings: « Martins » → « martin », « Durand » → « duran », « Dupuis » → « dupui ».
_FINAL_AULT = re.compile(r"ault$")
_SILENT_S = re.compile(r"(?<=..)[sxz]$")
_SILENT_T = re.compile(r"(?<=..)[tdp]$")
_FINAL_ER = re.compile(r"(?<=..)er$")
_VOWEL = "aeiouy"
# Graphemes, longest first, each with its sound; lookaheads give the context.
_GRAPHEMES = [
    ("eaux", "o"), ("eau", "o"), ("sch", "C"), ("ch", "C"),
    ("sh", "C"), ("ph", "f"), ("th", "t"), ("gh", "g"), ("ck", "k"), ("cq", "k"), ("qu", "k"),
    ("bv", "v"), ("gu(?=[eiy])", "g"), ("ge(?=[aou])", "j"), ("g(?=[eiy])", "j"), ("gn", "ni"),
    ("c(?=[eiy])", "s"), ("ien(?![aeiouynm])", "iI"),
    ("ain(?![aeiouynm])", "I"), ("ein(?![aeiouynm])", "I"), ("aim(?![aeiouynm])", "I"),
    ("[iy][nm](?![aeiouynm])", "I"), ("u[nm](?![aeiouynm])", "I"),
    ("[ae][nm](?![aeiouynm])", "A"), ("o[nm](?![aeiouynm])", "O"),
    ("oeu", "E"), ("eu", "E"), ("ou", "U"), ("o[iy]", "W"), ("au", "o"),
    ("[ae][iy]", "e"), ("ey", "e"), ("c", "k"), ("q", "k"), ("x", "ks"), ("y", "i"), ("w", "v"),
    ("z", "s"), ("h", ""),
]  # fmt: skip
_GRAPHEME_PATTERN = re.compile("|".join(f"({pattern})" for pattern, _ in _GRAPHEMES))
_GRAPHEME_SOUNDS = [sound for _, sound in _GRAPHEMES]
_DOUBLES = re.compile(r"(.)\1+")


def _sound(match: re.Match) -> str:
    return _GRAPHEME_SOUNDS[match.lastindex - 1]


def phonetic(word: str) -> str:
    """A French phonetic key of a folded word (letters only, no spaces): the spellings that
    sound alike share it — « lefebvre », « lefevre »; « dupont », « dupond »; « gauthier »,
    « gautier »; « boucher », « bouchet »; « kevin », « kevyn »; « thomas », « tomas »."""
    if not word:
        return ""
    text = _FINAL_AULT.sub("o", word)
    text = _SILENT_S.sub("", text)
    text = _SILENT_T.sub("", text)
    text = _FINAL_ER.sub("e", text)
    text = _GRAPHEME_PATTERN.sub(_sound, text)
    text = _DOUBLES.sub(r"\1", text)
    if len(text) > 2 and text.endswith("e"):
        text = text[:-1]
    return text or word


# ---------------------------------------------------------------------------------------------
# Pairs of people sharing a key


def explode(codes: np.ndarray, indptr: np.ndarray, indices: np.ndarray):
    """For each person ``i`` with value code ``codes[i]``, one (person, key) entry per key of
    that value — the keys of value ``v`` being ``indices[indptr[v]:indptr[v + 1]]`` (CSR)."""
    lengths = (indptr[codes + 1] - indptr[codes]).astype(np.int64)
    people = np.repeat(np.arange(len(codes), dtype=np.int64), lengths)
    starts = np.repeat(indptr[codes].astype(np.int64) - np.cumsum(lengths) + lengths, lengths)
    return people, indices[starts + np.arange(len(people), dtype=np.int64)]


def pairs_sharing_keys(
    keys: np.ndarray,
    people: np.ndarray,
    *,
    max_block: int,
    window: int,
    secondary: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of distinct people having an equal key, as two int64 arrays (``a < b``).

    Blocks of at most ``max_block`` entries give all their pairs; larger blocks are sorted by
    ``secondary`` (a value per entry, e.g. the person's birth date or other name) and give
    each entry's ``window`` next neighbours only.
    """
    keys = np.asarray(keys, dtype=np.int64)
    people = np.asarray(people, dtype=np.int64)
    if len(keys) < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    order = np.argsort(keys)
    keys, people = keys[order], people[order]
    if secondary is not None:
        secondary = np.asarray(secondary)[order]
    # A person met twice in a block (two tokens with one key) gives pairs with themself,
    # dropped below, and pairs met twice, dropped by the caller.
    return _pairs_in_sorted_blocks(keys, people, secondary, max_block=max_block, window=window)


def _pairs_in_sorted_blocks(keys, people, secondary, *, max_block, window):
    boundaries = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate([[0], boundaries])
    sizes = np.diff(np.concatenate([starts, [len(keys)]]))
    lefts, rights = [], []

    small = (sizes >= 2) & (sizes <= max_block)
    if small.any():
        group_starts, group_sizes = starts[small], sizes[small]
        total = int(group_sizes.sum())
        first = np.repeat(group_starts, group_sizes)
        offset = np.arange(total, dtype=np.int64) - np.repeat(
            np.cumsum(group_sizes) - group_sizes, group_sizes
        )
        positions = first + offset
        partners = np.repeat(group_starts + group_sizes, group_sizes) - positions - 1
        left = np.repeat(positions, partners)
        steps = np.arange(len(left), dtype=np.int64) - np.repeat(
            np.cumsum(partners) - partners, partners
        )
        lefts.append(left)
        rights.append(left + 1 + steps)

    large = sizes > max_block
    if large.any():
        # Sliding window within each huge block, sorted by the secondary value (then person).
        block_of = np.repeat(np.arange(len(starts)), sizes)
        in_large = np.flatnonzero(np.repeat(large, sizes))
        order_by = (
            (people[in_large],) if secondary is None else (people[in_large], secondary[in_large])
        )
        inside = in_large[np.lexsort((*order_by, block_of[in_large]))]
        block_inside = block_of[inside]
        for step in range(1, window + 1):
            left = np.flatnonzero(block_inside[:-step] == block_inside[step:])
            lefts.append(inside[left])
            rights.append(inside[left + step])

    if not lefts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    left = np.concatenate(lefts)
    right = np.concatenate(rights)
    a, b = people[left], people[right]
    keep = a != b
    a, b = a[keep], b[keep]
    return np.minimum(a, b), np.maximum(a, b)


# ---------------------------------------------------------------------------------------------
# The blocking passes

# A block bigger than this gives only each entry's WINDOW next neighbours (sorted by a second
# key) instead of all its pairs.
MAX_BLOCK = 300
WINDOW = 30
_DATE_RANGE = 100_000_000  # yyyymmdd < 10⁸
_NEAR_DATES_ONLY = "near dates only"


def _name_token_entries(p):
    """(person, phonetic code) for every token, glued and core spelling of every name form."""
    people, tokens = [], []
    for column in (p.last_form, p.last_alt, p.first_form):
        present = np.flatnonzero(column >= 0)
        who, keys = explode(column[present], p.form_keys_indptr, p.form_keys)
        people.append(present[who])
        tokens.append(keys)
    return np.concatenate(people), np.concatenate(tokens)


def _name_pair_entries(p):
    """(person, key of the unordered pair of phonetic last and first names), for each way the
    last name (birth or married form, with or without particles) and the first name (whole or
    first of a compound) may be written."""
    phonetic_count = int(max(p.form_phonetic.max(initial=0), p.form_core_phonetic.max(initial=0),
                             p.form_first_token_phonetic.max(initial=0))) + 1  # fmt: skip
    has_first = p.first_form >= 0
    first_variants = []
    first_joined = np.where(has_first, p.form_phonetic[p.first_form], -1)
    first_variants.append(first_joined)
    first_token = np.where(has_first, p.form_first_token_phonetic[p.first_form], -1)
    first_variants.append(np.where(first_token != first_joined, first_token, -1))
    last_variants = []
    for column in (p.last_form, p.last_alt):
        has = column >= 0
        joined = np.where(has, p.form_phonetic[column], -1)
        core = np.where(has, p.form_core_phonetic[column], -1)
        last_variants.append(joined)
        last_variants.append(np.where(core != joined, core, -1))
    people, keys = [], []
    for last in last_variants:
        for first in first_variants:
            present = np.flatnonzero((last >= 0) & (first >= 0))
            lo = np.minimum(last[present], first[present]).astype(np.int64)
            hi = np.maximum(last[present], first[present]).astype(np.int64)
            people.append(present)
            keys.append(lo * phonetic_count + hi)
    return np.concatenate(people), np.concatenate(keys)


def candidate_pairs(p, progress=None) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of people worth scoring, as two int64 arrays (``a < b``), each pair once.

    Passes (a pair needs to share one key only):

    1. a phonetic name token (of either name, so swapped names meet) and the birth date: one
       name mistyped, changed by marriage, truncated, or names swapped;
    2. the phonetic last and first names, whatever the birth date: a birth date mistyped,
       day and month swapped, or missing;
    3. the e-mail address: both names changed;
    4. the phonetic last name, or first name, and the postcode: a birth date mistyped or
       missing together with a slip in a name;
    5. the birth date and the postcode; 6. the birth date and the place of birth.
    """
    n = p.n
    passes = []
    dob = p.birth_date.astype(np.int64)

    people, tokens = _name_token_entries(p)
    dated = dob[people] > 0
    people, tokens = people[dated], tokens[dated]
    passes.append(
        (
            "nom phonétique et date de naissance",
            tokens * _DATE_RANGE + dob[people],
            people,
            p.form_joined[np.maximum(p.first_form[people], 0)],
        )
    )
    people, keys = _name_pair_entries(p)
    born = dob[people]
    dated = born > 0
    passes.append(
        ("nom et prénom phonétiques, année de naissance",
         keys[dated] * 10_000 + born[dated] // 10_000, people[dated], born[dated])
    )  # fmt: skip
    passes.append(
        ("nom et prénom phonétiques, jour et mois de naissance",
         keys[dated] * 10_000 + born[dated] % 10_000, people[dated], born[dated])
    )  # fmt: skip
    undated_keys = np.unique(keys[~dated])
    if len(undated_keys):
        # People without a birth date meet everyone of the same names.
        with_undated = np.isin(keys, undated_keys)
        passes.append(
            ("nom et prénom phonétiques (date inconnue)",
             keys[with_undated], people[with_undated], born[with_undated])
        )  # fmt: skip
    has_email = np.flatnonzero(p.email > 0)
    last_sound = np.where(p.last_form >= 0, p.form_phonetic[np.maximum(p.last_form, 0)], -1)
    passes.append(("adresse électronique", p.email[has_email], has_email, last_sound[has_email]))
    postcode_range = int(p.postcode.max(initial=0)) + 1
    first_sound = np.where(p.first_form >= 0, p.form_phonetic[np.maximum(p.first_form, 0)], -1)
    for label, sound in (("nom phonétique et code postal", last_sound),
                         ("prénom phonétique et code postal", first_sound)):  # fmt: skip
        present = np.flatnonzero((sound >= 0) & (p.postcode > 0))
        passes.append(
            (
                label,
                sound[present].astype(np.int64) * postcode_range + p.postcode[present],
                present,
                dob[present],
                _NEAR_DATES_ONLY,
            )
        )
    for label, column in (("date de naissance et code postal", p.postcode),
                          ("date de naissance et lieu de naissance", p.place)):  # fmt: skip
        present = np.flatnonzero((dob > 0) & (column > 0))
        passes.append(
            (
                label,
                column[present].astype(np.int64) * _DATE_RANGE + dob[present],
                present,
                last_sound[present],
            )
        )

    found = []
    for label, keys, people, secondary, *options in passes:
        a, b = pairs_sharing_keys(
            keys, people, max_block=MAX_BLOCK, window=WINDOW, secondary=secondary
        )
        if label.endswith("(date inconnue)"):
            undated = (dob[a] == 0) | (dob[b] == 0)
            a, b = a[undated], b[undated]
        if _NEAR_DATES_ONLY in options:
            # Only what the other passes cannot see: a birth date mistyped or missing.
            near = np.isin(date_levels(dob[a], dob[b]), (DATE_SWAP, DATE_TYPO, DATE_MISSING))
            a, b = a[near], b[near]
        found.append(a * n + b)
        if progress:
            progress(f"Clé « {label} » : {number(len(a))} paires candidates")
    codes = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
    codes.sort()
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes
    return codes // n, codes % n
