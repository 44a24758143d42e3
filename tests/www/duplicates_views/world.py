"""Situations of two records of one person, for the merge tests (tests/people/test_merge*.py)
and the duplicates pages: every kind of row that can point at a person or an account, on one
side, on the other, or on both (the twins the unique constraints allow once)."""

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from forprev.certificates.models import Certificate
from forprev.entities.enums import MembershipRole
from forprev.entities.models import Membership
from forprev.people.merging_models import DuplicateCandidate, MergeRequest, PersonMerge
from forprev.people.models import Person
from forprev.people.requests import PersonRequest, PersonRequestKind
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TeamMembership, TrainerCertificate
from forprev.training.models import Enrolment, SessionTrainer
from tests.factories import EntityFactory, UserFactory
from tests.session_fixtures import copy_of

# Kinds of rows a world can hold (each on side A only, side B only and both sides).
PERSON_KINDS = ("enrolment", "certificate", "person_request", "candidate", "earlier_merge", "audit")
ACCOUNT_KINDS = ("team", "session_trainer", "trainer_certificate", "membership", "authored", "auth")
KINDS = PERSON_KINDS + ACCOUNT_KINDS


def person(
    last_name, first_name, *, born=date(1985, 6, 14), account=False, email="", forprev_id_of=None
):
    """A person; with ``account``, their account carries the same numéro Forprev
    (``forprev_id_of``: the number of another person, as a faulty import would)."""
    user = None
    if account:
        user = UserFactory(last_name=last_name, first_name=first_name)
        email = email or user.email
    fields = {"forprev_id": user.forprev_id} if user else {}
    if forprev_id_of is not None:
        fields = {"forprev_id": forprev_id_of.forprev_id}
    return Person.objects.create(
        last_name=last_name,
        first_name=first_name,
        birth_date=born,
        email=email,
        user=user,
        **fields,
    )


def trainer_of(entity, last_name="Martin", first_name="Claire", **kwargs):
    """A person with an account in ``entity``'s team (an instructor's merge scope)."""
    someone = person(last_name, first_name, account=True, **kwargs)
    TeamMembership.objects.create(entity=entity, trainer=someone.user, added_by=someone.user)
    return someone


@dataclass
class World:
    a: Person
    b: Person
    third: Person
    kinds: tuple
    notes: dict = field(default_factory=dict)


def build_world(*, session, support, kinds=KINDS, a_account=True, b_account=True) -> World:
    """Two records of one trainee/trainer (A and B) and a third person, with the rows of
    ``kinds`` on A only, on B only and on both. ``session`` is a session of an entity (its
    copies give the sessions needed)."""
    entity = session.entity
    a = person("Durand", "Léa", account=a_account)
    b = person("Durant", "Lea", account=b_account)
    third = person("Durand", "Léon", born=date(1986, 6, 14))
    world = World(a, b, third, tuple(kinds))
    sides = {"a": [a], "b": [b], "both": [a, b]}
    sessions = {name: copy_of(session) for name in sides}
    manager = session.created_by
    sst = session.programme_level
    today = timezone.localdate()

    if "enrolment" in kinds:
        for name, people in sides.items():
            for someone in people:
                Enrolment.objects.create(session=sessions[name], person=someone)
    if "certificate" in kinds:
        for name, people in sides.items():
            for someone in people:
                Certificate.objects.create(
                    person=someone,
                    programme_level=sst,
                    kind="initial",
                    issued_on=today - timedelta(days=10),
                    valid_until=today + timedelta(days=700),
                    session=sessions[name],
                    entity=entity,
                    trainer_names="Paul FORMATEUR",
                )
    if "person_request" in kinds:
        for someone in (a, b):
            PersonRequest.objects.create(
                entity=entity,
                kind=PersonRequestKind.WRONG_DETAILS,
                person=someone,
                last_name=someone.last_name,
                first_name=someone.first_name,
                birth_date=someone.birth_date,
                requested_by=manager,
            )
    if "candidate" in kinds:
        for x, y in ((a, b), (a, third), (b, third)):
            low, high = sorted((x, y), key=lambda p: p.pk)
            DuplicateCandidate.objects.create(person_a=low, person_b=high, score=0.8, group=a.pk)
    if "earlier_merge" in kinds:
        from forprev.people.merging import persons_merge

        for someone in (a, b):
            twin = person(someone.last_name, someone.first_name, born=date(1985, 6, 15))
            Enrolment.objects.create(session=sessions["both"], person=twin)
            persons_merge(kept=someone, removed=twin, by=support, reason="Même personne")
    if "audit" in kinds:
        for someone in (a, b):
            someone.email = f"{someone.forprev_id.lower()}@exemple.fr"
            someone.save()  # an auditlog « update » entry about the person
            AdminLogEntry.objects.create(
                user=support,
                content_type=ContentType.objects.get_for_model(Person),
                object_id=str(someone.pk),
                object_repr=str(someone),
                action_flag=CHANGE,
                change_message="[]",
            )
            if someone.user:
                LogEntry.objects.create(
                    content_type=ContentType.objects.get_for_model(type(entity)),
                    object_pk=str(entity.pk),
                    object_id=entity.pk,
                    object_repr=str(entity),
                    action=LogEntry.Action.UPDATE,
                    actor=someone.user,
                    changes={"phone": ["", "0491000000"]},
                )
    accounts = {name: [p.user for p in people if p.user] for name, people in sides.items()}
    if len(accounts["both"]) < 2:
        accounts["both"] = []
    if "team" in kinds or "membership" in kinds:
        targets = {
            "a": entity,
            "b": EntityFactory(name="FORMATIONS DU LITTORAL"),
            "both": EntityFactory(in_lyon=True, name="SÉCURITÉ RHÔNE"),
        }
    if "team" in kinds:
        for name, users in accounts.items():
            for user in users:
                TeamMembership.objects.create(entity=targets[name], trainer=user, added_by=manager)
        for user in accounts["a"] + accounts["b"]:  # past places: never twins
            TeamMembership.objects.create(
                entity=targets["both"], trainer=user, added_by=manager, removed_at=timezone.now()
            )
    if "session_trainer" in kinds:
        for name, users in accounts.items():
            for user in users:
                SessionTrainer.objects.create(session=sessions[name], trainer=user)
    if "trainer_certificate" in kinds:
        level2 = ProgrammeLevel.objects.get(programme__code="SST", level=2)
        for name, users in accounts.items():
            for user in users:
                TrainerCertificate.objects.create(
                    holder=user,
                    programme_level=level2,
                    issued_on=today - timedelta(days=100),
                    valid_until=today + timedelta(days=900),
                    source=CertificateSource.TRAINING,
                    session=sessions[name],
                    recorded_by=support,
                )
    if "membership" in kinds:
        for name, users in accounts.items():
            role = MembershipRole.MANAGER if name == "a" else MembershipRole.DELEGATE
            for user in users:
                Membership.objects.create(user=user, entity=targets[name], role=role, rights=[])
        for user in accounts["a"] + accounts["b"]:  # revoked places: never twins
            Membership.objects.create(
                user=user,
                entity=targets["both"],
                role=MembershipRole.DELEGATE,
                revoked_at=timezone.now(),
            )
    if "authored" in kinds:
        for user in accounts["a"] + accounts["b"]:
            copy_of(session, created_by=user)
            MergeRequest.objects.create(
                requested_by=user, other_forprev_id="ABC12345", explanation="Deux comptes"
            )
    if "auth" in kinds:
        groups = {name: Group.objects.create(name=f"groupe {name}") for name in sides}
        for name, users in accounts.items():
            for user in users:
                user.groups.add(groups[name])
        for user in accounts["a"] + accounts["b"]:
            TOTPDevice.objects.create(user=user, name="Forprev", confirmed=True)
    for someone in (a, b, third):
        someone.refresh_from_db()
    return world


def database_dump(*, without_merge=None) -> dict:
    """Every row of every table, in key order (``without_merge``: a merge record left out)."""
    dump = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = model._base_manager.order_by("pk")
        if model is PersonMerge and without_merge is not None:
            rows = rows.exclude(pk=without_merge.pk)
        dump[model._meta.label] = list(rows.values())
    return dump


def dump_differences(before: dict, after: dict) -> list[str]:
    """Readable differences between two dumps (empty when equal)."""
    differences = []
    for label in sorted(set(before) | set(after)):
        old, new = before.get(label, []), after.get(label, [])
        if old == new:
            continue
        old_rows = {row["id"]: row for row in old}
        new_rows = {row["id"]: row for row in new}
        for key in sorted(set(old_rows) | set(new_rows)):
            if old_rows.get(key) != new_rows.get(key):
                differences.append(f"{label} #{key}: {old_rows.get(key)} → {new_rows.get(key)}")
    return differences


def kind_combinations():
    """No rows, each kind alone, every kind together."""
    return [(), *((kind,) for kind in KINDS), KINDS]


ACCOUNT_COMBINATIONS = list(itertools.product((False, True), repeat=2))
