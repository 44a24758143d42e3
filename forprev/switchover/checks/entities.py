"""Checks of ``entites.csv``: the tronc commun, associated entities and antennas, shared SIRET/NDA.

The seed: "la notion d'entité associée ou entité déléguée disparaîtra" — an associated entity or
antenna is not an account of Forprev 2: its people become delegates of the habilitated entity it
depends on, and its sessions are that entity's. One with its own SIRET (a company) or its own
numéro d'activité (a training organisation) needs its own habilitation ("UNE HABILITATION par
SIRET … par NUMERO d'ACTIVITE"): the migration keeps it as an entity of its own, so here it is
its own habilitated entity too (its tronc commun checked, its people's findings filed under it),
with a to-do to get habilitated, shown to it and to the entity it depended on. Forprev 2 keeps one account per SIRET for a
company and per NDA for a training organisation: two habilitated entities with one of them are
flagged (often a change of SIRET never declared).
"""

import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from forprev.entities.validators import normalise_number, validate_nda, validate_siret
from forprev.switchover.enums import CheckCode
from forprev.switchover.legacy.spec import ENTITIES

from .analysis import Analysis, EntityRow, Pending
from .catalogue import (
    NO_CONTACT,
    WHERE_ASSOCIATED,
    WHERE_CAISSE,
    WHERE_SIRET_CHANGE,
    WHERE_TRONC_COMMUN,
)

FILE = ENTITIES.name
# Greyed in Forprev 1 since 1 June 2022: only the caisse changes them.
LOCKED = ("type", "raison_sociale", "siret", "caisse")
TRONC_COMMUN = (*LOCKED, "nda", "adresse", "code_postal", "commune", "departement")
LABELS = {
    "type": "type (ENT ou OF)",
    "raison_sociale": "raison sociale",
    "siret": "SIRET",
    "caisse": "caisse de rattachement",
    "nda": "numéro de déclaration d'activité",
    "adresse": "adresse",
    "code_postal": "code postal",
    "commune": "commune",
    "departement": "département",
}
_POSTCODE = re.compile(r"^\d{5}$")
MAX_DEPTH = 20  # parent chains longer than this are cycles


def entity_subject(entity_id: str, name: str | None) -> str:
    return _("%(name)s (n° %(id)s)") % {
        "name": name or _("raison sociale absente"),
        "id": entity_id,
    }


def contact(analysis: Analysis, caisse_id: int | None) -> str:
    return analysis.caisse_contacts.get(caisse_id) or str(NO_CONTACT)


def read_entities(analysis: Analysis) -> None:
    legacy_file = analysis.open(ENTITIES)
    for record in analysis.stream(legacy_file):
        values = record.values
        entity_id = values and values["id_entite"]
        if not entity_id:
            analysis.broken_row(record)
            continue
        subject = entity_subject(entity_id, values["raison_sociale"])
        if entity_id in analysis.entities:
            analysis.add(
                "",
                CheckCode.FILE_PROBLEM,
                True,
                FILE,
                record.line,
                subject,
                _("Ligne non reprise : l'entité n° %(id)s figure déjà ligne %(first)s.")
                % {"id": entity_id, "first": analysis.entities[entity_id].line},
                "",
            )
            continue
        for pending in analysis.problem_findings(record, subject, skip_columns=TRONC_COMMUN):
            analysis.findings.append(pending.to(entity_id))
        siret = normalise_number(values["siret"] or "")
        nda = normalise_number(values["nda"] or "")
        caisse_id = analysis.caisse_by_code.get((values["caisse"] or "").lower())
        if caisse_id is None:
            caisse_id = analysis.caisse_by_department.get((values["departement"] or "").upper())
        analysis.entities[entity_id] = EntityRow(
            record.line,
            values["type"],
            values["raison_sociale"] or "",
            siret,
            nda,
            caisse_id,
            values["id_entite_parente"],
            values["rattachement"],
        )
        analysis.tronc_commun[entity_id] = _tronc_commun_gaps(analysis, record, siret, nda)
    _link_parents(analysis)


def _tronc_commun_gaps(analysis: Analysis, record, siret: str, nda: str) -> list[str]:
    """What is missing or wrong in the tronc commun, field by field (French)."""
    values = record.values
    # The reader's reasons, « colonne : raison. » → « raison »; a missing value says « absent ».
    refused = {
        p.column: p.message.split(" : ", 1)[-1].rstrip(".")
        for p in record.problems
        if p.column in TRONC_COMMUN and values[p.column] is None
    }
    gaps = []

    def gap(column, reason):
        gaps.append((column, f"{LABELS[column]} : {reason}"))

    if "type" in refused or not values["type"]:
        gap("type", _("absent ou inconnu"))
    for column in ("raison_sociale", "adresse", "commune"):
        if not values[column]:
            reason = refused.get(column, "")
            gap(column, _("absent") if reason in ("", "valeur obligatoire absente") else reason)

    def number_gap(column, number, validate, absent):
        if not number:
            gap(column, absent)
            return
        try:
            validate(number)
        except ValidationError as error:
            gap(column, f"« {values[column]} » — {error.messages[0]}")

    number_gap("siret", siret, validate_siret, _("absent"))
    if values["type"] == "OF":
        number_gap(
            "nda", nda, validate_nda, _("absent (obligatoire pour un organisme de formation)")
        )
    postcode = values["code_postal"] or ""
    if not postcode:
        gap("code_postal", _("absent"))
    elif not _POSTCODE.match(postcode):
        gap("code_postal", _("« %(value)s » n'a pas 5 chiffres") % {"value": postcode})
    department = (values["departement"] or "").upper()
    if not department:
        gap("departement", _("absent"))
    elif department not in analysis.caisse_by_department:
        gap("departement", _("« %(value)s » inconnu") % {"value": department})
    caisse_known = (values["caisse"] or "").lower() in analysis.caisse_by_code
    if not caisse_known and department not in analysis.caisse_by_department:
        gap("caisse", _("« %(value)s » inconnue") % {"value": values["caisse"] or ""})
    return gaps


def _link_parents(analysis: Analysis) -> None:
    """Each entity's habilitated entity: itself, or the end of its chain of parents."""
    entities = analysis.entities
    for entity_id, row in entities.items():
        current, seen = entity_id, [entity_id]
        while True:
            parent = entities[current].parent
            if not parent or parent == current:
                break
            if parent not in entities:
                analysis.add(
                    entity_id,
                    CheckCode.FILE_PROBLEM,
                    False,
                    FILE,
                    row.line,
                    entity_subject(entity_id, row.name),
                    _(
                        "Entité parente n° %(parent)s absente de l'export : l'entité est traitée "
                        "comme une entité habilitée."
                    )
                    % {"parent": parent},
                    "",
                )
                break
            if parent in seen or len(seen) > MAX_DEPTH:
                analysis.add(
                    entity_id,
                    CheckCode.FILE_PROBLEM,
                    True,
                    FILE,
                    row.line,
                    entity_subject(entity_id, row.name),
                    _("Les entités parentes forment une boucle (%(chain)s).")
                    % {"chain": " → ".join(seen + [parent])},
                    "",
                )
                break
            seen.append(parent)
            current = parent
        analysis.roots[entity_id] = current
    # With a SIRET (ENT) or NDA (OF) of its own, an associated entity is an entity of its own.
    for entity_id, row in entities.items():
        root = analysis.roots[entity_id]
        if root != entity_id:
            own = own_number(row, entities[root])
            if own:
                analysis.own_identifier[entity_id] = (root, own)
    for entity_id in analysis.own_identifier:
        analysis.roots[entity_id] = entity_id


def own_number(row: EntityRow, parent: EntityRow) -> str | None:
    """« son propre SIRET … » / « son propre numéro d'activité … » when ``row`` has one that is not
    ``parent``'s — the migration's rule (``migration.entities._own_identifier``)."""
    if row.kind == "OF" and row.nda and row.nda != parent.nda:
        return _(
            "son propre numéro d'activité %(nda)s (celui de l'entité habilitée : %(parent)s)"
        ) % {
            "nda": row.nda,
            "parent": parent.nda or "—",
        }
    if row.kind != "OF" and row.siret and row.siret != parent.siret:
        return _("son propre SIRET %(siret)s (celui de l'entité habilitée : %(parent)s)") % {
            "siret": row.siret,
            "parent": parent.siret or "—",
        }
    return None


def check_entities(analysis: Analysis) -> None:
    """Once the profiles are read (an antenna's people are counted): tronc commun of habilitated
    entities, associated entities and antennas, shared SIRET/NDA."""
    entities, roots = analysis.entities, analysis.roots
    for entity_id, gaps in analysis.tronc_commun.items():
        if not gaps or roots[entity_id] != entity_id:
            continue  # an antenna is no account of Forprev 2: its tronc commun is not taken over
        row = entities[entity_id]
        locked = [text for column, text in gaps if column in LOCKED]
        free = [text for column, text in gaps if column not in LOCKED]
        subject = entity_subject(entity_id, row.name)
        for texts, message, fix in (
            (
                locked,
                _("Zones grisées à corriger par la caisse — %(gaps)s.")
                % {"gaps": " ; ".join(locked)},
                WHERE_CAISSE % {"contact": contact(analysis, row.caisse_id)},
            ),
            (free, " ; ".join(free) + ".", str(WHERE_TRONC_COMMUN)),
        ):
            if texts:
                analysis.add(
                    entity_id,
                    CheckCode.TRONC_COMMUN_INCOMPLETE,
                    True,
                    FILE,
                    row.line,
                    subject,
                    message,
                    fix,
                )
    _associated(analysis)
    _shared_identifiers(analysis)
    analysis.tronc_commun.clear()


def _associated(analysis: Analysis) -> None:
    entities, roots = analysis.entities, analysis.roots
    for entity_id, row in entities.items():
        kind = _("Antenne") if row.attachment == "ANTENNE" else _("Entité associée")
        subject = f"{kind} {entity_subject(entity_id, row.name)}"
        if entity_id in analysis.own_identifier:
            former, own = analysis.own_identifier[entity_id]
            parent = entities[former]
            message = _(
                "Elle a %(own)s : elle est reprise à la bascule comme une entité à part entière "
                "(ses utilisateurs, sessions et certificats avec elle), sans habilitation. Il "
                "lui faut sa propre habilitation ; pour n'en garder qu'une, voyez avec la caisse."
            ) % {"own": own}
            fix = WHERE_CAISSE % {"contact": contact(analysis, parent.caisse_id)}
            for owner in (entity_id, former):
                analysis.add(
                    owner,
                    CheckCode.ASSOCIATED_NEEDS_ACCREDITATION,
                    True,
                    FILE,
                    row.line,
                    subject,
                    message,
                    fix,
                )
            continue
        root = roots[entity_id]
        if root == entity_id:
            continue
        people = analysis.entity_users.get(entity_id, 0)
        analysis.add(
            root,
            CheckCode.ASSOCIATED_ENTITY,
            False,
            FILE,
            row.line,
            subject,
            _(
                "Elle disparaît à la bascule : ses %(n)s utilisateur(s) deviendront délégués de "
                "votre entité ; ses sessions et certificats seront repris sous votre entité."
            )
            % {"n": people},
            str(WHERE_ASSOCIATED),
        )


def _shared_identifiers(analysis: Analysis) -> None:
    """Habilitated companies sharing a SIRET, habilitated training organisations sharing an NDA."""
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entity_id, row in analysis.entities.items():
        if analysis.roots[entity_id] != entity_id:
            continue
        if row.kind == "OF":
            if row.nda:
                holders[("NDA", row.nda)].append(entity_id)
        elif row.siret:
            holders[("SIRET", row.siret)].append(entity_id)
    for (label, number), ids in holders.items():
        if len(ids) < 2:
            continue
        for entity_id in ids:
            row = analysis.entities[entity_id]
            others = ", ".join(
                entity_subject(other, analysis.entities[other].name)
                for other in ids
                if other != entity_id
            )
            analysis.add(
                entity_id,
                CheckCode.IDENTIFIER_SHARED,
                True,
                FILE,
                row.line,
                entity_subject(entity_id, row.name),
                _("%(label)s %(number)s porté aussi par : %(others)s.")
                % {"label": label, "number": number, "others": others},
                WHERE_SIRET_CHANGE % {"contact": contact(analysis, row.caisse_id)},
            )


def attribute(analysis: Analysis, pending: Pending, entity_ids) -> None:
    """File ``pending`` under each habilitated entity of ``entity_ids`` (none: the export's)."""
    roots = {analysis.root_of(entity_id) for entity_id in entity_ids} - {""}
    if not roots:
        analysis.findings.append(pending.to(""))
    for root in sorted(roots):
        analysis.findings.append(pending.to(root))
