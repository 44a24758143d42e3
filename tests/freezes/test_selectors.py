"""Which freeze is in force, which are announced, and their short cache."""

import datetime

import pytest
from django.utils import timezone

from forprev.freezes.enums import FrozenAction
from forprev.freezes.selectors import announced_freezes, current_freezes, freeze_in_force

from .factories import FeatureFreezeFactory


@pytest.mark.django_db
def test_freeze_in_force_today_only_between_its_dates():
    today = timezone.localdate()
    freeze = FeatureFreezeFactory(action=FrozenAction.RENEWAL)
    FeatureFreezeFactory(action=FrozenAction.INITIAL, upcoming=True)
    FeatureFreezeFactory(action=FrozenAction.ADDITIONAL, over=True)
    assert freeze_in_force(FrozenAction.RENEWAL) == freeze
    assert freeze_in_force(FrozenAction.INITIAL) is None
    assert freeze_in_force(FrozenAction.ADDITIONAL) is None
    assert freeze_in_force(FrozenAction.ENTITY_PROFILE) is None
    assert freeze_in_force(FrozenAction.RENEWAL, today - datetime.timedelta(days=1)) is None


@pytest.mark.django_db
def test_announced_freezes_go_from_the_announcement_to_the_last_day():
    in_force = FeatureFreezeFactory(action=FrozenAction.RENEWAL)
    upcoming = FeatureFreezeFactory(action=FrozenAction.INITIAL, upcoming=True)  # in 10 days
    FeatureFreezeFactory(action=FrozenAction.ADDITIONAL, over=True)
    FeatureFreezeFactory(
        action=FrozenAction.ENTITY_PROFILE, upcoming=True, announce_days=5
    )  # not yet announced
    assert announced_freezes() == [in_force, upcoming]


@pytest.mark.django_db
def test_one_query_for_any_number_of_questions(django_assert_num_queries):
    FeatureFreezeFactory(action=FrozenAction.RENEWAL)
    with django_assert_num_queries(1):
        for action in FrozenAction:
            freeze_in_force(action)
        announced_freezes()
    with django_assert_num_queries(0):
        freeze_in_force(FrozenAction.RENEWAL)


@pytest.mark.django_db
def test_saving_or_deleting_a_freeze_refreshes_the_cached_list():
    assert current_freezes() == []
    freeze = FeatureFreezeFactory(action=FrozenAction.RENEWAL)
    assert freeze_in_force(FrozenAction.RENEWAL) == freeze
    freeze.ends_on = freeze.starts_on
    freeze.starts_on = freeze.starts_on - datetime.timedelta(days=3)
    freeze.save()
    assert freeze_in_force(FrozenAction.RENEWAL).starts_on == freeze.starts_on
    freeze.delete()
    assert freeze_in_force(FrozenAction.RENEWAL) is None
