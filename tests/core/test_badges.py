"""Status badges: the states of a status field do not all look alike, every state has its look,
and the pages show the badge of the object's state."""

import pytest
from django.apps import apps
from django.urls import reverse

from forprev.core import badges
from forprev.training.enums import SessionStatus
from forprev.training.models import TrainingSession


def test_every_status_field_with_choices_is_registered():
    registered = badges.registered()
    for label in (
        "training.TrainingSession",
        "training.RegularisationRequest",
        "accreditations.AccreditationRequest",
        "people.PersonRequest",
        "people.MergeRequest",
    ):
        levels = registered[(label, "status")]
        model = apps.get_model(label)
        assert set(levels) == {v for v, _ in model._meta.get_field("status").choices}
        # Pending, accepted and refused states never share a look.
        assert len(set(levels.values())) >= 3, label


def test_a_state_without_a_look_is_refused():
    with pytest.raises(ValueError, match="missing"):
        badges.register(TrainingSession, {SessionStatus.DRAFT: None})
    with pytest.raises(ValueError, match="unknown"):
        badges.register(TrainingSession, dict.fromkeys(SessionStatus, "pink"))


@pytest.mark.django_db
def test_session_page_badge_follows_the_state(login_as, session):
    client = login_as("manager")
    url = reverse("training:session_detail", kwargs={"public_id": session.public_id})
    draft = client.get(url).content.decode()
    assert '<span class="fr-badge">En préparation</span>' in draft
    TrainingSession.objects.filter(pk=session.pk).update(status=SessionStatus.SUBMITTED)
    submitted = client.get(url).content.decode()
    assert '<span class="fr-badge fr-badge--warning">Soumise au formateur</span>' in submitted
