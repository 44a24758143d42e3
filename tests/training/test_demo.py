"""Demo sessions (forprev.training.demo) tell the truth: their trainers are in the team."""

import pytest

from forprev.core.demo import load_demo
from forprev.trainers.models import TeamMembership
from forprev.training.models import SessionTrainer


@pytest.mark.django_db
def test_every_demo_sessions_trainer_is_a_member_of_its_entitys_team():
    load_demo()
    named = SessionTrainer.objects.select_related("session")
    assert named.exists()
    for item in named:
        assert (
            TeamMembership.objects.active()
            .filter(entity=item.session.entity_id, trainer=item.trainer_id)
            .exists()
        ), item
