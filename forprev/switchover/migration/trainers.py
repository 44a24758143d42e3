"""Phase « formateurs » (``formateurs.csv``, ``certificats_formateurs.csv``).

- A trainer is an account (phase « comptes ») and, when known, a person (phase « individus »,
  which links the two). Here: the trainers teams (``ids_entites`` → ``TeamMembership`` of the
  entity, an associated entity's team going to its habilitated entity) and the trainer
  certificates (``TrainerCertificate``, source « enregistré », no session).
- Duplicate trainers (certain groups of the detection engine, ``plan``) are merged: the row is
  « merged », its teams and certificates go to the kept account.
- Rejected: a trainer whose account is not taken; a certificate of an unknown trainer, of a
  dispositif level that does not exist (trainer certificates are level 2 or 3), or whose end of
  validity is not after its date.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TeamMembership, TrainerCertificate

from ..legacy.spec import TRAINER_CERTIFICATES, TRAINERS
from .context import Keys, chunks

TRAINERS_FILE = TRAINERS.name
CERTIFICATES_FILE = TRAINER_CERTIFICATES.name
TEAM_FIELDS = ("public_id", "entity_id", "trainer_id", "added_by_id")
CERTIFICATE_FIELDS = (
    "public_id", "holder_id", "programme_level_id", "issued_on", "valid_until", "source",
    "revoked_reason",
)  # fmt: skip


@dataclass(slots=True)
class _Team:
    public_id: object
    entity: int
    trainer: int


def migrate_trainers(ctx) -> None:
    plan = ctx.state["plan"]
    user_pk, entity_pk, entity_key = (
        ctx.state["user_pk"],
        ctx.state["entity_pk"],
        ctx.state["entity_key"],
    )
    person_pk = ctx.state["person_pk"]
    team_keys = Keys(TRAINERS_FILE)
    trainer_user: dict[str, int] = {}  # formateur → account pk (the kept one)
    trainer_entity: dict[str, str] = {}  # formateur → first entity (totals)
    teams: dict[tuple[int, int], _Team] = {}
    merged: list = []
    migrated: list = []  # (entity, team keys, account) of each migrated trainer row
    seen: dict[str, int] = {}
    legacy = ctx.open(TRAINERS)
    for record in legacy.records():
        values = record.values or {}
        trainer_id = values.get("id_formateur") or ""
        entity = (values.get("ids_entites") or ("",))[0]
        trainer_entity[trainer_id] = entity
        if not ctx.usable(TRAINERS_FILE, record, trainer_id, seen, entity=entity):
            continue
        user_id = values["id_utilisateur"]
        if user_id not in user_pk:
            ctx.outcome(
                TRAINERS_FILE, record.line, trainer_id, "user_unknown",
                _("Compte %(user)s du formateur absent ou non repris.") % {"user": user_id}, entity=entity,
            )  # fmt: skip
            continue
        trainer_user[trainer_id] = user_pk[user_id]
        kept = plan.merged_trainers.get(trainer_id)
        if kept is not None:
            merged.append((record, trainer_id, kept, entity))
        dropped, team_keys_of_row = [], []
        for team_entity in values["ids_entites"] or ():
            if team_entity not in entity_pk:
                dropped.append(team_entity)
                continue
            key = (entity_pk[team_entity], user_pk[user_id])
            team_keys_of_row.append(key)
            if key not in teams:
                kept_trainer = kept or trainer_id
                teams[key] = _Team(
                    team_keys(f"{kept_trainer}/equipe/{entity_key[team_entity]}"), *key
                )
        if dropped:
            ctx.correction(
                TRAINERS_FILE, record.line, trainer_id, "reference_dropped",
                _("Équipe(s) d'entité(s) absente(s) ou non reprise(s) ignorée(s) : %(ids)s.")
                % {"ids": ", ".join(dropped)},
                entity=entity,
            )  # fmt: skip
        if kept is None:
            ctx.dropped_values(TRAINERS_FILE, record, trainer_id, entity=entity)
            person = plan.kept_person(values["id_individu"] or "")
            if person in person_pk and plan.person_user.get(person) != plan.kept_user(user_id):
                ctx.correction(
                    TRAINERS_FILE, record.line, trainer_id, "person_link_skipped",
                    _("L'individu %(person)s est déjà relié à un autre compte : pas à celui du formateur.")
                    % {"person": values["id_individu"]},
                    entity=entity,
                )  # fmt: skip
            migrated.append((entity, team_keys_of_row, user_id))
    for record, trainer_id, kept, entity in merged:
        ctx.outcome(
            TRAINERS_FILE, record.line, trainer_id, "trainer_duplicate",
            _("Formateur en double du formateur %(kept)s : son compte, ses équipes et ses certificats sont repris dans ceux du formateur conservé.")
            % {"kept": kept},
            entity=entity,
        )  # fmt: skip
    ctx.close(legacy)
    present: set = set()  # teams an earlier run wrote
    for chunk in chunks(list(teams.items()), ctx.chunk_size):
        found = ctx.existing(TeamMembership, [team.public_id for _key, team in chunk])
        present.update(key for key, team in chunk if team.public_id in found)
        values = [
            (team.public_id, team.entity, team.trainer, ctx.system_user_pk)
            for _key, team in chunk
            if team.public_id not in found
        ]
        with ctx.atomic():
            ctx.insert(TeamMembership, TEAM_FIELDS, values)
        ctx.chunk_written(TRAINERS_FILE, len(present))
    users_before = ctx.state["users_present"]
    for entity, keys_of_row, user_id in migrated:
        already = (
            all(key in present for key in keys_of_row) if keys_of_row else user_id in users_before
        )
        ctx.migrated(TRAINERS_FILE, entity=entity, already=already)
    ctx.state["trainer_user"] = trainer_user
    _migrate_certificates(ctx, trainer_user, trainer_entity)


def _migrate_certificates(ctx, trainer_user, trainer_entity) -> None:
    keys = Keys(CERTIFICATES_FILE)
    pending: list = []
    seen: dict[str, int] = {}
    legacy = ctx.open(TRAINER_CERTIFICATES)
    for record in legacy.records():
        values = record.values or {}
        certificate_id = values.get("id_certificat_formateur") or ""
        entity = trainer_entity.get(values.get("id_formateur") or "")
        if not ctx.usable(CERTIFICATES_FILE, record, certificate_id, seen, entity=entity):
            continue
        holder = trainer_user.get(values["id_formateur"])
        if holder is None:
            ctx.outcome(
                CERTIFICATES_FILE, record.line, certificate_id, "trainer_unknown",
                _("Formateur %(trainer)s absent ou non repris.") % {"trainer": values["id_formateur"]},
                entity=entity,
            )  # fmt: skip
            continue
        level = ctx.refs.levels.get((values["dispositif"], values["niveau"]))
        if level is None or values["niveau"] < 2:
            ctx.outcome(
                CERTIFICATES_FILE, record.line, certificate_id, "programme_level_unknown",
                _("Pas de certificat de formateur %(code)s de niveau %(level)s.")
                % {"code": values["dispositif"], "level": values["niveau"]},
                entity=entity,
            )  # fmt: skip
            continue
        issued_on, valid_until = values["date_obtention"], values["date_fin_validite"]
        if valid_until is not None and valid_until <= issued_on:
            ctx.outcome(
                CERTIFICATES_FILE, record.line, certificate_id, "dates_out_of_order",
                _("Fin de validité (%(end)s) antérieure ou égale à l'obtention (%(start)s).")
                % {"end": f"{valid_until:%d/%m/%Y}", "start": f"{issued_on:%d/%m/%Y}"},
                entity=entity,
            )  # fmt: skip
            continue
        ctx.dropped_values(CERTIFICATES_FILE, record, certificate_id, entity=entity)
        pending.append(
            (keys(certificate_id), holder, level.pk, issued_on, valid_until, CertificateSource.RECORDED, "", entity)
        )  # fmt: skip
        if len(pending) >= ctx.chunk_size:
            _write_certificates(ctx, pending)
            pending = []
    _write_certificates(ctx, pending)
    ctx.close(legacy)


def _write_certificates(ctx, rows) -> None:
    if not rows:
        return
    found = ctx.existing(TrainerCertificate, [row[0] for row in rows])
    with ctx.atomic():
        ctx.insert(
            TrainerCertificate,
            CERTIFICATE_FIELDS,
            [row[:-1] for row in rows if row[0] not in found],
        )
    for row in rows:
        ctx.migrated(CERTIFICATES_FILE, entity=row[-1], already=row[0] in found)
    ctx.chunk_written(CERTIFICATES_FILE, len(rows))
