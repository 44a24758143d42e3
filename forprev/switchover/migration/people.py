"""Phase « individus » (``individus.csv``): persons (trainees, and the trainers' own person).

- The numéro Forprev is the Forprev 1 ``numero_forprev`` when well-formed and free; a trainer's
  person shares the number of their account when it is that account's (as Forprev 2 does when
  closing a trainer-training session opens an account), or takes it when its own is unusable;
  otherwise a new deterministic number (``ids``), listed as a correction.
- A person whose nom or prénom is empty (both optional in the export) is taken over with that
  name left blank, listed as a correction « name_incomplete »: their certificates stay
  verifiable, and the conformity check puts the missing name in the entity's to-do list. An
  invalid e-mail address is dropped (correction).
- The person of a duplicate trainer is merged into the kept trainer's person (when that one is
  migrated; otherwise it is migrated itself). A trainer's person is linked to their account.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from forprev.people.models import Person, person_name_key

from ..legacy.spec import PERSONS
from .accounts import replaced
from .context import Keys, chunks
from .entities import valid_email
from .ids import ForprevIds, normalised

FILE = PERSONS.name
FIELDS = (
    "public_id", "forprev_id", "last_name", "first_name", "birth_date", "email", "name_key",
    "user_id",
)  # fmt: skip


@dataclass(slots=True)
class PersonRow:
    line: int
    id: str
    public_id: object
    wanted: str | None
    raw_number: str
    shared: str | None  # the number of the person's account
    last_name: str
    first_name: str
    birth_date: object
    email: str
    user: int | None


def migrate_people(ctx) -> None:
    plan = ctx.state["plan"]
    ids: ForprevIds = ctx.state["forprev_ids"]
    user_pk, user_number = ctx.state["user_pk"], ctx.state["user_forprev_id"]
    keys = Keys(FILE)
    person_pk: dict[str, int] = {}
    merged: list[tuple[PersonRow, str]] = []
    pending: list[PersonRow] = []
    later: list[PersonRow] = []
    seen: dict[str, int] = {}
    legacy = ctx.open(PERSONS)
    for record in legacy.records():
        values = record.values or {}
        person_id = values.get("id_individu") or ""
        if not ctx.usable(FILE, record, person_id, seen):
            continue
        last_name, first_name = (values["nom"] or "").strip(), (values["prenom"] or "").strip()
        if not last_name or not first_name:
            missing = [
                label
                for label, value in ((_("nom"), last_name), (_("prénom"), first_name))
                if not value
            ]
            ctx.correction(
                FILE, record.line, person_id, "name_incomplete",
                _("%(missing)s absent : individu repris avec ce champ vide, à compléter ; ses certificats restent vérifiables.")
                % {"missing": _(" et ").join(missing).capitalize()},
            )  # fmt: skip
        ctx.dropped_values(FILE, record, person_id)
        email = (values["email"] or "").strip().lower()
        if email and not valid_email(email):
            ctx.correction(
                FILE, record.line, person_id, "email_invalid",
                _("Adresse « %(email)s » invalide : non reprise.") % {"email": values["email"]},
            )  # fmt: skip
            email = ""
        account = plan.person_user.get(person_id)
        row = PersonRow(
            record.line, person_id, keys(person_id), normalised(values["numero_forprev"]),
            values["numero_forprev"] or "", user_number.get(account) if account else None,
            last_name, first_name, values["date_naissance"], email,
            user_pk.get(account) if account else None,
        )  # fmt: skip
        if person_id in plan.merged_persons:
            merged.append((row, plan.merged_persons[person_id]))
            continue
        pending.append(row)
        if len(pending) >= ctx.chunk_size:
            later += _write(ctx, ids, pending, person_pk)
            pending = []
    later += _write(ctx, ids, pending, person_pk)
    for chunk in chunks(later, ctx.chunk_size):
        _write(ctx, ids, chunk, person_pk, derived=True)

    # Duplicate trainers' persons: into the kept trainer's person when it was taken.
    alone = []
    for row, kept in merged:
        if kept in person_pk:
            person_pk[row.id] = person_pk[kept]
            ctx.outcome(
                FILE, row.line, row.id, "trainer_duplicate",
                _("Individu d'un formateur en double : fusionné dans l'individu %(kept)s.") % {"kept": kept},
            )  # fmt: skip
        else:
            alone.append(row)
    later = []
    for chunk in chunks(alone, ctx.chunk_size):
        later += _write(ctx, ids, chunk, person_pk)
    for chunk in chunks(later, ctx.chunk_size):
        _write(ctx, ids, chunk, person_pk, derived=True)
    ctx.close(legacy)
    ctx.state["person_pk"] = person_pk


def _write(ctx, ids: ForprevIds, rows: list[PersonRow], person_pk, *, derived=False) -> list:
    if not rows:
        return []
    found = ctx.existing(Person, [row.public_id for row in rows], "forprev_id")
    new = [row for row in rows if row.public_id not in found]
    free = set() if derived else ids.free(row.wanted for row in new if row.wanted != row.shared)
    write, later = [], []
    for row in new:
        recorded = True
        if derived:
            number = ids.derived(row.public_id)
        elif row.wanted and row.wanted == row.shared:
            number, recorded = row.wanted, False
        elif row.wanted in free and row.wanted not in ids.claimed:
            number = row.wanted
        elif row.shared:
            number, recorded = row.shared, False
        else:
            later.append(row)
            continue
        ids.claim(number)
        write.append((row, number, recorded))
    values = [
        (
            row.public_id, number, row.last_name, row.first_name, row.birth_date, row.email,
            person_name_key(row.last_name, row.first_name), row.user,
        )
        for row, number, _recorded in write
    ]  # fmt: skip
    with ctx.atomic():
        ids.record(number for _row, number, recorded in write if recorded)
        pks = ctx.insert(Person, FIELDS, values, returning=True)
    for (row, number, _recorded), pk in zip(write, pks, strict=True):
        found[row.public_id] = (pk, number)
    written = {row.public_id for row, _number, _recorded in write}
    postponed = {row.public_id for row in later}
    for row in rows:
        if row.public_id in postponed:
            continue
        pk, number = found[row.public_id]
        ids.claim(number)
        person_pk[row.id] = pk
        if number != row.wanted:
            ctx.correction(
                FILE, row.line, row.id, "number_replaced", replaced(row.raw_number, number)
            )
        ctx.migrated(FILE, already=row.public_id not in written)
    ctx.chunk_written(FILE, len(person_pk))
    return later
