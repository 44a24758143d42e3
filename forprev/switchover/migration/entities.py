"""Phase « entités » (``entites.csv``): habilitated entities become ``Entity`` rows.

- An associated entity or antenna (``id_entite_parente`` or ``rattachement`` set) no longer exists
  in Forprev 2: it is merged into the habilitated entity at the top of its chain, its users
  become that entity's delegates (phase « comptes »), its sessions and habilitations go with it.
- Unless it has its own SIRET (a company) or its own NDA (a training organisation), other than
  the one of the entity at the top of its chain (the documented format: it « needs its own
  habilitation »): then it is an entity of its own, checked as a habilitated one, with its users,
  sessions, certificates and habilitations (to be habilitated: a correction says so). When that
  own identifier is unusable (invalid SIRET, unknown département…), it is merged as above.
- One account per SIRET (companies) or NDA (training organisations): a second row with the same
  one is merged into the first; a row whose SIRET/NDA an entity already has in Forprev 2 (created
  there, not by a migration) is merged into that entity.
- Rejected: invalid SIRET, training organisation without a valid NDA, unknown département,
  postcode that is not five digits, associated entity whose habilitated entity is not taken.
- The nom commercial is not taken over (seed: « cette information ne sera pas reprise »).
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from forprev.entities.enums import EntityKind
from forprev.entities.models import Entity
from forprev.entities.validators import normalise_number, validate_nda, validate_siret

from ..legacy.reader import ERROR
from ..legacy.spec import ENTITIES
from .context import Keys, chunks

FILE = ENTITIES.name
KINDS = {"ENT": EntityKind.COMPANY, "OF": EntityKind.TRAINING_ORG}
FIELDS = (
    "public_id", "kind", "name", "trade_name", "siret", "nda", "address_line",
    "address_complement", "postcode", "city", "department_id", "caisse_id", "head_name",
    "phone", "contact_email",
)  # fmt: skip
_POSTCODE = re.compile(r"^\d{4,5}$")


def valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return len(value) <= 254


def _first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


class _Row:
    __slots__ = ("line", "id", "values", "key", "kind", "siret", "nda", "postcode", "department",
                 "caisse", "email", "public_id", "target", "corrections", "record")  # fmt: skip

    def __init__(self, line, values, record=None):
        self.line = line
        self.id = values["id_entite"]
        self.values = values
        self.record = record
        self.target = None
        self.corrections = []  # (code, message), written if the row is migrated


def migrate_entities(ctx) -> None:
    keys = Keys(FILE)
    legacy = ctx.open(ENTITIES)
    records = list(legacy.records())
    ctx.close(legacy)
    refs = ctx.refs

    # Every row's name and caisse first: the totals of every file are kept by entity and caisse.
    for record in records:
        if record.values and record.values.get("id_entite"):
            values = record.values
            department = refs.department(values.get("departement") or "")
            caisse = values.get("caisse") or ""
            if caisse not in refs.caisses:
                caisse = refs.departments[department][1] if department else ""
            ctx.entities.setdefault(
                values["id_entite"], (values.get("raison_sociale") or "", caisse)
            )

    rows: dict[str, _Row] = {}
    seen: dict[str, int] = {}
    habilitated: list[_Row] = []
    associated: list[_Row] = []
    for record in records:
        entity_id = (record.values or {}).get("id_entite") or ""
        if not ctx.usable(FILE, record, entity_id, seen, entity=entity_id):
            continue
        row = _Row(record.line, record.values, record)
        rows[entity_id] = row
        if record.values["id_entite_parente"] or record.values["rattachement"]:
            associated.append(row)
            continue
        problem = _check(ctx, row, record)
        if problem:
            ctx.outcome(FILE, row.line, row.id, *problem, entity=row.id)
            continue
        habilitated.append(row)

    # Associated entities and antennas with their own SIRET (ENT) or NDA (OF): entities of their own.
    merged_associated: list[_Row] = []
    unusable: dict[str, str] = {}  # entity id → why its own identifier could not be kept
    for row in associated:
        root = _root(row, rows)
        own = _own_identifier(row.values, root.values if root is not None else None)
        if own is None:
            merged_associated.append(row)
            continue
        problem = _check(ctx, row, row.record)
        if problem:
            row.corrections = []
            unusable[row.id] = problem[1]
            merged_associated.append(row)
            continue
        row.corrections.append(
            ("associated_own_entity",
             _("%(kind)s avec %(own)s : reprise comme entité à part entière, à habiliter "
               "(rattachée dans Forprev 1 à l'entité %(parent)s).")
             % {"kind": _("Antenne") if row.values["rattachement"] == "ANTENNE" else _("Entité associée"),
                "own": own, "parent": row.values["id_entite_parente"] or "?"})
        )  # fmt: skip
        habilitated.append(row)
    associated = merged_associated

    # One account per SIRET (ENT) or NDA (OF): in Forprev 2 already, or the first row.
    own = {keys(entity_id) for entity_id in rows}
    existing = {}
    # Recognised entities only: a provisional one (public application) holds no SIRET/NDA.
    for pk, public_id, kind, siret, nda in Entity.objects.recognised().values_list(
        "pk", "public_id", "kind", "siret", "nda"
    ):
        if public_id not in own:
            key = (kind, siret if kind == EntityKind.COMPANY else nda)
            existing.setdefault(key, (pk, f"f2:{public_id}"))
    first_with: dict[tuple, _Row] = {}
    to_write: list[_Row] = []
    entity_pk: dict[str, int] = {}
    entity_key: dict[str, str] = {}
    for row in habilitated:
        if row.key in existing:
            pk, key = existing[row.key]
            entity_pk[row.id], entity_key[row.id] = pk, key
            ctx.outcome(
                FILE, row.line, row.id, "existing_entity",
                _("Entité déjà présente dans Forprev 2 avec ce %(what)s (%(value)s) : reprise dans celle-ci.")
                % {"what": "SIRET" if row.kind == EntityKind.COMPANY else "NDA", "value": row.key[1]},
                entity=row.id,
            )  # fmt: skip
            continue
        first = first_with.setdefault(row.key, row)
        if first is not row:
            row.target = first
            ctx.outcome(
                FILE, row.line, row.id, "same_identifier",
                _("Même %(what)s (%(value)s) que l'entité %(other)s (ligne %(line)s) : reprise dans celle-ci.")
                % {"what": "SIRET" if row.kind == EntityKind.COMPANY else "NDA", "value": row.key[1],
                   "other": first.id, "line": first.line},
                entity=row.id,
            )  # fmt: skip
            continue
        to_write.append(row)

    addresses: dict[int, tuple[str, str]] = {}
    for chunk in chunks(to_write, ctx.chunk_size):
        _write(ctx, keys, chunk, entity_pk, addresses)
    for row in habilitated:
        if row.target is not None:
            entity_pk[row.id] = entity_pk[row.target.id]
            entity_key[row.id] = row.target.id
        elif row.id not in entity_key:
            entity_key[row.id] = row.id

    # Associated entities and antennas: into the habilitated entity at the top of their chain.
    for row in associated:
        root = _root(row, rows)
        why = unusable.get(row.id)
        if root is None or root.id not in entity_pk:
            message = _("Entité associée ou antenne dont l'entité habilitée (%(parent)s) est absente ou non reprise.") % {
                "parent": row.values["id_entite_parente"] or "?"
            }  # fmt: skip
            if why:
                message += " " + _("Son propre identifiant est inutilisable : %(why)s") % {
                    "why": why
                }
            ctx.outcome(FILE, row.line, row.id, "parent_unknown", message, entity=row.id)
            continue
        entity_pk[row.id], entity_key[row.id] = entity_pk[root.id], entity_key[root.id]
        message = _("%(kind)s reprise dans l'entité habilitée %(parent)s (%(name)s) : ses utilisateurs en deviennent délégués.") % {
            "kind": _("Antenne") if row.values["rattachement"] == "ANTENNE" else _("Entité associée"),
            "parent": root.id, "name": root.values["raison_sociale"],
        }  # fmt: skip
        if why:
            message += " " + _("Son propre identifiant est inutilisable : %(why)s") % {"why": why}
        ctx.outcome(FILE, row.line, row.id, "associated_entity", message, entity=row.id)

    ctx.state["entity_pk"] = entity_pk
    ctx.state["entity_key"] = entity_key
    ctx.state["entity_address"] = addresses
    ctx.state["associated"] = {row.id for row in associated if row.id in entity_pk}


def _root(row: _Row, rows: dict) -> "_Row | None":
    """The habilitated entity at the top of ``row``'s chain of parents (None: absent, or a loop)."""
    root, chain = row, set()
    while root is not None and (root.values["id_entite_parente"] or root.values["rattachement"]):
        chain.add(root.id)
        parent = root.values["id_entite_parente"]
        root = rows.get(parent) if parent and parent not in chain else None
    return root


def _own_identifier(values: dict, root: dict | None) -> str | None:
    """« son propre SIRET … » when an associated entity or antenna has a SIRET (company) or an NDA
    (training organisation) of its own — not the one of the entity at the top of its chain, as
    the conformity check ``associated_needs_accreditation`` says; None otherwise."""
    column = "nda" if values["type"] == "OF" else "siret"
    number = normalise_number(values[column] or "")
    if not number:
        return None
    if root is not None and number == normalise_number(root[column] or ""):
        return None
    label = _("son propre NDA") if column == "nda" else _("son propre SIRET")
    return f"{label} {number}"


def _check(ctx, row: _Row, record) -> tuple[str, str] | None:
    """Validate a habilitated entity's row (fills ``row``); (reason, message) when rejected."""
    values = record.values
    row.kind = KINDS[values["type"]]
    row.siret = normalise_number(values["siret"])
    try:
        validate_siret(row.siret)
    except ValidationError as error:
        return "siret_invalid", _("SIRET « %(value)s » : %(error)s") % {
            "value": values["siret"],
            "error": _first_error(error),
        }
    row.nda = normalise_number(values["nda"] or "")
    if row.nda:
        try:
            validate_nda(row.nda)
        except ValidationError as error:
            if row.kind == EntityKind.TRAINING_ORG:
                return "nda_invalid", _("NDA « %(value)s » : %(error)s") % {
                    "value": values["nda"],
                    "error": _first_error(error),
                }
            row.corrections.append(
                ("nda_dropped", _("NDA « %(value)s » d'une entreprise, invalide : non repris.") % {"value": values["nda"]})
            )  # fmt: skip
            row.nda = ""
    elif row.kind == EntityKind.TRAINING_ORG:
        return "nda_invalid", _("Organisme de formation sans numéro de déclaration d'activité.")
    row.department = ctx.refs.department(values["departement"])
    if row.department is None:
        return "department_unknown", _("Département « %(value)s » inconnu.") % {
            "value": values["departement"]
        }
    postcode = values["code_postal"].replace(" ", "")
    if not _POSTCODE.match(postcode):
        return "postcode_invalid", _("Code postal « %(value)s » : cinq chiffres attendus.") % {
            "value": values["code_postal"]
        }
    row.postcode = postcode.zfill(5)
    row.caisse = values["caisse"]
    if row.caisse not in ctx.refs.caisses:
        row.caisse = ctx.refs.departments[row.department][1]
        row.corrections.append(
            ("caisse_from_department",
             _("Caisse « %(value)s » inconnue : caisse du département %(department)s (%(caisse)s).")
             % {"value": values["caisse"], "department": row.department, "caisse": row.caisse})
        )  # fmt: skip
    row.email = (values["email_contact"] or "").strip().lower()
    if row.email and not valid_email(row.email):
        row.corrections.append(
            ("email_invalid", _("Adresse de contact « %(value)s » invalide : non reprise.") % {"value": values["email_contact"]})
        )  # fmt: skip
        row.email = ""
    row.corrections += [
        ("value_dropped", problem.message)
        for problem in record.problems
        if problem.severity == ERROR and problem.code == "value"
    ]
    row.key = (row.kind, row.siret if row.kind == EntityKind.COMPANY else row.nda)
    return None


def _write(ctx, keys, chunk: list[_Row], entity_pk: dict, addresses: dict) -> None:
    for row in chunk:
        row.public_id = keys(row.id)
    found = ctx.existing(Entity, [row.public_id for row in chunk])
    new = [row for row in chunk if row.public_id not in found]
    values = []
    for row in new:
        v = row.values
        values.append(
            (
                row.public_id, row.kind, v["raison_sociale"], "", row.siret, row.nda, v["adresse"],
                v["complement_adresse"] or "", row.postcode, v["commune"],
                ctx.refs.departments[row.department][0], ctx.refs.caisses[row.caisse][0],
                v["responsable"] or "", v["telephone"] or "", row.email,
            )
        )  # fmt: skip
    with ctx.atomic():
        pks = ctx.insert(Entity, FIELDS, values, returning=True)
    for row, pk in zip(new, pks, strict=True):
        found[row.public_id] = pk
    written = {row.public_id for row in new}
    for row in chunk:
        pk = found[row.public_id]
        entity_pk[row.id] = pk
        addresses[pk] = (row.values["adresse"], row.values["commune"])
        for code, message in row.corrections:
            ctx.correction(FILE, row.line, row.id, code, message, entity=row.id)
        ctx.migrated(FILE, entity=row.id, already=row.public_id not in written)
    ctx.chunk_written(FILE, len(entity_pk))
