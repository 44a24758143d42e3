"""People as columns of integer codes: what the engine blocks and compares.

``PeopleTable`` collects records one by one and stores each distinct value of a column once
(a million rows hold a few hundred thousand distinct names, e-mails aside), so reading a big
file costs little memory. ``prepare`` then normalises each distinct value once and turns the
table into numpy arrays: name *forms* (``normalise.NameForm``) shared by the last- and
first-name columns (a swapped name is the same form in the other column), birth dates as
``yyyymmdd`` integers, e-mails, postcodes and places as codes, and the frequency of every
value, which weighs agreement (two « Martin » agree less than two « Kerjean »).
"""

from array import array
from dataclasses import dataclass

import numpy as np

from .keys import phonetic
from .normalise import (
    NameForm,
    first_name_form,
    last_name_forms,
    normalise_email,
    normalise_place,
    normalise_postcode,
    parse_birth_date,
    postcode_area,
)

VALUE_FIELDS = ("last_name", "first_name", "birth_date", "birth_place", "email", "postcode")
FIELDS = ("id", *VALUE_FIELDS)


class PeopleTable:
    """Records ``(id, last_name, first_name, birth_date, birth_place, email, postcode)``, each
    column stored as codes into the list of its distinct values (code 0: missing)."""

    def __init__(self):
        self.ids: list = []
        self._values = [{"": 0, None: 0} for _ in VALUE_FIELDS]
        self._codes = [array("i") for _ in VALUE_FIELDS]

    def __len__(self) -> int:
        return len(self.ids)

    def append(self, identifier, last_name, first_name, birth_date, birth_place, email, postcode):
        self.ids.append(identifier)
        for value, values, codes in zip(
            (last_name, first_name, birth_date, birth_place, email, postcode),
            self._values,
            self._codes,
            strict=True,
        ):
            code = values.get(value)
            if code is None:
                code = values[value] = len(values) - 1
            codes.append(code)

    @classmethod
    def from_records(cls, records) -> "PeopleTable":
        """From tuples in ``FIELDS`` order or objects with those attributes."""
        table = cls()
        append = table.append
        for record in records:
            if isinstance(record, tuple | list):
                append(*record)
            else:
                append(*(getattr(record, field, None) for field in FIELDS))
        return table

    def distinct_values(self, field: str) -> list:
        """The distinct values of ``field``, indexed by code (index 0: missing)."""
        values = self._values[VALUE_FIELDS.index(field)]
        ordered = [None] * (len(values) - 1)
        for value, code in values.items():
            if code:
                ordered[code] = value
        ordered[0] = ""
        return ordered

    def codes(self, field: str) -> np.ndarray:
        return np.frombuffer(self._codes[VALUE_FIELDS.index(field)], dtype=np.int32).copy()


def _factorise(strings) -> tuple[np.ndarray, list[str]]:
    """Codes of ``strings`` (equal strings, equal codes; "" → 0) and the distinct strings."""
    index: dict[str, int] = {"": 0}
    codes = np.empty(len(strings), dtype=np.int32)
    for position, text in enumerate(strings):
        code = index.get(text)
        if code is None:
            code = index[text] = len(index)
        codes[position] = code
    return codes, list(index)


@dataclass
class Prepared:
    """The arrays the engine works on; people are indexed 0…n-1 in input order."""

    n: int
    ids: list
    numeric_ids: bool
    # Name forms, per person (-1: missing): the last name's birth form, its other form (married
    # name) and the first name.
    last_form: np.ndarray
    last_alt: np.ndarray
    first_form: np.ndarray
    # Per form: glued spelling, spelling without particles, phonetic keys (codes), tokens.
    forms: list[NameForm]
    form_joined: np.ndarray
    form_core: np.ndarray
    form_phonetic: np.ndarray
    form_core_phonetic: np.ndarray
    form_first_token_phonetic: np.ndarray
    form_token_count: np.ndarray
    form_length: np.ndarray
    # Phonetic codes of every token, joined and core spelling of a form (CSR).
    form_keys_indptr: np.ndarray
    form_keys: np.ndarray
    joined_strings: list[str]
    # How many people carry a spelling (by ``form_joined`` code) as last and as first name.
    last_count: np.ndarray
    first_count: np.ndarray
    # Other columns, per person (0: missing).
    birth_date: np.ndarray  # yyyymmdd
    email: np.ndarray
    email_local: np.ndarray
    postcode: np.ndarray
    area: np.ndarray
    place: np.ndarray
    place_strings: list[str]
    email_count: np.ndarray
    postcode_count: np.ndarray
    place_count: np.ndarray
    # False when the counts are guesses (two records compared alone): a near spelling of two
    # frequent names then says nothing.
    counts_known: bool = True


class _Forms:
    def __init__(self):
        self.index: dict[NameForm, int] = {}
        self.forms: list[NameForm] = []

    def code(self, form: NameForm | None) -> int:
        if form is None:
            return -1
        code = self.index.get(form)
        if code is None:
            code = self.index[form] = len(self.forms)
            self.forms.append(form)
        return code


def _id_is_integer(value) -> bool:
    if isinstance(value, int):
        return True
    text = str(value).strip()
    return text.isdigit() or (text[:1] == "-" and text[1:].isdigit())


def prepare(table: PeopleTable) -> Prepared:
    n = len(table)
    forms = _Forms()

    raw_last = table.distinct_values("last_name")
    last_primary_of = np.full(len(raw_last), -1, dtype=np.int32)
    last_alt_of = np.full(len(raw_last), -1, dtype=np.int32)
    for code, value in enumerate(raw_last):
        found = last_name_forms(value) if code else ()
        if found:
            last_primary_of[code] = forms.code(found[0])
            if len(found) > 1:
                last_alt_of[code] = forms.code(found[1])
    raw_first = table.distinct_values("first_name")
    first_of = np.full(len(raw_first), -1, dtype=np.int32)
    for code, value in enumerate(raw_first):
        if code:
            first_of[code] = forms.code(first_name_form(value))

    last_codes = table.codes("last_name")
    first_codes = table.codes("first_name")
    last_form = last_primary_of[last_codes]
    last_alt = last_alt_of[last_codes]
    first_form = first_of[first_codes]

    all_forms = forms.forms
    form_joined, joined_strings = _factorise([f.joined for f in all_forms])
    form_core, _ = _factorise([f.core for f in all_forms])
    phonetic_index: dict[str, int] = {"": 0}
    phonetic_cache: dict[str, int] = {}

    def phonetic_code(word: str) -> int:
        code = phonetic_cache.get(word)
        if code is None:
            key = phonetic(word)
            code = phonetic_index.get(key)
            if code is None:
                code = phonetic_index[key] = len(phonetic_index)
            phonetic_cache[word] = code
        return code

    count = len(all_forms)
    form_phonetic = np.empty(count, dtype=np.int32)
    form_core_phonetic = np.empty(count, dtype=np.int32)
    form_first_token_phonetic = np.empty(count, dtype=np.int32)
    form_token_count = np.empty(count, dtype=np.int32)
    form_length = np.empty(count, dtype=np.int32)
    indptr = np.zeros(count + 1, dtype=np.int64)
    keys: list[int] = []
    for code, form in enumerate(all_forms):
        form_phonetic[code] = phonetic_code(form.joined)
        form_core_phonetic[code] = phonetic_code(form.core)
        form_first_token_phonetic[code] = phonetic_code(form.tokens[0])
        form_token_count[code] = len(form.tokens)
        form_length[code] = len(form.joined)
        own = {form_phonetic[code], form_core_phonetic[code]}
        own.update(phonetic_code(token) for token in form.tokens if len(token) > 1)
        keys.extend(sorted(int(k) for k in own))
        indptr[code + 1] = len(keys)

    spellings = len(joined_strings)
    last_count = np.zeros(spellings, dtype=np.int64)
    for column in (last_form, last_alt):
        present = column >= 0
        last_count += np.bincount(form_joined[column[present]], minlength=spellings)
    first_count = np.bincount(form_joined[first_form[first_form >= 0]], minlength=spellings).astype(
        np.int64
    )

    birth_date = np.array(
        [parse_birth_date(v) for v in table.distinct_values("birth_date")], dtype=np.int32
    )[table.codes("birth_date")]

    raw_email = [normalise_email(v) for v in table.distinct_values("email")]
    email_of, _ = _factorise(raw_email)
    local_of, _ = _factorise([e.partition("@")[0] for e in raw_email])
    email_codes = table.codes("email")
    email, email_local = email_of[email_codes], local_of[email_codes]

    raw_postcode = [normalise_postcode(v) for v in table.distinct_values("postcode")]
    postcode_of, _ = _factorise(raw_postcode)
    area_of, _ = _factorise([postcode_area(p) for p in raw_postcode])
    postcode_codes = table.codes("postcode")
    postcode, area = postcode_of[postcode_codes], area_of[postcode_codes]

    place_of, place_strings = _factorise(
        [normalise_place(v) for v in table.distinct_values("birth_place")]
    )
    place = place_of[table.codes("birth_place")]

    ids = table.ids
    numeric_ids = bool(ids) and all(_id_is_integer(i) for i in ids)

    return Prepared(
        n=n,
        ids=ids,
        numeric_ids=numeric_ids,
        last_form=last_form,
        last_alt=last_alt,
        first_form=first_form,
        forms=all_forms,
        form_joined=form_joined,
        form_core=form_core,
        form_phonetic=form_phonetic,
        form_core_phonetic=form_core_phonetic,
        form_first_token_phonetic=form_first_token_phonetic,
        form_token_count=form_token_count,
        form_length=form_length,
        form_keys_indptr=indptr,
        form_keys=np.array(keys, dtype=np.int64),
        joined_strings=joined_strings,
        last_count=last_count,
        first_count=first_count,
        birth_date=birth_date,
        email=email,
        email_local=email_local,
        postcode=postcode,
        area=area,
        place=place,
        place_strings=place_strings,
        email_count=np.bincount(email, minlength=int(email.max(initial=0)) + 1),
        postcode_count=np.bincount(postcode, minlength=int(postcode.max(initial=0)) + 1),
        place_count=np.bincount(place, minlength=int(place.max(initial=0)) + 1),
    )
