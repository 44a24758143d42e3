"""Phase « sessions » (``sessions.csv``): closed sessions only.

- ``CLOTUREE`` → a closed ``TrainingSession`` of its entity (an associated entity's goes to its
  habilitated entity), created by the system account (Forprev 1 does not say who declared it),
  with its trainers (``SessionTrainer``, the kept account of a duplicate trainer; an unknown
  trainer is dropped, listed as a correction).
- ``OUVERTE`` (not closed: not stabilised) and ``ANNULEE`` are deferred; their enrolments and
  certificates follow them.
- Rejected: unknown entity, unknown dispositif level, last day before the first.
- A missing capacity is the level's maximum group (10 without one); a missing place is the
  entity's address. Both are corrections.
"""

from django.utils.translation import gettext as _

from forprev.training.enums import SessionKind, SessionStatus
from forprev.training.models import SessionTrainer, TrainingSession

from ..legacy.spec import SESSIONS
from .context import Keys

FILE = SESSIONS.name
KINDS = {"INITIALE": SessionKind.INITIAL, "MAC": SessionKind.REFRESHER}
FIELDS = (
    "public_id", "entity_id", "programme_level_id", "kind", "starts_on", "ends_on",
    "place_address", "place_city", "is_inter", "is_public", "capacity", "status", "created_by_id",
)  # fmt: skip
MAX_CAPACITY = 32_767
DEFAULT_CAPACITY = 10
DEFERRED, REJECTED = "deferred", "rejected"


def migrate_sessions(ctx) -> None:
    entity_pk, addresses = ctx.state["entity_pk"], ctx.state["entity_address"]
    trainer_user = ctx.state["trainer_user"]
    name_of = {}
    for user_id, pk in ctx.state["user_pk"].items():
        name_of.setdefault(pk, ctx.state["user_name"][user_id])
    keys = Keys(FILE)
    info: dict[str, tuple] = {}  # session → (pk, level pk, kind, entity pk, trainer names)
    fate: dict[str, str] = {}  # session not taken → DEFERRED or REJECTED
    entity_of: dict[str, str] = {}  # session → Forprev 1 entity (totals)
    seen: dict[str, int] = {}
    pending: list = []
    legacy = ctx.open(SESSIONS)
    for record in legacy.records():
        values = record.values or {}
        session_id = values.get("id_session") or ""
        entity = values.get("id_entite")
        if record.rejected and session_id:
            fate.setdefault(session_id, REJECTED)
            entity_of.setdefault(session_id, entity)
        if not ctx.usable(FILE, record, session_id, seen, entity=entity):
            continue
        entity_of[session_id] = entity
        if values["statut"] != "CLOTUREE":
            fate[session_id] = DEFERRED
            if values["statut"] == "OUVERTE":
                ctx.outcome(
                    FILE, record.line, session_id, "session_open",
                    _("Session non clôturée (du %(start)s au %(end)s) : à clôturer dans Forprev 1 avant la bascule, ou à déclarer à nouveau dans Forprev 2.")
                    % {"start": f"{values['date_debut']:%d/%m/%Y}", "end": f"{values['date_fin']:%d/%m/%Y}"},
                    entity=entity,
                )  # fmt: skip
            else:
                ctx.outcome(
                    FILE, record.line, session_id, "session_cancelled",
                    _("Session annulée : non reprise."), entity=entity,
                )  # fmt: skip
            continue
        problem = _problem(ctx, values, entity_pk)
        if problem:
            fate[session_id] = REJECTED
            ctx.outcome(FILE, record.line, session_id, *problem, entity=entity)
            continue
        ctx.dropped_values(FILE, record, session_id, entity=entity)
        level = ctx.refs.levels[(values["dispositif"], values["niveau"])]
        capacity = values["capacite"]
        if capacity is None or not 0 < capacity <= MAX_CAPACITY:
            capacity = level.max_trainees or DEFAULT_CAPACITY
            ctx.correction(
                FILE, record.line, session_id, "capacity_default",
                (_("Nombre de places absent : %(capacity)s (dispositif).") if values["capacite"] is None
                 else _("Nombre de places « %(value)s » invalide : %(capacity)s (dispositif)."))
                % {"value": values["capacite"], "capacity": capacity},
                entity=entity,
            )  # fmt: skip
        target = entity_pk[entity]
        address, city = values["adresse"], values["commune"]
        if not address or not city:
            address, city = address or addresses[target][0], city or addresses[target][1]
            ctx.correction(
                FILE, record.line, session_id, "place_from_entity",
                _("Lieu incomplet : adresse de l'entité reprise (%(address)s, %(city)s).")
                % {"address": address, "city": city},
                entity=entity,
            )  # fmt: skip
        trainers, dropped = [], []
        for trainer_id in values["ids_formateurs"] or ():
            pk = trainer_user.get(trainer_id)
            if pk is None:
                dropped.append(trainer_id)
            elif pk not in trainers:
                trainers.append(pk)
        if dropped:
            ctx.correction(
                FILE, record.line, session_id, "reference_dropped",
                _("Formateur(s) absent(s) ou non repris ignoré(s) : %(ids)s.") % {"ids": ", ".join(dropped)},
                entity=entity,
            )  # fmt: skip
        kind = KINDS[values["type"]]
        row = (
            keys(session_id), target, level.pk, kind, values["date_debut"], values["date_fin"],
            address[:200], city[:120], bool(values["inter"]), False, capacity, SessionStatus.CLOSED,
            ctx.system_user_pk,
        )  # fmt: skip
        names = ", ".join(name_of[pk] for pk in trainers)[:500]
        pending.append((session_id, row, trainers, names, entity))
        if len(pending) >= ctx.chunk_size:
            _write(ctx, pending, info)
            pending = []
    _write(ctx, pending, info)
    ctx.close(legacy)
    ctx.state["session_info"] = info
    ctx.state["session_fate"] = fate
    ctx.state["session_entity"] = entity_of


def _problem(ctx, values, entity_pk) -> tuple[str, str] | None:
    if values["id_entite"] not in entity_pk:
        return "entity_unknown", _("Entité %(entity)s absente ou non reprise.") % {
            "entity": values["id_entite"]
        }
    if (values["dispositif"], values["niveau"]) not in ctx.refs.levels:
        return "programme_level_unknown", _("Pas de session %(code)s de niveau %(level)s.") % {
            "code": values["dispositif"],
            "level": values["niveau"],
        }
    if values["date_fin"] < values["date_debut"]:
        return "dates_out_of_order", _("Dernier jour (%(end)s) avant le premier (%(start)s).") % {
            "end": f"{values['date_fin']:%d/%m/%Y}",
            "start": f"{values['date_debut']:%d/%m/%Y}",
        }
    return None


def _write(ctx, rows, info) -> None:
    if not rows:
        return
    found = ctx.existing(TrainingSession, [row[1][0] for row in rows])
    new = [row for row in rows if row[1][0] not in found]
    with ctx.atomic():
        pks = ctx.insert(TrainingSession, FIELDS, [row[1] for row in new], returning=True)
        ctx.insert(
            SessionTrainer,
            ("session_id", "trainer_id"),
            [(pk, trainer) for row, pk in zip(new, pks, strict=True) for trainer in row[2]],
        )
    for row, pk in zip(new, pks, strict=True):
        found[row[1][0]] = pk
    written = {row[1][0] for row in new}
    for session_id, row, _trainers, names, entity in rows:
        info[session_id] = (found[row[0]], row[2], row[3], row[1], names)
        ctx.migrated(FILE, entity=entity, already=row[0] not in written)
    ctx.chunk_written(FILE, len(info))
