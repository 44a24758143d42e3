"""Synthetic trainees (individuals) for ``generate_dataset``: French names drawn like the
accounts' (local surnames likelier in Brittany, Alsace, overseas…), ages of working people, an
e-mail address for about a third, a numéro Forprev reserved in bulk."""

import random
from datetime import date, timedelta

from forprev.accounts.identifiers import issue_forprev_ids_bulk
from forprev.accounts.synthetic import mail_slug, new_public_id, random_person
from forprev.core.bulk import insert_rows

from .models import Person, person_name_key

# The values ``PersonFactory.build`` draws, in this order (the numéro Forprev comes first).
FIELDS = ("forprev_id", "public_id", "last_name", "first_name", "birth_date", "email", "name_key")

EMAIL_SHARE = 0.35
# Age at the first day of the session: working people, most between 25 and 45.
MIN_AGE, MODE_AGE, MAX_AGE = 18, 32, 64
# Personal addresses of trainees (no uniqueness needed: ``Person.email`` is not unique).
_PROVIDERS = ("gmail.com", "orange.fr", "hotmail.fr", "free.fr", "laposte.net", "sfr.fr",
              "wanadoo.fr", "yahoo.fr", "outlook.fr")  # fmt: skip
_PROVIDER_WEIGHTS = (30, 22, 10, 10, 8, 7, 6, 4, 3)


class PersonFactory:
    """Draws persons as tuples of values (the numéro Forprev is reserved in bulk by
    ``insert_persons``); ``name_key`` is computed once per distinct pair of names."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._keys: dict[tuple[str, str], str] = {}

    def build(self, *, department_code: str, on: date) -> tuple:
        rng = self.rng
        person = random_person(rng, department_code)
        names = (person.last_name, person.first_name)
        key = self._keys.get(names)
        if key is None:
            key = self._keys[names] = person_name_key(*names)
        age_days = int(rng.triangular(MIN_AGE, MAX_AGE, MODE_AGE) * 365.25)
        email = ""
        if rng.random() < EMAIL_SHARE:
            provider = rng.choices(_PROVIDERS, _PROVIDER_WEIGHTS)[0]
            number = str(rng.randint(1, 99)) if rng.random() < 0.3 else ""
            first, last = mail_slug(person.first_name), mail_slug(person.last_name)
            email = f"{first}.{last}{number}@{provider}"
        birth_date = on - timedelta(days=age_days)
        return (new_public_id(rng), person.last_name, person.first_name, birth_date, email, key)


def insert_persons(specs: list[tuple], rng: random.Random) -> list[int]:
    """Reserve their numéros Forprev in one go, then insert them; returns their pks in order."""
    if not specs:
        return []
    forprev_ids = issue_forprev_ids_bulk(len(specs), rng)
    rows = [(forprev_id, *spec) for spec, forprev_id in zip(specs, forprev_ids, strict=True)]
    return insert_rows(Person, FIELDS, rows, returning=True)


# People of the register never enrolled in a generated session: the synthetic French
# population of the duplicate-detection evaluation (``people.duplicates.synthetic``), about 5 %
# of it duplicates of realistic kinds, with twins, relatives and shared family addresses as hard
# negatives — what « Individus », « Doublons » and ``find_duplicates --from-db`` meet in a real
# register. 1,000,000 at scale 1.
REGISTER_PER_SCALE = 1_000_000
_BATCH = 50_000


def generate_people(
    *, scale: float, rng: random.Random, password_hash: str, progress
) -> dict[str, int]:
    from .duplicates.synthetic import iter_people

    size = round(REGISTER_PER_SCALE * scale)
    if size < 1:
        return {"register_persons": 0}
    keys: dict[tuple[str, str], str] = {}
    written, batch = 0, []

    def flush():
        nonlocal written, batch
        ids = issue_forprev_ids_bulk(len(batch), rng)
        insert_rows(Person, FIELDS, [(fid, *spec) for spec, fid in zip(batch, ids, strict=True)])
        written += len(batch)
        batch = []
        progress(f"registre des individus : {written} / {size}")

    for person in iter_people(size, seed=rng.randrange(2**31)):
        names = (person.last_name, person.first_name)
        key = keys.get(names)
        if key is None:
            key = keys[names] = person_name_key(*names)
        batch.append(
            (new_public_id(rng), person.last_name[:150], person.first_name[:150],
             person.birth_date, person.email[:254], key)
        )  # fmt: skip
        if len(batch) >= _BATCH:
            flush()
    if batch:
        flush()
    return {"register_persons": written}
