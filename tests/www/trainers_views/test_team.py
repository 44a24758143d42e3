from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forprev.accounts.models import User
from forprev.entities.models import Invitation
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TeamMembership, TrainerCertificate
from tests.conftest import login
from tests.factories import UserFactory

TEAM = reverse("trainers:team_list")


def certificate(holder, *, issued_days_ago=100, valid_days=900, code="SST", level=2):
    today = timezone.localdate()
    return TrainerCertificate.objects.create(
        holder=holder,
        programme_level=ProgrammeLevel.objects.get(programme__code=code, level=level),
        issued_on=today - timedelta(days=issued_days_ago),
        valid_until=today - timedelta(days=issued_days_ago) + timedelta(days=valid_days),
        source=CertificateSource.RECORDED,
    )


@pytest.fixture
def add(login_as, django_capture_on_commit_callbacks):
    def _add(persona="manager", **data):
        client = login_as(persona)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(TEAM, data, follow=True)

    return _add


def accept(client, trainer):
    """The trainer accepts their pending invitation from « Mes invitations »."""
    invitation = Invitation.objects.pending().get(invitee=trainer)
    client.force_login(trainer)
    response = client.post(reverse("entities:invitation_accept", args=[invitation.public_id]))
    assert response.status_code == 302
    return invitation


@pytest.mark.django_db
def test_an_invited_trainer_shows_no_name_nor_certificate_before_accepting(add, entity, client):
    trainer = UserFactory(last_name="Dubois", first_name="Théo")
    certificate(trainer)  # valid
    certificate(trainer, code="PRAP-IBC", issued_days_ago=1000, valid_days=1030)  # expires soon
    certificate(trainer, code="ASD", issued_days_ago=2000, valid_days=1000)  # expired: hidden
    response = add(identifier=trainer.forprev_id.lower())
    page = response.content.decode()
    assert "Invitation enregistrée" in page and trainer.forprev_id in page  # what was typed
    assert "dubois" not in page.lower() and "SST — Formateur SST" not in page
    assert not TeamMembership.objects.filter(trainer=trainer).exists()
    accept(client, trainer)
    page = add().content.decode()  # the manager's page again (an empty, invalid form)
    assert trainer.full_name in page and "SST — Formateur SST" in page and "expire bientôt" in page
    assert "Formateur APS ASD" not in page
    assert trainer.forprev_id not in page  # a login identifier: never shown to members


@pytest.mark.django_db
def test_delegate_with_the_right_invites_and_without_it_only_reads(add, entity, login_as, client):
    trainer = UserFactory()
    add("delegate", identifier=trainer.email)
    accept(client, trainer)
    assert TeamMembership.objects.active().filter(entity=entity, trainer=trainer).exists()
    other = UserFactory()
    response = add("delegate_without_right", identifier=other.email)
    assert response.status_code == 403
    assert not Invitation.objects.filter(identifier=other.email).exists()
    page = login_as("delegate_without_right").get(TEAM).content.decode()
    assert trainer.full_name in page and "Référencer un formateur" not in page
    assert "Invitations en attente" not in page


@pytest.mark.django_db
def test_trainer_without_account_is_invited_and_no_account_is_created(add, entity):
    add(identifier="formatrice@exemple.fr")
    assert not User.objects.filter(email="formatrice@exemple.fr").exists()
    assert Invitation.objects.get().kind == "trainer"
    assert "Formateur ou formatrice" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["formatrice@exemple.fr"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("Théo Dubois", "Saisissez une adresse électronique"),
        ("\x00", "Le caractère nul n’est pas autorisé"),
    ],
)
def test_bad_invitations_get_a_french_message_and_write_nothing(add, identifier, message):
    before = TeamMembership.objects.count(), User.objects.count(), Invitation.objects.count()
    response = add(identifier=identifier)
    assert message in response.content.decode()
    after = TeamMembership.objects.count(), User.objects.count(), Invitation.objects.count()
    assert after == before


@pytest.mark.django_db
def test_staff_invited_never_join_and_the_answer_does_not_say_so(add, personas, client):
    response = add(identifier=personas["national"].email)
    assert "Invitation enregistrée" in response.content.decode()
    invitation = Invitation.objects.get()
    login(client, personas["national"])
    assert (
        client.post(reverse("entities:invitation_accept", args=[invitation.public_id])).status_code
        == 404
    )
    assert not TeamMembership.objects.filter(trainer=personas["national"]).exists()


@pytest.mark.django_db
def test_remove_a_trainer(add, entity, login_as, client):
    trainer = UserFactory()
    add(identifier=trainer.forprev_id)
    accept(client, trainer)
    membership = TeamMembership.objects.get(entity=entity, trainer=trainer)
    login_as("manager").post(reverse("trainers:team_remove", args=[membership.public_id]))
    membership.refresh_from_db()
    assert membership.removed_at is not None


@pytest.mark.django_db
def test_team_page_runs_a_constant_number_of_queries(
    login_as, entity, personas, django_assert_max_num_queries
):
    client = login_as("manager")
    first = UserFactory()
    certificate(first)
    TeamMembership.objects.create(entity=entity, trainer=first, added_by=personas["manager"])
    client.get(TEAM)
    with django_assert_max_num_queries(20) as few:
        client.get(TEAM)
    for _ in range(15):
        trainer = UserFactory()
        certificate(trainer)
        TeamMembership.objects.create(entity=entity, trainer=trainer, added_by=personas["manager"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(TEAM).status_code == 200


@pytest.mark.django_db
def test_trainer_space_and_role(client, entity, personas):
    trainer = UserFactory()
    certificate(trainer)
    TeamMembership.objects.create(entity=entity, trainer=trainer, added_by=personas["manager"])
    client.force_login(trainer)
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "(Formateur)" in home and "Espace formateur" in home
    page = client.get(reverse("trainers:my_space")).content.decode()
    assert "Formateur SST" in page and entity.name in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"programme": ("SST", 1)}, "Sélectionnez un choix valide"),
        ({"issued_on": "2099-01-01"}, "dans le futur"),
        ({"holder": "ZZZ99999"}, "Aucun compte ne porte"),
        ({"issued_on": "31/02/2026"}, "Saisissez une date valide"),
    ],
)
def test_support_records_a_certificate_with_validity_from_the_referential(login_as, data, message):
    holder = UserFactory()
    client = login_as("support")
    level = ProgrammeLevel.objects.get(programme__code="SST", level=2)
    ok = client.post(
        reverse("trainers:certificate_record"),
        {"holder": holder.forprev_id, "programme_level": level.pk, "issued_on": "2026-01-15"},
    )
    assert ok.status_code == 302
    recorded = TrainerCertificate.objects.get(holder=holder)
    assert recorded.valid_until == date(2029, 1, 14)  # 36 months, référentiel
    code, lvl = data.pop("programme", ("SST", 2))
    bad = {
        "holder": holder.forprev_id,
        "programme_level": ProgrammeLevel.objects.get(programme__code=code, level=lvl).pk,
        "issued_on": "2026-01-15",
        **data,
    }
    response = client.post(reverse("trainers:certificate_record"), bad)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert TrainerCertificate.objects.count() == 1


@pytest.mark.django_db
def test_only_trainer_levels_are_recorded(personas):
    from forprev.core.exceptions import DomainError
    from forprev.trainers.services import trainer_certificate_record

    with pytest.raises(DomainError, match="niveau 2 ou 3"):
        trainer_certificate_record(
            holder=UserFactory(),
            programme_level=ProgrammeLevel.objects.get(programme__code="SST", level=1),
            issued_on=date(2026, 1, 15),
            by=personas["national"],
        )
    with pytest.raises(DomainError):
        trainer_certificate_record(
            holder=UserFactory(),
            programme_level=ProgrammeLevel.objects.get(programme__code="SST", level=2),
            issued_on=date(2026, 1, 15),
            by=personas["manager"],
        )


@pytest.mark.django_db
def test_trainer_space_lists_sessions_to_validate_and_people_trained(
    client, closed_session, session, trainer, django_assert_max_num_queries
):
    from forprev.training.models import SessionTrainer, TrainingSession

    submitted = TrainingSession.objects.create(
        entity=session.entity,
        programme_level=session.programme_level,
        kind="initial",
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        place_address="3 rue",
        place_city="La Ciotat",
        capacity=8,
        created_by=session.created_by,
        status="submitted",
    )
    SessionTrainer.objects.create(session=submitted, trainer=trainer)
    client.force_login(trainer)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("trainers:my_space")).content.decode()
    assert reverse("training:session_validate", args=[submitted.public_id]) in page
    assert "4 personnes certifiées" in page
    for certificate in closed_session.certificates.select_related("person"):
        assert certificate.person.forprev_id in page
    other = UserFactory()
    client.force_login(other)
    page = client.get(reverse("trainers:my_space")).content.decode()
    assert "0 personne" in page and "Lefort0" not in page
