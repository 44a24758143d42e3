"""Declaring a session (issue 13 item 13): only the dispositifs and levels the entity is
habilitated for on the session's dates, no « Déclarer une session » without any habilitation,
trainers picked from the équipe pédagogique with their trainer certificate's validity, a numéro
Forprev still typed."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from forprev.accreditations.models import Accreditation
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TrainerCertificate
from forprev.training.models import TrainingSession
from tests.factories import UserFactory
from tests.session_fixtures import join_team

from .test_sessions import session_form

CREATE = reverse("training:session_create")
LIST = reverse("training:session_list")
BUTTON = "Déclarer une session</a>"


def text(response) -> str:
    return html.unescape(response.content.decode())


def day(value) -> str:
    return date_format(value, "d/m/Y")


@pytest.fixture
def prap(db):
    return (
        ProgrammeLevel.objects.filter(delivered_by_inrs=False)
        .exclude(programme__code="SST")
        .first()
    )


@pytest.mark.django_db
def test_without_any_habilitation_no_declare_button_and_the_page_says_why(
    login_as, sst, team_trainer
):
    manager = login_as("manager")
    assert BUTTON not in text(manager.get(LIST))
    page = text(manager.get(CREATE))
    assert "Votre entité ne peut pas encore déclarer de session" in page
    assert "aucune habilitation en cours" in page
    assert 'name="programme_level"' not in page
    response = manager.post(CREATE, session_form(sst, team_trainer))
    assert response.status_code == 200
    assert not TrainingSession.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["suspended", "withdrawn"], ids=["suspended", "withdrawn"])
def test_a_suspended_or_withdrawn_habilitation_declares_nothing(
    login_as, entity, sst, team_trainer, status
):
    today = timezone.localdate()
    Accreditation.objects.create(
        entity=entity,
        programme_level=sst,
        status=status,
        starts_on=today - timedelta(days=10),
        expires_on=today + timedelta(days=300),
    )
    manager = login_as("manager")
    assert BUTTON not in text(manager.get(LIST))
    assert "aucune habilitation en cours" in text(manager.get(CREATE))


@pytest.mark.django_db
def test_with_a_habilitation_the_button_shows(login_as, accredited):
    assert BUTTON in text(login_as("manager").get(LIST))
    assert BUTTON not in text(login_as("delegate_without_right").get(LIST))


@pytest.mark.django_db
def test_only_the_habilitated_levels_are_offered(login_as, sst, accredited, prap):
    page = text(login_as("manager").get(CREATE))
    periods = f"{accredited.starts_on.isoformat()}/{accredited.expires_on.isoformat()}"
    assert f'<option value="{sst.pk}" data-periods="{periods}">' in page
    assert "forprev/session_create.js" in page  # disables the levels not covering the dates
    assert f"(habilitée du {day(accredited.starts_on)} au {day(accredited.expires_on)})" in page
    assert f'<option value="{prap.pk}"' not in page


@pytest.mark.django_db
def test_a_level_without_habilitation_is_refused_in_french(
    login_as, sst, accredited, prap, team_trainer
):
    response = login_as("manager").post(CREATE, session_form(prap, team_trainer))
    assert response.status_code == 200
    assert "Votre entité n'est habilitée pour ce dispositif et ce niveau à aucune date" in text(
        response
    )
    assert not TrainingSession.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "last"),
    [(990, 1005), (1001, 1002), (-420, -399)],
    ids=["ends-after-expiry", "after-expiry", "starts-before"],
)
def test_dates_outside_the_habilitation_are_refused_in_french(
    login_as, sst, accredited, team_trainer, first, last
):
    today = timezone.localdate()
    starts_on, ends_on = today + timedelta(days=first), today + timedelta(days=last)
    response = login_as("manager").post(
        CREATE,
        session_form(
            sst, team_trainer, starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat()
        ),
    )
    assert response.status_code == 200
    assert (
        f"Votre entité n'est pas habilitée pour {sst} chaque jour du {day(starts_on)} au "
        f"{day(ends_on)}." in text(response)
    )
    assert not TrainingSession.objects.exists()


@pytest.mark.django_db
def test_a_renewal_taking_over_covers_a_session_across_the_echeance(
    login_as, entity, sst, accredited, team_trainer
):
    Accreditation.objects.create(
        entity=entity,
        programme_level=sst,
        previous=accredited,
        starts_on=accredited.expires_on + timedelta(days=1),
        expires_on=accredited.expires_on + timedelta(days=1800),
    )
    starts_on = accredited.expires_on - timedelta(days=1)
    response = login_as("manager").post(
        CREATE,
        session_form(
            sst,
            team_trainer,
            starts_on=starts_on.isoformat(),
            ends_on=(starts_on + timedelta(days=3)).isoformat(),
        ),
    )
    assert response.status_code == 302
    assert TrainingSession.objects.count() == 1


@pytest.fixture
def team(entity, trainer):
    """The team: Paul Formateur (SST trainer certificate valid), an expired one, one without
    any certificate."""
    today = timezone.localdate()
    level_2 = ProgrammeLevel.objects.get(programme__code="SST", level=2)
    expired = UserFactory(last_name="Zerbib-Expire", first_name="Anouk")
    never = UserFactory(last_name="Yvonnet-Sans", first_name="Basile")
    valid = TrainerCertificate.objects.create(
        holder=trainer,
        programme_level=level_2,
        source=CertificateSource.RECORDED,
        issued_on=today - timedelta(days=200),
        valid_until=today + timedelta(days=800),
    )
    TrainerCertificate.objects.create(
        holder=expired,
        programme_level=level_2,
        source=CertificateSource.RECORDED,
        issued_on=today - timedelta(days=1200),
        valid_until=today - timedelta(days=5),
    )
    for member in (trainer, expired, never):
        join_team(member, entity)
    return {"valid": trainer, "expired": expired, "never": never, "until": valid.valid_until}


@pytest.mark.django_db
def test_trainers_are_offered_from_the_team_with_their_certificate_validity(
    login_as, accredited, team, other_entity
):
    join_team(UserFactory(last_name="Quaglio-Dehors", first_name="Irène"), other_entity)
    page = text(login_as("manager").get(CREATE))
    assert (
        f"FORMATEUR Paul — SST niveau 2 : certificat valable jusqu'au {day(team['until'])}" in page
    )
    assert "ZERBIB-EXPIRE Anouk — SST niveau 2 : certificat expiré" in page
    assert "YVONNET-SANS Basile — aucun certificat de formateur enregistré" in page
    assert f'value="{team["valid"].public_id}"' in page
    assert "Quaglio-Dehors" not in page
    # The members see names, never numéros (a numéro Forprev is a login).
    for member in (team["valid"], team["expired"], team["never"]):
        assert member.forprev_id not in page


@pytest.mark.django_db
def test_a_session_declared_with_trainers_picked_from_the_team_and_one_typed(
    login_as, sst, accredited, team
):
    data = session_form(sst, team["expired"])  # typed: the expired trainer's numéro
    data["team"] = [str(team["valid"].public_id), str(team["never"].public_id)]
    response = login_as("manager").post(CREATE, data)
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert set(session.trainers.values_list("trainer", flat=True)) == {
        team["valid"].pk,
        team["expired"].pk,
        team["never"].pk,
    }


@pytest.mark.django_db
def test_picking_only_from_the_team_needs_no_numero(login_as, sst, accredited, team):
    data = session_form(sst, team["valid"], trainers="")
    data["team"] = [str(team["valid"].public_id)]
    assert login_as("manager").post(CREATE, data).status_code == 302
    assert list(TrainingSession.objects.get().trainers.values_list("trainer", flat=True)) == [
        team["valid"].pk
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "picked", ["outsider", "forged", "none"], ids=["outsider", "forged", "none"]
)
def test_trainers_outside_the_team_or_none_are_refused_in_french(
    login_as, sst, accredited, team, other_entity, picked
):
    outsider = join_team(UserFactory(), other_entity)
    data = session_form(sst, team["valid"], trainers="")
    data["team"] = {"outsider": [str(outsider.public_id)], "forged": ["pas-un-uuid"], "none": []}[
        picked
    ]
    response = login_as("manager").post(CREATE, data)
    assert response.status_code == 200
    page = text(response)
    if picked == "none":
        assert "Choisissez au moins un formateur, ou saisissez son numéro Forprev." in page
    else:
        assert "Choisissez les formateurs dans la liste de votre équipe pédagogique." in page
    assert not TrainingSession.objects.exists()


@pytest.mark.django_db
def test_the_declaration_page_reads_the_team_in_constant_queries(
    login_as, entity, accredited, team, django_assert_max_num_queries
):
    manager = login_as("manager")
    manager.get(CREATE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert manager.get(CREATE).status_code == 200
    level_2 = ProgrammeLevel.objects.get(programme__code="SST", level=2)
    today = timezone.localdate()
    for index in range(15):
        member = join_team(UserFactory(), entity)
        TrainerCertificate.objects.create(
            holder=member,
            programme_level=level_2,
            source=CertificateSource.RECORDED,
            issued_on=today - timedelta(days=10 + index),
            valid_until=today + timedelta(days=300),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert manager.get(CREATE).status_code == 200
