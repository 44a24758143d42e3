"""Demo invitations (forprev.entities.demo)."""

import pytest
from django.urls import reverse

from forprev.accounts.models import User
from forprev.core.demo import load_demo
from forprev.entities.models import Invitation
from forprev.trainers.models import TeamMembership


@pytest.mark.django_db
def test_the_demo_has_one_pending_invitation_the_demo_trainer_can_accept(client):
    load_demo()
    load_demo()
    trainer = User.objects.get(email="trainer@demo.forprev.fr")
    delegate = User.objects.get(email="delegate@demo.forprev.fr")
    assert delegate.memberships.filter(revoked_at=None).count() == 2  # created directly, as before
    invitation = Invitation.objects.addressed_to(trainer).pending().get()
    assert list(Invitation.objects.addressed_to(trainer)) == [invitation]
    teams = TeamMembership.objects.active().filter(trainer=trainer).count()
    client.force_login(trainer)
    assert invitation.entity.name in client.get(reverse("dashboard:home")).content.decode()
    client.post(reverse("entities:invitation_accept", args=[invitation.public_id]))
    assert TeamMembership.objects.active().filter(trainer=trainer).count() == teams + 1
