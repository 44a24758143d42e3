"""Phase « inscriptions » (``inscriptions.csv``): the trainees of the migrated sessions.

- An enrolment follows its session: deferred when the session was (not closed, cancelled),
  rejected when the session is unknown or was rejected. Its person must be migrated (a merged
  person's enrolments go to the kept person).
- The same person twice in one session (also after a merge of duplicate trainers) makes one
  enrolment: the second row is merged into the first.
- The result: ``ACQUIS`` → passed, ``NON_ACQUIS`` → failed, ``ABSENT`` → absent, empty → to fill
  in. Closed in Forprev 1, the trainees' identity counts as checked.
"""

from django.utils.translation import gettext as _

from forprev.training.enums import Result
from forprev.training.models import Enrolment

from ..legacy.spec import ENROLMENTS
from .context import Keys
from .sessions import DEFERRED

FILE = ENROLMENTS.name
RESULTS = {
    "ACQUIS": Result.PASSED,
    "NON_ACQUIS": Result.FAILED,
    "ABSENT": Result.ABSENT,
    None: Result.PENDING,
}
FIELDS = ("public_id", "session_id", "person_id", "result", "identity_confirmed")


def pair_key(session_pk: int, person_pk: int) -> int:
    """One int for a (session, person) pair: a million of them in a dict of ints, not tuples."""
    return (session_pk << 32) + (person_pk & 0xFFFFFFFF)


def session_and_person(ctx, file, record, row_id, entity) -> tuple | None:
    """The migrated session and person of an enrolment or a certificate, or None once the row's
    outcome is recorded: its session's fate (deferred with a deferred session, rejected with a
    rejected or unknown one), or rejected for want of its person."""
    session_id, person_id = record.values["id_session"], record.values["id_individu"]
    session = ctx.state["session_info"].get(session_id)
    if session is None:
        if ctx.state["session_fate"].get(session_id) == DEFERRED:
            ctx.outcome(
                file, record.line, row_id, "session_deferred",
                _("Session %(session)s non reprise (non clôturée ou annulée).") % {"session": session_id},
                entity=entity,
            )  # fmt: skip
        else:
            ctx.outcome(
                file, record.line, row_id, "session_unknown",
                _("Session %(session)s absente ou rejetée.") % {"session": session_id},
                entity=entity,
            )  # fmt: skip
        return None
    person = ctx.state["person_pk"].get(person_id)
    if person is None:
        ctx.outcome(
            file, record.line, row_id, "person_unknown",
            _("Individu %(person)s absent ou non repris.") % {"person": person_id},
            entity=entity,
        )  # fmt: skip
        return None
    return session, person


def migrate_enrolments(ctx) -> None:
    entity_of = ctx.state["session_entity"]
    keys = Keys(FILE)
    pairs: dict[int, int] = {}
    seen: dict[str, int] = {}
    pending: list = []
    legacy = ctx.open(ENROLMENTS)
    for record in legacy.records():
        values = record.values or {}
        enrolment_id = values.get("id_inscription") or ""
        session_id = values.get("id_session") or ""
        entity = entity_of.get(session_id)
        if not ctx.usable(FILE, record, enrolment_id, seen, entity=entity):
            continue
        found = session_and_person(ctx, FILE, record, enrolment_id, entity)
        if found is None:
            continue
        session, person = found
        key = pair_key(session[0], person)
        if key in pairs:
            ctx.outcome(
                FILE, record.line, enrolment_id, "enrolment_duplicate",
                _("Même stagiaire déjà inscrit à la session %(session)s (ligne %(line)s).")
                % {"session": session_id, "line": pairs[key]},
                entity=entity,
            )  # fmt: skip
            continue
        pairs[key] = record.line
        ctx.dropped_values(FILE, record, enrolment_id, entity=entity)
        pending.append(
            ((keys(enrolment_id), session[0], person, RESULTS[values["resultat"]], True), entity)
        )
        if len(pending) >= ctx.chunk_size:
            _write(ctx, pending)
            pending = []
    _write(ctx, pending)
    ctx.close(legacy)


def _write(ctx, rows) -> None:
    if not rows:
        return
    found = ctx.existing(Enrolment, [row[0] for row, _entity in rows])
    with ctx.atomic():
        ctx.insert(Enrolment, FIELDS, [row for row, _entity in rows if row[0] not in found])
    for row, entity in rows:
        ctx.migrated(FILE, entity=entity, already=row[0] in found)
    ctx.chunk_written(FILE, ctx.files[FILE].migrated)
