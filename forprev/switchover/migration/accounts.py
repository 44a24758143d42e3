"""Phase « comptes » (``utilisateurs.csv``, ``profils.csv``): accounts and their memberships.

Accounts:

- The login (numéro Forprev) is the Forprev 1 ``identifiant`` when well-formed and free, else a
  new deterministic one (``ids``), listed as a correction so the person can be told.
- One e-mail address per account: a shared address stays with the account with the smallest id,
  an invalid one or one already used by a Forprev 2 account is left empty (the person enters it
  in « Mes informations »); each is a correction.
- Inactive accounts stay inactive. Passwords are not taken over: the password field holds a
  marker that matches no password yet is not Django's « unusable » one, so the person chooses a
  password through « Mot de passe oublié » (which refuses unusable passwords).
- An account without a name is rejected; the account of a duplicate trainer is merged into the
  kept one (``plan``).

Memberships (one per account and Forprev 2 entity):

- ``CEH`` of a habilitated entity → manager; ``CEA`` and ``ASSISTANT`` → delegate with the
  rights of ``droits`` mapped by ``RIGHTS`` (unknown rights dropped, listed as a correction).
- Any profile on an associated entity or antenna → delegate of its habilitated entity; its CEH
  gets ``ANTENNA_MANAGER_RIGHTS`` (declare and close sessions, trainers, exports).
- Several profiles landing on the same account and entity (an antenna and its entity, two
  merged accounts) make one membership: manager if any is, the union of the rights otherwise;
  the first row is migrated, the others merged into it.

A system account « REPRISE Forprev 1 » (inactive, no e-mail) stands for the unknown author of
what Forprev 1 does not attribute (sessions' ``created_by``, teams' ``added_by``).
"""

import unicodedata
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accounts.models import User
from forprev.entities.enums import DelegateRight, MembershipRole
from forprev.entities.models import Membership

from ..legacy.keys import legacy_uuid
from ..legacy.spec import PROFILES_FILE, USERS
from .context import LOOKUP_SIZE, Keys, chunks
from .entities import valid_email
from .ids import ForprevIds, normalised

USERS_FILE = USERS.name
PROFILES = PROFILES_FILE.name
# A password hash no password matches (unknown algorithm), which Django still calls usable:
# the forgotten-password form accepts the account.
PASSWORD_MARKER = "forprev1$reprise$mot-de-passe-a-choisir"  # noqa: S105 - not a secret
SYSTEM_PUBLIC_ID = legacy_uuid("reprise", "compte-systeme")
USER_FIELDS = (
    "public_id", "forprev_id", "email", "first_name", "last_name", "is_active", "is_superuser",
    "staff_role", "pending_email", "password", "info_validated_at", "date_joined",
)  # fmt: skip
MEMBERSHIP_FIELDS = ("public_id", "user_id", "entity_id", "role", "rights")

# Forprev 1 rights (``droits``, folded: lower case, no accents, ``_`` for spaces and dashes).
RIGHTS = {
    "sessions": (DelegateRight.DECLARE_SESSIONS, DelegateRight.CLOSE_SESSIONS),
    "declarer": (DelegateRight.DECLARE_SESSIONS,),
    "declaration": (DelegateRight.DECLARE_SESSIONS,),
    "declarer_sessions": (DelegateRight.DECLARE_SESSIONS,),
    "creer_sessions": (DelegateRight.DECLARE_SESSIONS,),
    "cloturer": (DelegateRight.CLOSE_SESSIONS,),
    "cloture": (DelegateRight.CLOSE_SESSIONS,),
    "cloturer_sessions": (DelegateRight.CLOSE_SESSIONS,),
    "formateurs": (DelegateRight.MANAGE_TRAINERS,),
    "equipe": (DelegateRight.MANAGE_TRAINERS,),
    "equipe_pedagogique": (DelegateRight.MANAGE_TRAINERS,),
    "exports": (DelegateRight.EXPORTS,),
    "export": (DelegateRight.EXPORTS,),
    "demandes": (DelegateRight.VIEW_REQUESTS,),
    "habilitations": (DelegateRight.VIEW_REQUESTS,),
    # Enrolling trainees is part of declaring a session; certificates are issued by closing it.
    "stagiaires": (DelegateRight.DECLARE_SESSIONS,),
    "certificats": (DelegateRight.CLOSE_SESSIONS,),
} | {right.value: (right,) for right in DelegateRight}
ANTENNA_MANAGER_RIGHTS = (
    DelegateRight.DECLARE_SESSIONS,
    DelegateRight.CLOSE_SESSIONS,
    DelegateRight.MANAGE_TRAINERS,
    DelegateRight.EXPORTS,
)
RIGHTS_ORDER = {right.value: n for n, right in enumerate(DelegateRight)}


def clean_email(raw: str | None) -> str:
    return (raw or "").strip().lower()


def replaced(old: str, new: str) -> str:
    """Why a row got a new numéro Forprev (the person must be told their new login)."""
    if not old.strip():
        return _("Numéro Forprev absent : nouveau numéro %(new)s.") % {"new": new}
    if normalised(old) is None:
        return _("Numéro Forprev « %(old)s » mal formé : nouveau numéro %(new)s.") % {
            "old": old,
            "new": new,
        }
    return _("Numéro Forprev « %(old)s » déjà attribué : nouveau numéro %(new)s.") % {
        "old": old,
        "new": new,
    }


def user_rejection(values: dict) -> tuple[str, str] | None:
    if not (values.get("nom") or "").strip() or not (values.get("prenom") or "").strip():
        return "name_missing", _("Nom ou prénom absent : le compte ne peut pas être repris.")
    return None


def fold_right(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower().strip()
    return "_".join(plain.replace("-", " ").replace("'", " ").split())


def map_rights(raw: str | None) -> tuple[set[str], list[str]]:
    """(Forprev 2 rights, unknown Forprev 1 rights) of a ``droits`` cell."""
    rights, unknown = set(), []
    for part in (raw or "").replace(";", ",").replace("|", ",").split(","):
        if not part.strip():
            continue
        mapped = RIGHTS.get(fold_right(part))
        if mapped is None:
            unknown.append(part.strip())
        else:
            rights.update(right.value for right in mapped)
    return rights, unknown


def moment(day) -> datetime | None:
    """Midnight (Paris) of a Forprev 1 date."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time()), timezone.get_default_timezone())


@dataclass(slots=True)
class UserRow:
    line: int
    id: str
    public_id: object
    wanted: str | None  # the well-formed Forprev 1 identifiant
    raw_identifier: str
    email: str
    wanted_email: str
    first_name: str
    last_name: str
    active: bool
    validated_at: datetime | None
    entity: str


def migrate_accounts(ctx) -> None:
    plan = ctx.state["plan"]
    ids = ctx.state.setdefault("forprev_ids", ForprevIds(ctx))
    keys = Keys(USERS_FILE)
    state = {"pk": {}, "forprev_id": {}, "name": {}, "present": set()}
    later: list[UserRow] = []
    pending: list[UserRow] = []
    seen: dict[str, int] = {}
    legacy = ctx.open(USERS)
    for record in legacy.records():
        values = record.values or {}
        user_id = values.get("id_utilisateur") or ""
        entity = plan.user_entity.get(user_id)
        if not ctx.usable(USERS_FILE, record, user_id, seen, entity=entity):
            continue
        problem = user_rejection(values)
        if problem:
            ctx.outcome(USERS_FILE, record.line, user_id, *problem, entity=entity)
            continue
        if user_id in plan.merged_users:
            ctx.outcome(
                USERS_FILE, record.line, user_id, "trainer_duplicate",
                _("Compte d'un formateur en double : fusionné dans le compte %(kept)s.")
                % {"kept": plan.merged_users[user_id]},
                entity=entity,
            )  # fmt: skip
            continue
        ctx.dropped_values(USERS_FILE, record, user_id, entity=entity)
        wanted_email = email = clean_email(values["email"])
        if email and not valid_email(email):
            ctx.correction(
                USERS_FILE, record.line, user_id, "email_invalid",
                _("Adresse « %(email)s » invalide : à saisir dans « Mes informations ».") % {"email": values["email"]},
                entity=entity,
            )  # fmt: skip
            email = wanted_email = ""
        elif email and plan.email_holder.get(email) != user_id:
            ctx.correction(
                USERS_FILE, record.line, user_id, "email_shared",
                _("Adresse « %(email)s » partagée : laissée au compte %(holder)s, à saisir dans « Mes informations ».")
                % {"email": email, "holder": plan.email_holder.get(email)},
                entity=entity,
            )  # fmt: skip
            email = wanted_email = ""
        pending.append(
            UserRow(
                record.line, user_id, keys(user_id), normalised(values["identifiant"]),
                values["identifiant"], email, wanted_email, values["prenom"].strip(),
                values["nom"].strip(), values["actif"] is not False,
                moment(values["date_validation_infos"]), entity or "",
            )
        )  # fmt: skip
        if len(pending) >= ctx.chunk_size:
            later += _write_users(ctx, ids, pending, state)
            pending = []
    later += _write_users(ctx, ids, pending, state)
    for chunk in chunks(later, ctx.chunk_size):
        _write_users(ctx, ids, chunk, state, derived=True)
    ctx.close(legacy)
    for merged, kept in plan.merged_users.items():
        if kept in state["pk"]:
            state["pk"][merged] = state["pk"][kept]
            state["name"][merged] = state["name"][kept]
    ctx.state["user_pk"] = state["pk"]
    ctx.state["user_forprev_id"] = state["forprev_id"]
    ctx.state["user_name"] = state["name"]
    ctx.state["users_present"] = state["present"]
    _system_account(ctx, ids)
    migrate_profiles(ctx)


def _write_users(ctx, ids: ForprevIds, rows: list[UserRow], state, *, derived=False) -> list:
    """Write the rows an earlier run did not; returns those that need a new number (written
    after all the others)."""
    if not rows:
        return []
    found = ctx.existing(User, [row.public_id for row in rows], "forprev_id", "email")
    new = [row for row in rows if row.public_id not in found]
    # E-mails a Forprev 2 account already has (an earlier run's rows are found above).
    emails = sorted({row.email for row in new if row.email}) if ctx.held_rows(User) else []
    taken_emails = set()
    for start in range(0, len(emails), LOOKUP_SIZE):
        taken_emails.update(
            User.objects.annotate(lower_email=Lower("email"))
            .filter(lower_email__in=emails[start : start + LOOKUP_SIZE])
            .order_by()
            .values_list("lower_email", flat=True)
        )
    free = set() if derived else ids.free(row.wanted for row in new)
    write, later = [], []
    for row in new:
        if derived:
            number = ids.derived(row.public_id)
        elif row.wanted in free and row.wanted not in ids.claimed:
            number = row.wanted
        else:
            later.append(row)
            continue
        ids.claim(number)
        if row.email in taken_emails:
            row.email = ""
        write.append((row, number))
    joined = moment(ctx.export_date)
    values = [
        (
            row.public_id, number, row.email, row.first_name, row.last_name, row.active, False, "",
            "", PASSWORD_MARKER, row.validated_at, joined,
        )
        for row, number in write
    ]  # fmt: skip
    with ctx.atomic():
        ids.record(number for _row, number in write)
        pks = ctx.insert(User, USER_FIELDS, values, returning=True)
    for (row, number), pk in zip(write, pks, strict=True):
        found[row.public_id] = (pk, number, row.email)
    written = {row.public_id for row, _number in write}
    postponed = {row.public_id for row in later}
    for row in rows:
        if row.public_id in postponed:
            continue
        pk, number, email = found[row.public_id]
        ids.claim(number)
        state["pk"][row.id] = pk
        state["forprev_id"][row.id] = number
        state["name"][row.id] = f"{row.last_name.upper()} {row.first_name}".strip()
        if row.public_id not in written:
            state["present"].add(row.id)
        if number != row.wanted:
            ctx.correction(
                USERS_FILE, row.line, row.id, "identifier_replaced", replaced(row.raw_identifier, number),
                entity=row.entity,
            )  # fmt: skip
        if row.wanted_email and not email:
            ctx.correction(
                USERS_FILE, row.line, row.id, "email_taken",
                _("Adresse « %(email)s » déjà utilisée par un compte Forprev 2 : à saisir dans « Mes informations ».")
                % {"email": row.wanted_email},
                entity=row.entity,
            )  # fmt: skip
        ctx.migrated(USERS_FILE, entity=row.entity, already=row.public_id not in written)
    ctx.chunk_written(USERS_FILE, len(state["pk"]))
    return later


def _system_account(ctx, ids: ForprevIds) -> None:
    found = ctx.existing(User, [SYSTEM_PUBLIC_ID])
    if SYSTEM_PUBLIC_ID in found:
        ctx.system_user_pk = found[SYSTEM_PUBLIC_ID]
        return
    number = ids.derived(SYSTEM_PUBLIC_ID)
    ids.claim(number)
    with ctx.atomic():
        ids.record([number])
        (ctx.system_user_pk,) = ctx.insert(
            User,
            USER_FIELDS,
            [
                (
                    SYSTEM_PUBLIC_ID, number, "", "Forprev 1", "REPRISE", False, False, "", "",
                    "!" + PASSWORD_MARKER, None, moment(ctx.export_date),
                )
            ],
            returning=True,
        )  # fmt: skip


@dataclass(slots=True)
class _Membership:
    public_id: object
    user: int
    entity: int
    manager: bool
    rights: set
    rows: list  # (line, user id, entity id) of the profiles folded into it


def migrate_profiles(ctx) -> None:
    plan = ctx.state["plan"]
    user_pk, entity_pk = ctx.state["user_pk"], ctx.state["entity_pk"]
    entity_key, associated = ctx.state["entity_key"], ctx.state["associated"]
    keys = Keys(PROFILES)
    memberships: dict[tuple[int, int], _Membership] = {}
    legacy = ctx.open(PROFILES_FILE)
    for record in legacy.records():
        values = record.values or {}
        user_id, entity_id = values.get("id_utilisateur") or "", values.get("id_entite") or ""
        row_id = f"{user_id}/{entity_id}" if user_id or entity_id else ""
        if record.rejected:
            ctx.rejected_record(PROFILES, record, row_id, entity=entity_id)
            continue
        if user_id not in user_pk:
            ctx.outcome(
                PROFILES, record.line, row_id, "user_unknown",
                _("Compte %(user)s absent ou non repris.") % {"user": user_id}, entity=entity_id,
            )  # fmt: skip
            continue
        if entity_id not in entity_pk:
            ctx.outcome(
                PROFILES, record.line, row_id, "entity_unknown",
                _("Entité %(entity)s absente ou non reprise.") % {"entity": entity_id}, entity=entity_id,
            )  # fmt: skip
            continue
        profile = values["profil"]
        rights, unknown = map_rights(values["droits"])
        corrections = []
        if entity_id in associated:
            manager = False
            if profile == "CEH":
                rights = {right.value for right in ANTENNA_MANAGER_RIGHTS}
            corrections.append(
                ("delegate_of_parent",
                 _("Profil %(profile)s de l'entité associée %(entity)s : délégué de l'entité habilitée.")
                 % {"profile": profile, "entity": entity_id})
            )  # fmt: skip
        else:
            manager = profile == "CEH"
            if manager:
                rights, unknown = set(), []
        if unknown:
            corrections.append(
                ("rights_unknown", _("Droits inconnus non repris : %(rights)s.") % {"rights": ", ".join(unknown)})
            )  # fmt: skip
        key = (user_pk[user_id], entity_pk[entity_id])
        membership = memberships.get(key)
        if membership is None:
            for code, message in corrections:
                ctx.correction(PROFILES, record.line, row_id, code, message, entity=entity_id)
            ctx.dropped_values(PROFILES, record, row_id, entity=entity_id)
            kept_user = plan.kept_user(user_id)
            memberships[key] = _Membership(
                keys(f"{kept_user}/{entity_key[entity_id]}"), key[0], key[1], manager, rights,
                [(record.line, row_id, entity_id)],
            )  # fmt: skip
            continue
        membership.manager = membership.manager or manager
        membership.rights |= rights
        first_line, first_id, _entity = membership.rows[0]
        membership.rows.append((record.line, row_id, entity_id))
        ctx.outcome(
            PROFILES, record.line, row_id, "profile_merged",
            _("Réuni avec le profil ligne %(line)s (%(first)s) : un seul rattachement par compte et par entité.")
            % {"line": first_line, "first": first_id},
            entity=entity_id,
        )  # fmt: skip
    ctx.close(legacy)
    for chunk in chunks(list(memberships.values()), ctx.chunk_size):
        found = ctx.existing(Membership, [m.public_id for m in chunk])
        new = [m for m in chunk if m.public_id not in found]
        values = [
            (
                m.public_id, m.user, m.entity,
                MembershipRole.MANAGER if m.manager else MembershipRole.DELEGATE,
                [] if m.manager else sorted(m.rights, key=RIGHTS_ORDER.__getitem__),
            )
            for m in new
        ]  # fmt: skip
        with ctx.atomic():
            ctx.insert(Membership, MEMBERSHIP_FIELDS, values)
        for m in chunk:
            line, row_id, entity_id = m.rows[0]
            ctx.migrated(PROFILES, entity=entity_id, already=m.public_id in found)
        ctx.chunk_written(PROFILES, len(chunk))
