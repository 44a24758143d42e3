from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from forprev.people.models import Person
from forprev.training.models import Enrolment, TrainingSession

from .conftest import CSV_BAD, CSV_OK


def session_form(sst, trainer, **changes):
    today = timezone.localdate()
    data = {
        "programme_level": sst.pk,
        "kind": "initial",
        "starts_on": (today + timedelta(days=10)).isoformat(),
        "ends_on": (today + timedelta(days=11)).isoformat(),
        "place_address": "12 rue Paradis",
        "place_city": "Marseille",
        "capacity": 10,
        "trainers": trainer.forprev_id,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_manager_declares_a_session_with_trainers_named_by_numero(
    login_as, sst, accredited, team_trainer
):
    response = login_as("manager").post(
        reverse("training:session_create"), session_form(sst, team_trainer)
    )
    session = TrainingSession.objects.get()
    assert response.url == reverse("training:session_detail", args=[session.public_id])
    assert list(session.trainers.values_list("trainer", flat=True)) == [team_trainer.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"trainers": "ZZZ99999"}, "Aucun formateur de votre équipe pédagogique ne porte"),
        ({"ends_on": "2020-01-01"}, "postérieur ou égal au premier jour"),
        ({"is_public": "on"}, "Seule une session inter-entreprises"),
        ({"capacity": "0"}, "supérieure ou égale à 1"),
        ({"starts_on": "31/02/2026"}, "Saisissez une date valide"),
    ],
)
def test_bad_sessions_are_refused_in_french(
    login_as, sst, accredited, team_trainer, changes, message
):
    response = login_as("manager").post(
        reverse("training:session_create"), session_form(sst, team_trainer, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TrainingSession.objects.exists()


@pytest.mark.django_db
def test_no_session_without_habilitation_for_that_dispositif(login_as, sst, team_trainer):
    response = login_as("manager").post(
        reverse("training:session_create"), session_form(sst, team_trainer)
    )
    assert "aucune habilitation en cours" in response.content.decode()
    assert not TrainingSession.objects.exists()


def upload(client, session, content, name="stagiaires.csv"):
    return client.post(
        reverse("training:trainees_import", args=[session.public_id]),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.django_db
def test_import_previews_then_enrols_on_confirmation(login_as, session):
    client = login_as("manager")
    preview = upload(client, session, CSV_OK)
    assert preview.status_code == 200
    assert "2 lignes lues" in preview.content.decode()
    assert not Enrolment.objects.exists()  # nothing written before confirmation
    token = preview.context["token"]
    response = client.post(
        reverse("training:trainees_import_confirm", args=[session.public_id]), {"token": token}
    )
    assert response.status_code == 302
    assert session.enrolments.count() == 2
    awa = Person.objects.get(first_name="Awa")
    assert awa.forprev_id and awa.name_key == "n diaye|awa"
    # The same people again: shown as already enrolled, nothing to confirm, nothing doubled.
    preview = upload(client, session, CSV_OK)
    assert "token" not in preview.context
    assert "2 personnes du fichier sont déjà inscrites" in preview.content.decode()
    assert Person.objects.count() == 2 and session.enrolments.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (CSV_BAD, "stagiaires.csv", "Nom manquant"),
        (CSV_BAD, "stagiaires.csv", "Date de naissance impossible"),
        (b"", "vide.csv", "vide"),
        (b"Nom;Pr\xc3\xa9nom;Date de naissance\n", "entete.csv", "aucun stagiaire"),
        (b"%PDF-1.4 binary", "stagiaires.pdf", "ni un CSV ni un classeur XLSX"),
    ],
)
def test_bad_imports_show_french_errors_and_write_nothing(
    login_as, session, content, name, message
):
    response = upload(login_as("manager"), session, content, name)
    assert message in response.content.decode()
    assert "token" not in response.context or not response.context.get("token")
    assert not Enrolment.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["../../etc/passwd", "0" * 32 + ".csv", "\x00"])
def test_forged_or_expired_confirmations_write_nothing(login_as, session, token):
    response = login_as("manager").post(
        reverse("training:trainees_import_confirm", args=[session.public_id]),
        {"token": token},
        follow=True,
    )
    assert "expiré" in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_import_beyond_capacity_is_refused(login_as, session):
    session.capacity = 1
    session.save()
    client = login_as("manager")
    preview = upload(client, session, CSV_OK)
    # Said at the preview, without a confirm button (tests/www/training_views/test_import_preview.py
    # covers places taken between the preview and the confirmation).
    assert "token" not in preview.context
    assert "Retirez 1 ligne du fichier" in preview.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_an_entity_never_sees_another_entitys_sessions_or_trainees(login_as, session):
    client = login_as("manager")
    preview = upload(client, session, CSV_OK)
    client.post(
        reverse("training:trainees_import_confirm", args=[session.public_id]),
        {"token": preview.context["token"]},
    )
    other = login_as("manager_elsewhere")
    assert (
        other.get(reverse("training:session_detail", args=[session.public_id])).status_code == 404
    )
    assert "Martin" not in other.get(reverse("training:session_list")).content.decode()
    from forprev.accounts.models import User

    elsewhere = User.objects.get(memberships__entity__name="ATELIERS DE LA CROIX-ROUSSE")
    assert not Person.objects.visible_to(elsewhere).exists()
    assert Person.objects.visible_to(session.trainers.get().trainer).count() == 2


@pytest.mark.django_db
def test_session_list_runs_a_constant_number_of_queries(
    login_as, session, django_assert_max_num_queries
):
    client = login_as("manager")
    client.get(reverse("training:session_list"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("training:session_list"))
    for _ in range(10):
        session.pk = None
        session.public_id = __import__("uuid").uuid4()
        session.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("training:session_list")).status_code == 200


@pytest.mark.django_db
def test_a_preview_is_confirmed_only_by_its_author_on_its_session(login_as, session, earlier):
    """A token seen in one preview cannot enrol its file elsewhere or for somebody else."""
    client = login_as("manager")
    token = upload(client, session, CSV_OK).context["token"]
    other_session = reverse("training:trainees_import_confirm", args=[earlier.public_id])
    assert "expiré" in client.post(other_session, {"token": token}, follow=True).content.decode()
    delegate = login_as("delegate")
    confirm = reverse("training:trainees_import_confirm", args=[session.public_id])
    assert "expiré" in delegate.post(confirm, {"token": token}, follow=True).content.decode()
    assert not Enrolment.objects.exists()
