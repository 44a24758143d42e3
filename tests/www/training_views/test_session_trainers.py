"""The session forms name trainers of the équipe pédagogique only: a manager typing someone
else's numéro gets the very page an unknown numéro gets, and learns no name
(docs/security/invitations.md)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TrainerCertificate
from forprev.trainers.services import team_remove_trainer
from forprev.training.models import SessionTrainer, TrainingSession
from tests.factories import UserFactory
from tests.session_fixtures import join_team

from .test_sessions import session_form

pytestmark = pytest.mark.django_db

UNKNOWN = "ZZZ99999"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def normalised(response, typed):
    """The page without its CSRF token and with the typed text (echoed by design) put aside."""
    assert response.status_code == 200
    return CSRF_RE.sub("CSRF", response.content.decode()).replace(typed, "TYPED")


@pytest.fixture
def stranger(db):
    """A person with an account, in no team of the entity, certified as a trainer."""
    user = UserFactory(
        last_name="Discretissime", first_name="Hortensia-Secrète", email="hortense@exemple.fr"
    )
    TrainerCertificate.objects.create(
        holder=user,
        programme_level=ProgrammeLevel.objects.get(programme__code="SST", level=2),
        issued_on=timezone.localdate() - timedelta(days=100),
        valid_until=timezone.localdate() + timedelta(days=600),
        source=CertificateSource.RECORDED,
    )
    return user


@pytest.mark.parametrize("by", ["numero", "email"])
def test_a_numero_outside_the_team_gets_the_page_of_an_unknown_numero(
    login_as, sst, accredited, team_trainer, stranger, by
):
    client = login_as("manager")
    typed = stranger.forprev_id if by == "numero" else stranger.email
    url = reverse("training:session_create")
    unknown = client.post(url, session_form(sst, team_trainer, trainers=UNKNOWN))
    named = client.post(url, session_form(sst, team_trainer, trainers=typed))
    assert normalised(named, typed) == normalised(unknown, UNKNOWN)
    page = named.content.decode()
    assert "Aucun formateur de votre équipe pédagogique" in page
    assert "Discretissime" not in page and "DISCRETISSIME" not in page and "Hortensia" not in page
    assert not TrainingSession.objects.exists()
    assert not SessionTrainer.objects.exists()


def test_a_team_member_beside_a_stranger_does_not_let_the_stranger_in(
    login_as, sst, accredited, team_trainer, stranger
):
    client = login_as("manager")
    response = client.post(
        reverse("training:session_create"),
        session_form(
            sst, team_trainer, trainers=f"{team_trainer.forprev_id}, {stranger.forprev_id}"
        ),
    )
    assert response.status_code == 200
    assert "DISCRETISSIME" not in response.content.decode()
    assert not SessionTrainer.objects.exists()


def test_a_trainer_removed_from_the_team_can_no_longer_be_named(
    login_as, sst, accredited, team_trainer, personas
):
    client = login_as("manager")
    url = reverse("training:session_create")
    assert client.post(url, session_form(sst, team_trainer)).status_code == 302
    team_remove_trainer(membership=team_trainer.teams.get(), by=personas["manager"])
    response = client.post(url, session_form(sst, team_trainer))
    assert response.status_code == 200
    assert "Aucun formateur de votre équipe pédagogique" in response.content.decode()
    assert TrainingSession.objects.count() == 1


def test_the_trainers_field_points_to_the_team_page(login_as, entity, accredited):
    page = login_as("manager").get(reverse("training:session_create")).content.decode()
    assert f'href="{reverse("trainers:team_list")}"' in page
    assert "équipe pédagogique" in page


def test_support_naming_a_stranger_on_a_closed_session_gets_the_page_of_an_unknown_numero(
    login_as, closed_session, stranger
):
    client = login_as("support")
    url = reverse("training:session_amend", args=[closed_session.public_id])
    base = {
        "programme_level": closed_session.programme_level_id,
        "starts_on": closed_session.starts_on.isoformat(),
        "ends_on": closed_session.ends_on.isoformat(),
        "place_address": closed_session.place_address,
        "place_city": closed_session.place_city,
        "reason": "Formateur mal saisi",
    }
    before = list(closed_session.trainers.values_list("trainer", flat=True))
    unknown = client.post(url, {**base, "trainers": UNKNOWN})
    named = client.post(url, {**base, "trainers": stranger.forprev_id})
    assert normalised(named, stranger.forprev_id) == normalised(unknown, UNKNOWN)
    assert "Aucun formateur de l&#x27;équipe pédagogique" in named.content.decode()
    assert list(closed_session.trainers.values_list("trainer", flat=True)) == before
    # Once a member of the entity's team, the same numéro is accepted.
    join_team(stranger, closed_session.entity)
    assert client.post(url, {**base, "trainers": stranger.forprev_id}).status_code == 302
    assert list(closed_session.trainers.values_list("trainer", flat=True)) == [stranger.pk]
