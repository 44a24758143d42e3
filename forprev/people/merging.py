"""Merging two records of one person, and undoing it, with nothing lost.

``persons_merge`` folds ``removed`` into ``kept``: every row that points at the removed person
moves to the kept one, and when both people have an account, every row that points at the
removed account moves to the kept account, which is deactivated (not deleted). The relations
are found by introspection (``relations_to``): a foreign key added tomorrow moves too. When the
kept side already has the row a unique constraint allows once (both enrolled in one session,
certified by one session, in one team…), the kept side's row stays and the other is set aside:
a full copy goes into the merge record and the row is deleted. The removed person's row is
deleted too, after a full copy; their numéro Forprev stays an alias of the kept person
(``Person.objects.by_forprev_id``, the login backend).

``merge_undo`` puts everything back: the removed person with the same key, numéro, fields and
timestamps, exactly the rows that moved, the rows set aside, the accounts' state.

The audit trail: the merge record is the audit of the merge (``PersonMerge``); the auditlog
entries about the removed person follow them to the kept one. The auditlog receivers are
switched off while rows are moved, so that undoing gives back the trail as it was.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accounts.models import User
from forprev.core.exceptions import DomainError

from . import notifications
from .merging_models import MergeRequest, MergeRequestStatus, PersonMerge
from .models import Person
from .rules import can_merge_people, can_undo_merge

MOVE = "move"  # the rows follow the kept person/account (twins the constraints forbid: set aside)
SET_ASIDE = "set_aside"  # every row is copied into the merge record and deleted
KEEP = "keep"  # the rows stay with the (deactivated) removed account
SKIP = "skip"  # handled by the merge itself

# Relations that do not simply follow the kept person or account. Every other relation found by
# introspection moves (tests/people/test_merge.py lists them all and fails on a new one).
RELATION_POLICY = {
    # Pairs naming the removed person are settled by the merge; undo puts them back.
    "people.DuplicateCandidate.person_a": SET_ASIDE,
    "people.DuplicateCandidate.person_b": SET_ASIDE,
    # The removed person's row leaves with its link to its account; the kept person keeps theirs.
    "people.Person.user": SKIP,
    # Second factors stay on the account they were enrolled on (staff accounts are never merged),
    # and so do their recovery codes and enrolment links.
    "otp_totp.TOTPDevice.user": KEEP,
    "otp_static.StaticDevice.user": KEEP,
    "accounts.OtpEnrolment.user": KEEP,
}

# Rows that name an object by content type and key rather than by a foreign key:
# (model label, key fields). They follow the removed person to the kept one.
OBJECT_REFERENCES = {
    "auditlog.LogEntry": ("object_pk", "object_id"),
    "admin.LogEntry": ("object_id",),
}

CHUNK = 500


@dataclass(frozen=True)
class UniqueSet:
    """A unique constraint including the relation's field: the other fields, the condition."""

    others: tuple[str, ...]
    condition: Q | None
    nulls_distinct: bool


@dataclass(frozen=True)
class Relation:
    field: models.ForeignKey
    policy: str
    unique_sets: tuple[UniqueSet, ...]

    @property
    def model(self):
        return self.field.model

    @property
    def label(self) -> str:
        return f"{self.field.model._meta.label}.{self.field.name}"


def _reverse_relations(model):
    return [
        rel
        for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
    ]


def _unique_sets(model, field) -> tuple[UniqueSet, ...]:
    label = f"{model._meta.label}.{field.name}"
    sets = []
    if field.unique:
        sets.append(UniqueSet((), None, True))
    for together in model._meta.unique_together:
        if field.name in together:
            sets.append(UniqueSet(tuple(n for n in together if n != field.name), None, True))
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint):
            continue
        if constraint.expressions:
            raise ImproperlyConfigured(
                f"Fusion : {label} — la contrainte {constraint.name} porte sur des expressions ; "
                "dites dans people.merging comment traiter ses doublons."
            )
        if field.name in constraint.fields:
            sets.append(
                UniqueSet(
                    tuple(n for n in constraint.fields if n != field.name),
                    constraint.condition,
                    constraint.nulls_distinct is not False,
                )
            )
    return tuple(sets)


def relations_to(model) -> list[Relation]:
    """Every foreign key to ``model`` (Person or User) with what a merge does to its rows.
    Raises ``ImproperlyConfigured`` for a relation a merge could not carry over safely."""
    relations = []
    for rel in _reverse_relations(model):
        field = rel.field
        label = f"{field.model._meta.label}.{field.name}"
        policy = RELATION_POLICY.get(label, MOVE)
        if policy in {KEEP, SKIP} and model is Person and label != "people.Person.user":
            raise ImproperlyConfigured(f"Fusion : {label} doit suivre l'individu conservé.")
        unique_sets = _unique_sets(field.model, field) if policy == MOVE else ()
        if (policy == SET_ASIDE or unique_sets) and _reverse_relations(field.model):
            # A row set aside is deleted: rows pointing at it would be lost or block.
            raise ImproperlyConfigured(
                f"Fusion : les lignes de {field.model._meta.label} peuvent être mises de côté, "
                "mais d'autres lignes pointent vers elles ; dites comment les traiter."
            )
        relations.append(Relation(field, policy, unique_sets))
    return relations


# Copies of rows ------------------------------------------------------------------------------


def row_snapshot(obj) -> dict:
    """Every column of ``obj`` as JSON-safe text (dates and times at full precision)."""
    data = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        data[field.attname] = None if value is None else field.value_to_string(obj)
    return data


def row_restore(model, data: dict):
    """Insert the row ``data`` describes, as it was: same key, same timestamps (a raw save
    bypasses ``auto_now`` and custom ``save()``)."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.attname in data:
            raw = data[field.attname]
            values[field.attname] = None if raw is None else field.to_python(raw)
        else:  # a column added after the copy was taken
            values[field.attname] = field.get_default()
    obj = model(**values)  # every value given: no default runs (a numéro Forprev is not issued)
    obj.save_base(raw=True, force_insert=True)
    return obj


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


# Carrying rows over --------------------------------------------------------------------------


def _carry_over(relation: Relation, removed_pk, kept_pk, moved: dict, set_aside: list) -> None:
    model, attname = relation.model, relation.field.attname
    manager = model._base_manager
    rows = manager.select_for_update().filter(**{attname: removed_pk}).order_by("pk")
    ids = list(rows.values_list("pk", flat=True))
    if not ids or relation.policy in {KEEP, SKIP}:
        return
    aside = set(ids) if relation.policy == SET_ASIDE else _twins(relation, removed_pk, kept_pk)
    for chunk in _chunks(sorted(aside)):
        for obj in manager.filter(pk__in=chunk).order_by("pk"):
            set_aside.append(
                {"relation": relation.label, "model": model._meta.label, "row": row_snapshot(obj)}
            )
        manager.filter(pk__in=chunk).delete()
    moving = [pk for pk in ids if pk not in aside]
    if moving:
        manager.filter(**{attname: removed_pk}).update(**{attname: kept_pk})
        moved[relation.label] = moving


def _twins(relation: Relation, removed_pk, kept_pk) -> set:
    """Keys of the removed side's rows the kept side already has (per unique constraint)."""
    model, attname = relation.model, relation.field.attname
    manager = model._base_manager
    twins = set()
    for unique in relation.unique_sets:
        mine = manager.filter(**{attname: removed_pk})
        theirs = manager.filter(**{attname: kept_pk})
        if unique.condition is not None:
            mine, theirs = mine.filter(unique.condition), theirs.filter(unique.condition)
        others = [model._meta.get_field(name).attname for name in unique.others]
        if not others:
            if theirs.exists():
                twins.update(mine.values_list("pk", flat=True))
            continue
        taken = set(theirs.values_list(*others))
        for pk, *values in mine.values_list("pk", *others):
            if unique.nulls_distinct and any(v is None for v in values):
                continue
            if tuple(values) in taken:
                twins.add(pk)
    return twins


def _move_back(label: str, ids: list, from_pk, to_pk) -> None:
    model_label, _dot, field_name = label.rpartition(".")
    model = apps.get_model(model_label)
    attname = model._meta.get_field(field_name).attname
    for chunk in _chunks(ids):
        model._base_manager.filter(pk__in=chunk, **{attname: from_pk}).update(**{attname: to_pk})


def _references_to(model_label: str, content_type, pk):
    model = apps.get_model(model_label)
    key = OBJECT_REFERENCES[model_label][0]
    return model._base_manager.filter(content_type=content_type, **{key: str(pk)})


def _move_references(content_type, removed_pk, kept_pk, moved: dict) -> None:
    for model_label, keys in OBJECT_REFERENCES.items():
        rows = _references_to(model_label, content_type, removed_pk)
        ids = list(rows.select_for_update().order_by("pk").values_list("pk", flat=True))
        if ids:
            values = {key: str(kept_pk) if key == keys[0] else kept_pk for key in keys}
            rows.update(**values)
            moved[model_label] = ids


def _references_back(content_type, moved: dict, kept_pk, removed_pk) -> None:
    for model_label, ids in moved.items():
        keys = OBJECT_REFERENCES[model_label]
        model = apps.get_model(model_label)
        values = {key: str(removed_pk) if key == keys[0] else removed_pk for key in keys}
        for chunk in _chunks(ids):
            model._base_manager.filter(
                pk__in=chunk, content_type=content_type, **{keys[0]: str(kept_pk)}
            ).update(**values)


def rows_pointing_at(obj) -> dict[str, int]:
    """How many rows point at ``obj`` (a person or an account), per relation — by foreign key
    and, for a person, by content type and key."""
    counts = {}
    for relation in relations_to(type(obj)):
        count = relation.model._base_manager.filter(**{relation.field.attname: obj.pk}).count()
        if count:
            counts[relation.label] = count
    if isinstance(obj, Person):
        content_type = ContentType.objects.get_for_model(Person)
        for model_label in OBJECT_REFERENCES:
            count = _references_to(model_label, content_type, obj.pk).count()
            if count:
                counts[model_label] = count
    return counts


CERTIFICATE_RELATION = "certificates.Certificate.person"


def _drop_verification_pages(moved: dict, set_aside: list) -> None:
    """The public verification pages of the certificates that change holder (or leave, or
    come back) show the holder's name: forget their cached copies."""
    from forprev.certificates.models import Certificate
    from forprev.certificates.page_cache import drop_pages_after_change

    ids = moved.get("person", {}).get(CERTIFICATE_RELATION, [])
    codes = [
        item["row"]["verification_code"]
        for item in set_aside
        if item["model"] == "certificates.Certificate"
    ]
    for chunk in _chunks(ids):
        codes += Certificate.objects.filter(pk__in=chunk).values_list(
            "verification_code", flat=True
        )
    drop_pages_after_change(codes)


# The services --------------------------------------------------------------------------------


def _is_staff_account(user) -> bool:
    return user is not None and (bool(user.staff_role) or user.is_superuser)


def _locked_people(kept, removed) -> tuple[Person, Person]:
    if kept.pk == removed.pk:
        raise DomainError(_("Un individu ne peut pas être fusionné avec lui-même."))
    found = {
        p.pk: p
        for p in Person.objects.select_for_update()
        .filter(pk__in=[kept.pk, removed.pk])
        .order_by("pk")
    }
    for person in (kept, removed):
        if person.pk not in found:
            if PersonMerge.objects.active().filter(removed_pk=person.pk).exists():
                raise DomainError(
                    _("%(numero)s a déjà été fusionné avec un autre individu.")
                    % {"numero": person.forprev_id}
                )
            raise DomainError(_("Cet individu n'existe plus."))
    return found[kept.pk], found[removed.pk]


@transaction.atomic
def persons_merge(*, kept, removed, by, reason, request=None) -> PersonMerge:
    """Fold ``removed`` into ``kept`` (see the module's docstring). ``request``: the trainer's
    request this merge answers, closed with it."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Indiquez le motif de la fusion."), field="reason")
    kept, removed = _locked_people(kept, removed)
    if not can_merge_people(by, kept, removed):
        raise DomainError(_("Vous n'êtes pas autorisé(e) à fusionner ces individus."))
    locked = User.objects.select_for_update().filter(pk__in=[kept.user_id, removed.user_id])
    users = {user.pk: user for user in locked.order_by("pk")}
    kept_user, removed_user = users.get(kept.user_id), users.get(removed.user_id)
    if (
        removed_user is not None
        and removed_user.is_active
        and kept_user
        and not kept_user.is_active
    ):
        raise DomainError(
            _(
                "Le compte de l'individu conservé est désactivé : conservez plutôt l'autre "
                "individu, dont le compte est actif."
            )
        )
    if _is_staff_account(kept_user) or _is_staff_account(removed_user):
        raise DomainError(
            _(
                "Un compte de l'assistance, du national ou d'une caisse ne se fusionne pas : "
                "corrigez-le dans le back-office."
            )
        )
    removed_snapshot = row_snapshot(removed)
    moved = {"person": {}, "account": {}, "references": {}}
    set_aside: list = []
    accounts = {
        "kept_user": kept_user.pk if kept_user else None,
        "removed_user": removed_user.pk if removed_user else None,
        "mode": "none",
    }
    with disable_auditlog():
        for relation in relations_to(Person):
            _carry_over(relation, removed.pk, kept.pk, moved["person"], set_aside)
        _move_references(
            ContentType.objects.get_for_model(Person), removed.pk, kept.pk, moved["references"]
        )
        if kept_user is not None and removed_user is not None:
            accounts.update(mode="merged", removed_user_was_active=removed_user.is_active)
            for relation in relations_to(User):
                _carry_over(relation, removed_user.pk, kept_user.pk, moved["account"], set_aside)
        leftovers = rows_pointing_at(removed)
        if leftovers:  # a relation the plan did not carry over: refuse rather than lose rows
            raise RuntimeError(f"Rows still point at the removed person: {leftovers}")
        Person.objects.filter(pk=removed.pk).delete()
        if accounts["mode"] == "merged":
            User.objects.filter(pk=removed_user.pk).update(is_active=False)
        elif removed_user is not None:
            accounts["mode"] = "moved"  # the kept person had no account: they take this one
            Person.objects.filter(pk=kept.pk).update(user=removed_user)
    _drop_verification_pages(moved, set_aside)
    merge = PersonMerge.objects.create(
        kept=kept,
        kept_pk=kept.pk,
        kept_forprev_id=kept.forprev_id,
        removed_pk=removed.pk,
        removed_forprev_id=removed.forprev_id,
        removed_snapshot=removed_snapshot,
        removed_user=removed_user if accounts["mode"] == "merged" else None,
        accounts=accounts,
        moved=moved,
        set_aside=set_aside,
        by=by,
        reason=reason,
        request=request,
    )
    if request is not None:
        MergeRequest.objects.filter(pk=request.pk).update(
            status=MergeRequestStatus.MERGED,
            handled_by=by,
            handled_at=timezone.now(),
            response=reason,
        )
        notifications.merge_request_answered(MergeRequest.objects.get(pk=request.pk))
    return merge


def later_merges(merge):
    """Merges in force made after ``merge`` that involve one of its two people."""
    people = [merge.kept_pk, merge.removed_pk]
    return (
        PersonMerge.objects.active()
        .filter(pk__gt=merge.pk)
        .filter(Q(kept_pk__in=people) | Q(removed_pk__in=people))
    )


@transaction.atomic
def merge_undo(*, merge, by) -> PersonMerge:
    """Split the two people again, exactly as they were before ``merge``."""
    merge = PersonMerge.objects.select_for_update().filter(pk=merge.pk).first()
    if merge is None:
        raise DomainError(_("Cette fusion n'existe pas."))
    if merge.is_undone:
        raise DomainError(_("Cette fusion a déjà été annulée."))
    if not can_undo_merge(by, merge):
        raise DomainError(_("Vous n'êtes pas autorisé(e) à annuler cette fusion."))
    later = later_merges(merge).order_by("pk").first()
    if later is not None:
        raise DomainError(
            _(
                "Une fusion plus récente concerne les mêmes individus (%(later)s, le %(day)s) : "
                "annulez-la d'abord."
            )
            % {"later": later, "day": timezone.localtime(later.created_at).strftime("%d/%m/%Y")}
        )
    kept = Person.objects.select_for_update().filter(pk=merge.kept_pk).first()
    if kept is None or Person.objects.filter(pk=merge.removed_pk).exists():
        raise DomainError(_("Les individus de cette fusion ont changé : annulation impossible."))
    accounts, moved = merge.accounts, merge.moved
    try:
        with transaction.atomic(), disable_auditlog():
            if accounts.get("mode") == "moved":
                Person.objects.filter(pk=kept.pk).update(user=accounts["kept_user"])
            row_restore(Person, merge.removed_snapshot)
            for label, ids in moved.get("person", {}).items():
                _move_back(label, ids, kept.pk, merge.removed_pk)
            if accounts.get("mode") == "merged":
                for label, ids in moved.get("account", {}).items():
                    _move_back(label, ids, accounts["kept_user"], accounts["removed_user"])
                User.objects.filter(pk=accounts["removed_user"]).update(
                    is_active=accounts["removed_user_was_active"]
                )
            _references_back(
                ContentType.objects.get_for_model(Person),
                moved.get("references", {}),
                kept.pk,
                merge.removed_pk,
            )
            for item in merge.set_aside:
                row_restore(apps.get_model(item["model"]), item["row"])
    except IntegrityError:
        # A row created since the merge takes the place of one to restore.
        raise DomainError(
            _(
                "Des données créées depuis la fusion empêchent de la défaire : "
                "contactez l'équipe technique."
            )
        ) from None
    _drop_verification_pages(moved, merge.set_aside)
    merge.undone_at = timezone.now()
    merge.undone_by = by
    merge.save(update_fields=["undone_at", "undone_by", "updated_at"])
    if merge.request_id is not None:
        MergeRequest.objects.filter(pk=merge.request_id).update(
            status=MergeRequestStatus.PENDING, handled_by=None, handled_at=None, response=""
        )
    return merge


def person_for_forprev_id(value: str):
    """The person a numéro Forprev names, through the aliases of merges in force."""
    return Person.objects.by_forprev_id(value).select_related("user").first()
