"""Merging two records of one person: nothing lost, nothing left pointing at the removed one,
and undo gives back exactly the database as it was (every row of every table).

The proof is exhaustive over small combinations (``world.build_world``): which side has an
account (4) × which side is kept (2) × the kinds of rows present (none, each kind alone, all
of them), each kind on one side, on the other and on both (twins a unique constraint allows
once)."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import transaction

from forprev.accounts.models import User
from forprev.certificates.models import Certificate
from forprev.people.merging import (
    KEEP,
    MOVE,
    SET_ASIDE,
    SKIP,
    merge_undo,
    persons_merge,
    relations_to,
    rows_pointing_at,
)
from forprev.people.merging_models import PersonMerge
from forprev.people.models import Person
from forprev.trainers.models import TeamMembership
from forprev.training.models import Enrolment
from tests.www.duplicates_views.world import (
    ACCOUNT_COMBINATIONS,
    build_world,
    database_dump,
    dump_differences,
    kind_combinations,
)

pytestmark = pytest.mark.django_db

# Every relation to a person or an account and what a merge does with it. A new foreign key
# makes this test fail: check that its rows may follow the kept person (or give it a policy in
# people.merging.RELATION_POLICY), then add it here.
KNOWN_PERSON_RELATIONS = {
    "certificates.Certificate.person": MOVE,
    "people.DuplicateCandidate.person_a": SET_ASIDE,
    "people.DuplicateCandidate.person_b": SET_ASIDE,
    "people.PersonMerge.kept": MOVE,
    "people.PersonRequest.person": MOVE,
    "training.Enrolment.person": MOVE,
}
KNOWN_ACCOUNT_RELATIONS = {
    "accounts.User_groups.user": MOVE,
    "accounts.User_user_permissions.user": MOVE,
    "accreditations.AccreditationRequest.created_by": MOVE,
    "accreditations.AccreditationRequest.decided_by": MOVE,
    "accreditations.AccreditationRequest.reviewer": MOVE,
    "accreditations.Extension.created_by": MOVE,
    "accreditations.ProposedTrainer.trainer": MOVE,
    "accreditations.RequestDocument.uploaded_by": MOVE,
    "accreditations.RequestEvent.actor": MOVE,
    "accounts.OtpEnrolment.issued_by": MOVE,
    "accounts.OtpEnrolment.user": KEEP,
    "otp_static.StaticDevice.user": KEEP,
    "core.JobRun.started_by": MOVE,
    "switchover.ConformityRun.started_by": MOVE,
    "entities.Entity.recognised_by": MOVE,
    "entities.Invitation.invited_by": MOVE,
    "entities.Invitation.invitee": MOVE,
    "admin.LogEntry.user": MOVE,
    "auditlog.LogEntry.actor": MOVE,
    "entities.Membership.user": MOVE,
    "freezes.FeatureFreeze.created_by": MOVE,
    "otp_totp.TOTPDevice.user": KEEP,
    "people.MergeRequest.handled_by": MOVE,
    "people.MergeRequest.requested_by": MOVE,
    "people.Person.user": SKIP,
    "people.PersonMerge.by": MOVE,
    "people.PersonMerge.removed_user": MOVE,
    "people.PersonMerge.undone_by": MOVE,
    "people.DuplicateCandidate.reviewed_by": MOVE,
    "people.PersonRequest.requested_by": MOVE,
    "people.PersonRequest.resolved_by": MOVE,
    "trainers.TeamMembership.added_by": MOVE,
    "trainers.TeamMembership.trainer": MOVE,
    "trainers.TrainerCertificate.holder": MOVE,
    "trainers.TrainerCertificate.recorded_by": MOVE,
    "training.RegularisationRequest.decided_by": MOVE,
    "training.RegularisationRequest.requested_by": MOVE,
    "training.SessionAmendment.by": MOVE,
    "training.SessionTrainer.trainer": MOVE,
    "training.TrainingSession.created_by": MOVE,
}

EXERCISED_PERSON_MOVES = {
    "training.Enrolment.person",
    "certificates.Certificate.person",
    "people.PersonRequest.person",
    "people.PersonMerge.kept",
    "auditlog.LogEntry",
    "admin.LogEntry",
}
EXERCISED_ACCOUNT_MOVES = {
    "trainers.TeamMembership.trainer",
    "training.SessionTrainer.trainer",
    "trainers.TrainerCertificate.holder",
    "entities.Membership.user",
    "training.TrainingSession.created_by",
    "people.MergeRequest.requested_by",
    "accounts.User_groups.user",
    "auditlog.LogEntry.actor",
}
EXERCISED_ACCOUNT_TWINS = {
    "trainers.TeamMembership",
    "training.SessionTrainer",
    "trainers.TrainerCertificate",
    "entities.Membership",
    "accounts.User_groups",
}


def test_every_relation_to_a_person_or_an_account_is_known_and_carried_over():
    person = {r.label: r.policy for r in relations_to(Person)}
    account = {r.label: r.policy for r in relations_to(User)}
    assert person == KNOWN_PERSON_RELATIONS, "relation to Person added or changed"
    assert account == KNOWN_ACCOUNT_RELATIONS, "relation to User added or changed"


def test_no_model_names_a_person_by_a_generic_relation():
    """Rows naming an object by content type and key are carried over by a list
    (merging.OBJECT_REFERENCES); a generic foreign key would need its place there."""
    generic = [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.private_fields
        if isinstance(f, GenericForeignKey)
    ]
    assert generic == []


def _merge_and_undo(world, kept, removed, support):
    before = database_dump()
    merge = persons_merge(kept=kept, removed=removed, by=support, reason="Même personne")
    # Nothing points at the removed person, nor at their account (but what stays with it).
    assert not Person.objects.filter(pk=removed.pk).exists()
    assert rows_pointing_at(removed) == {}
    if kept.user and removed.user:
        # Only the merge record (the alias) and the second factors stay with the old account.
        left = rows_pointing_at(removed.user)
        assert left.pop("people.PersonMerge.removed_user") == 1
        assert set(left) <= {"otp_totp.TOTPDevice.user"}, left
        assert not User.objects.get(pk=removed.user.pk).is_active
    # The removed numéro Forprev names the kept person.
    assert Person.objects.by_forprev_id(removed.forprev_id).get() == kept
    merge_undo(merge=merge, by=support)
    after = database_dump(without_merge=merge)
    assert dump_differences(before, after) == [], (world.kinds, kept, removed)
    merge.refresh_from_db()
    assert merge.undone_at and merge.undone_by == support
    return merge


@pytest.mark.parametrize(("a_account", "b_account"), ACCOUNT_COMBINATIONS)
@pytest.mark.parametrize("keep", ["a", "b"])
def test_merge_then_undo_gives_back_exactly_every_row(session, personas, a_account, b_account, keep):  # fmt: skip
    support = personas["support"]
    moved, set_aside = set(), set()
    for kinds in kind_combinations():
        with transaction.atomic():
            world = build_world(
                session=session,
                support=support,
                kinds=kinds,
                a_account=a_account,
                b_account=b_account,
            )
            kept, removed = (world.a, world.b) if keep == "a" else (world.b, world.a)
            merge = _merge_and_undo(world, kept, removed, support)
            moved.update(label for rows in merge.moved.values() for label in rows)
            set_aside.update(item["model"] for item in merge.set_aside)
            transaction.set_rollback(True)
    # The scenarios did exercise every kind of row (moved, and set aside as twins).
    assert moved >= EXERCISED_PERSON_MOVES
    assert {"training.Enrolment", "certificates.Certificate", "people.DuplicateCandidate"} <= set_aside  # fmt: skip
    if a_account and b_account:
        assert moved >= EXERCISED_ACCOUNT_MOVES
        assert set_aside >= EXERCISED_ACCOUNT_TWINS


def test_the_kept_person_carries_everything_and_twins_are_set_aside(session, personas):
    world = build_world(session=session, support=personas["support"])
    kept, removed = world.a, world.b
    kept_enrolments = set(Enrolment.objects.filter(person=kept).values_list("pk", flat=True))
    removed_enrolments = list(Enrolment.objects.filter(person=removed).order_by("pk"))
    merge = persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Doublon")
    sessions = Enrolment.objects.filter(person=kept).values_list("session", flat=True)
    assert len(sessions) == len(set(sessions))  # one enrolment per session
    twin_sessions = {e.session_id for e in Enrolment.objects.filter(pk__in=kept_enrolments)}
    for enrolment in removed_enrolments:
        if enrolment.session_id in twin_sessions:  # the kept person's own row stayed
            assert not Enrolment.objects.filter(pk=enrolment.pk).exists()
            assert any(
                item["model"] == "training.Enrolment" and int(item["row"]["id"]) == enrolment.pk
                for item in merge.set_aside
            )
        else:
            assert Enrolment.objects.get(pk=enrolment.pk).person_id == kept.pk
    assert set(kept_enrolments) <= set(Enrolment.objects.filter(person=kept).values_list("pk", flat=True))  # fmt: skip
    assert Certificate.objects.filter(person=kept).count() == 3  # a, b and both (kept's)
    # The accounts: the removed one deactivated, its team places on the kept account.
    assert TeamMembership.objects.filter(trainer=kept.user, removed_at__isnull=True).count() == 3
    assert merge.removed_user == removed.user
    assert merge.removed_snapshot["forprev_id"] == removed.forprev_id
    assert merge.moved["person"]["training.Enrolment.person"]


def test_the_removed_person_comes_back_with_the_same_key_numero_and_timestamps(session, personas):  # fmt: skip
    world = build_world(session=session, support=personas["support"], kinds=())
    removed = Person.objects.get(pk=world.b.pk)
    merge = persons_merge(kept=world.a, removed=removed, by=personas["support"], reason="Doublon")
    merge_undo(merge=merge, by=personas["support"])
    back = Person.objects.get(pk=removed.pk)
    for name in ("public_id", "forprev_id", "created_at", "updated_at", "name_key", "user_id"):
        assert getattr(back, name) == getattr(removed, name)
    assert Person.objects.by_forprev_id(removed.forprev_id).get() == back


def test_merges_in_a_chain_are_undone_last_first(session, personas):
    support = personas["support"]
    world = build_world(session=session, support=support, kinds=("enrolment", "team"))
    before = database_dump()
    first = persons_merge(kept=world.b, removed=world.third, by=support, reason="Doublon")
    second = persons_merge(kept=world.a, removed=world.b, by=support, reason="Doublon")
    # The first merge's kept person moved with the second merge: the alias follows.
    assert Person.objects.by_forprev_id(world.third.forprev_id).get() == world.a
    with pytest.raises(Exception) as refused:
        merge_undo(merge=first, by=support)
    assert "plus récente" in refused.value.message
    merge_undo(merge=second, by=support)
    assert Person.objects.by_forprev_id(world.third.forprev_id).get() == world.b
    merge_undo(merge=first, by=support)
    after = database_dump()
    after["people.PersonMerge"] = [
        row for row in after["people.PersonMerge"] if row["id"] not in {first.pk, second.pk}
    ]
    assert dump_differences(before, after) == []


def test_a_merge_undone_can_be_made_again(session, personas):
    support = personas["support"]
    world = build_world(session=session, support=support, kinds=("enrolment", "session_trainer"))
    merge = persons_merge(kept=world.a, removed=world.b, by=support, reason="Doublon")
    merge_undo(merge=merge, by=support)
    again = persons_merge(kept=world.b, removed=world.a, by=support, reason="Finalement B")
    assert PersonMerge.objects.active().get() == again
    assert Person.objects.by_forprev_id(world.a.forprev_id).get() == world.b
