"""Phase « habilitations » (``habilitations.csv``, ``demandes.csv``).

- A habilitation with a decision becomes an ``Accreditation`` of its entity (an associated
  entity's goes to its habilitated entity), with its status. An active one without a decision
  date is taken over too (dropping it would stop a working entity), listed as a correction
  « decision_date_missing » for the caisse to record the decision; an inactive one (expired,
  suspended, withdrawn) without a decision is deferred.
- Extensions by rule: an active habilitation whose échéance falls in a rule's window (by default
  the seed's: January–March 2023 → +9 months, April–May 2023 → +4 months) gets its échéance moved
  and an ``Extension`` named after the rule (``reprise-AAAA-MM-JJ-AAAA-MM-JJ-N``), written in the
  same transaction: a second run finds both and changes nothing. Only the first matching rule
  applies, to the échéance of the export.
- Applications are not migrated: a pending one is to be transmitted again after the switch (the
  seed: « les demandes seront reportées à la mise en ligne du nouveau Forprev »), a decided one
  is carried by its habilitation. Both are « deferred ».
"""

from datetime import date

from django.utils.translation import gettext as _

from forprev.accreditations.enums import AccreditationStatus
from forprev.accreditations.models import Accreditation, Extension
from forprev.accreditations.services.extensions import ExtensionRule
from forprev.core.exceptions import DomainError

from ..legacy.spec import ACCREDITATIONS, APPLICATIONS
from .context import Keys

FILE = ACCREDITATIONS.name
APPLICATIONS_FILE = APPLICATIONS.name
STATUSES = {
    "ACTIVE": AccreditationStatus.ACTIVE,
    "ECHUE": AccreditationStatus.EXPIRED,
    "SUSPENDUE": AccreditationStatus.SUSPENDED,
    "RETIREE": AccreditationStatus.WITHDRAWN,
}
PENDING_APPLICATIONS = {"BROUILLON", "TRANSMISE", "EN_INSTRUCTION", "AVIS_RENDU"}
FIELDS = ("public_id", "entity_id", "programme_level_id", "starts_on", "expires_on", "status")
EXTENSION_FIELDS = (
    "public_id", "accreditation_id", "previous_expires_on", "new_expires_on", "months", "rule_key",
)  # fmt: skip


def parse_extension_rule(text: str) -> ExtensionRule:
    """``AAAA-MM-JJ:AAAA-MM-JJ:N``: échéances between the two dates (included) get N months."""
    try:
        first, last, months = text.strip().split(":")
        return ExtensionRule(date.fromisoformat(first), date.fromisoformat(last), int(months))
    except DomainError as error:
        raise ValueError(f"« {text} » : {error.message}") from None
    except ValueError:
        raise ValueError(
            _("Règle de prolongation « %(rule)s » illisible : AAAA-MM-JJ:AAAA-MM-JJ:N attendu.")
            % {"rule": text}
        ) from None


def rule_key(rule: ExtensionRule) -> str:
    return f"reprise-{rule.expiring_from.isoformat()}-{rule.expiring_to.isoformat()}-{rule.months}"


def migrate_accreditations(ctx) -> None:
    entity_pk = ctx.state["entity_pk"]
    keys = Keys(FILE)
    pending: list = []
    seen: dict[str, int] = {}
    legacy = ctx.open(ACCREDITATIONS)
    for record in legacy.records():
        values = record.values or {}
        accreditation_id = values.get("id_habilitation") or ""
        entity = values.get("id_entite")
        if not ctx.usable(FILE, record, accreditation_id, seen, entity=entity):
            continue
        undecided = values["date_decision"] is None
        if undecided and values["statut"] != "ACTIVE":
            ctx.outcome(
                FILE, record.line, accreditation_id, "accreditation_undecided",
                _("Habilitation inactive sans date de décision : seules les habilitations décidées ou actives sont reprises."),
                entity=entity,
            )  # fmt: skip
            continue
        if entity not in entity_pk:
            ctx.outcome(
                FILE, record.line, accreditation_id, "entity_unknown",
                _("Entité %(entity)s absente ou non reprise.") % {"entity": entity}, entity=entity,
            )  # fmt: skip
            continue
        level = ctx.refs.levels.get((values["dispositif"], values["niveau"]))
        if level is None or values["niveau"] not in (1, 2):
            ctx.outcome(
                FILE, record.line, accreditation_id, "programme_level_unknown",
                _("Pas d'habilitation %(code)s de niveau %(level)s.")
                % {"code": values["dispositif"], "level": values["niveau"]},
                entity=entity,
            )  # fmt: skip
            continue
        starts_on, expires_on = values["date_debut"], values["date_echeance"]
        if expires_on <= starts_on:
            ctx.outcome(
                FILE, record.line, accreditation_id, "dates_out_of_order",
                _("Échéance (%(end)s) antérieure ou égale au début (%(start)s).")
                % {"end": f"{expires_on:%d/%m/%Y}", "start": f"{starts_on:%d/%m/%Y}"},
                entity=entity,
            )  # fmt: skip
            continue
        ctx.dropped_values(FILE, record, accreditation_id, entity=entity)
        if undecided:
            ctx.correction(
                FILE, record.line, accreditation_id, "decision_date_missing",
                _("Habilitation active sans date de décision : reprise ; la caisse renseigne la date de la décision.")
                , entity=entity,
            )  # fmt: skip
        status = STATUSES[values["statut"]]
        extension = None
        if status == AccreditationStatus.ACTIVE:
            for rule in ctx.rules:
                if rule.expiring_from <= expires_on <= rule.expiring_to:
                    extension = (rule, rule.new_expiry(expires_on))
                    ctx.correction(
                        FILE, record.line, accreditation_id, "extended",
                        _("Échéance du %(old)s prolongée de %(months)s mois : %(new)s (règle %(rule)s).")
                        % {"old": f"{expires_on:%d/%m/%Y}", "months": rule.months,
                           "new": f"{extension[1]:%d/%m/%Y}", "rule": rule_key(rule)},
                        entity=entity,
                    )  # fmt: skip
                    break
        pending.append(
            (accreditation_id, keys(accreditation_id), entity_pk[entity], level.pk, starts_on, expires_on, status, extension, entity)
        )  # fmt: skip
        if len(pending) >= ctx.chunk_size:
            _write(ctx, keys, pending)
            pending = []
    _write(ctx, keys, pending)
    ctx.close(legacy)
    _defer_applications(ctx)


def _write(ctx, keys, rows) -> None:
    if not rows:
        return
    found = ctx.existing(Accreditation, [row[1] for row in rows])
    new = [row for row in rows if row[1] not in found]
    values = [
        (public_id, entity, level, starts_on, extension[1] if extension else expires_on, status)
        for _id, public_id, entity, level, starts_on, expires_on, status, extension, _e in new
    ]
    with ctx.atomic():
        pks = ctx.insert(Accreditation, FIELDS, values, returning=True)
        extensions = [
            (
                keys(f"{row[0]}/{rule_key(row[7][0])}"), pk, row[5], row[7][1], row[7][0].months,
                rule_key(row[7][0]),
            )
            for row, pk in zip(new, pks, strict=True)
            if row[7] is not None
        ]  # fmt: skip
        ctx.insert(Extension, EXTENSION_FIELDS, extensions)
    for row in rows:
        ctx.migrated(FILE, entity=row[-1], already=row[1] in found)
    ctx.chunk_written(FILE, len(rows))


def _defer_applications(ctx) -> None:
    legacy = ctx.open(APPLICATIONS)
    for record in legacy.records():
        values = record.values or {}
        application_id = values.get("id_demande") or ""
        entity = values.get("id_entite")
        if record.rejected:
            ctx.rejected_record(APPLICATIONS_FILE, record, application_id, entity=entity)
        elif values["statut"] in PENDING_APPLICATIONS:
            ctx.outcome(
                APPLICATIONS_FILE, record.line, application_id, "application_pending",
                _("Demande %(kind)s (%(programmes)s) en cours : à transmettre à nouveau dans Forprev 2 après la bascule.")
                % {"kind": values["type"].lower(), "programmes": values["dispositifs"]},
                entity=entity,
            )  # fmt: skip
        else:
            ctx.outcome(
                APPLICATIONS_FILE, record.line, application_id, "application_decided",
                _("Demande %(kind)s (%(programmes)s) %(status)s : la décision est reprise par l'habilitation.")
                % {"kind": values["type"].lower(), "programmes": values["dispositifs"],
                   "status": _("accordée") if values["statut"] == "ACCORDEE" else _("refusée")},
                entity=entity,
            )  # fmt: skip
    ctx.close(legacy)
