"""Who may merge whom, and the refusals: each a French message, nothing written."""

import pytest

from forprev.core.exceptions import DomainError
from forprev.people.merging import merge_undo, persons_merge
from forprev.people.rules import (
    can_ask_account_merge,
    can_merge_people,
    can_review_duplicates,
    can_undo_merge,
)
from forprev.training.models import SessionTrainer
from tests.factories import UserFactory
from tests.www.duplicates_views.world import (
    PERSON_KINDS,
    build_world,
    database_dump,
    person,
    trainer_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(session, personas):
    return build_world(session=session, support=personas["support"])


def refused(message, **kwargs):
    """The merge is refused with ``message`` and the database is left as it was."""
    before = database_dump()
    with pytest.raises(DomainError) as error:
        persons_merge(**{"reason": "Doublon", **kwargs})
    assert message in error.value.message
    assert database_dump() == before


def test_a_person_is_not_merged_with_themselves(world, personas):
    refused("avec lui-même", kept=world.a, removed=world.a, by=personas["support"])


def test_a_person_already_merged_is_refused(world, personas):
    persons_merge(kept=world.a, removed=world.b, by=personas["support"], reason="Doublon")
    refused("déjà été fusionné", kept=world.third, removed=world.b, by=personas["support"])
    refused("déjà été fusionné", kept=world.b, removed=world.third, by=personas["support"])


def test_a_reason_is_required(world, personas):
    refused("motif", kept=world.a, removed=world.b, by=personas["support"], reason="  ")


@pytest.mark.parametrize("role", ["support", "national", "instructor"])
def test_staff_accounts_are_never_merged(world, personas, role):
    staff = UserFactory(**{role: True})
    world.b.user = staff
    world.b.save()
    refused("ne se fusionne pas", kept=world.a, removed=world.b, by=personas["support"])
    refused("ne se fusionne pas", kept=world.b, removed=world.a, by=personas["support"])


@pytest.mark.parametrize(
    "persona",
    ["person", "manager", "delegate", "manager_elsewhere", "instructor", "instructor_elsewhere"],
)
def test_roles_not_allowed_are_refused(session, personas, persona):
    """Two trainees (enrolled, certified…) but neither a trainer: support's business."""
    world = build_world(session=session, support=personas["support"], kinds=PERSON_KINDS)
    refused("pas autorisé", kept=world.a, removed=world.b, by=personas[persona])


def test_the_instructor_merges_trainers_of_its_entities_only(entity, other_entity, session, personas):  # fmt: skip
    instructor = personas["instructor"]
    in_team = trainer_of(entity)
    on_a_session = person("Martin", "Claire", account=True)
    SessionTrainer.objects.create(session=session, trainer=on_a_session.user)
    elsewhere = trainer_of(other_entity)
    trainee = person("Martin", "Claire")
    assert can_merge_people(instructor, in_team, on_a_session)
    assert not can_merge_people(instructor, in_team, elsewhere)
    assert not can_merge_people(instructor, in_team, trainee)  # no account: not a trainer
    assert can_merge_people(personas["instructor_elsewhere"], elsewhere, trainer_of(other_entity))
    for role in ("support", "national"):
        assert can_merge_people(personas[role], in_team, trainee)
    refused("pas autorisé", kept=in_team, removed=trainee, by=instructor)
    merge = persons_merge(kept=in_team, removed=on_a_session, by=instructor, reason="Doublon")
    assert can_undo_merge(instructor, merge)
    assert not can_undo_merge(personas["instructor_elsewhere"], merge)
    merge_undo(merge=merge, by=instructor)


def test_undo_refusals(session, personas):
    support = personas["support"]
    world = build_world(session=session, support=support, kinds=PERSON_KINDS)
    merge = persons_merge(kept=world.a, removed=world.b, by=support, reason="Doublon")
    for persona in ("manager", "person", "instructor", "instructor_elsewhere"):
        with pytest.raises(DomainError, match="pas autorisé"):
            merge_undo(merge=merge, by=personas[persona])
    merge_undo(merge=merge, by=personas["national"])
    before = database_dump()
    with pytest.raises(DomainError, match="déjà été annulée"):
        merge_undo(merge=merge, by=support)
    assert database_dump() == before


def test_who_reviews_and_who_asks(personas):
    reviewers = {"instructor", "instructor_elsewhere", "support", "national"}
    for name, user in personas.items():
        if user is None:
            continue
        assert can_review_duplicates(user) is (name in reviewers)
        assert can_ask_account_merge(user) is (name not in reviewers)


def test_the_kept_account_must_not_be_the_deactivated_one(personas):
    kept, removed = person("Durand", "Léa", account=True), person("Durant", "Lea", account=True)
    kept.user.is_active = False
    kept.user.save()
    refused("désactivé", kept=kept, removed=removed, by=personas["support"])


def test_undo_blocked_by_a_row_created_since_writes_nothing(personas):
    support = personas["support"]
    kept, removed = person("Durand", "Léa"), person("Durant", "Lea")
    merge = persons_merge(kept=kept, removed=removed, by=support, reason="Doublon")
    # A faulty import gave the freed number to somebody else in the meantime.
    person("Autre", "Personne", forprev_id_of=removed)
    before = database_dump()
    with pytest.raises(DomainError, match="empêchent de la défaire"):
        merge_undo(merge=merge, by=support)
    assert database_dump() == before
