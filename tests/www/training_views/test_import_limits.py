"""The import pages against hostile files and stale previews."""

import os
import time
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from forprev.core.bench.zip_bomb import xlsx_zip_bomb
from forprev.people.models import Person
from forprev.training.import_previews import previews_purge
from forprev.training.models import Enrolment

from .conftest import CSV_OK


def upload(client, session, content, name="stagiaires.csv"):
    return client.post(
        reverse("training:trainees_import", args=[session.public_id]),
        {"file": SimpleUploadedFile(name, content)},
    )


def confirm(client, session, token):
    return client.post(
        reverse("training:trainees_import_confirm", args=[session.public_id]),
        {"token": token},
        follow=True,
    )


@pytest.mark.django_db
def test_zip_bomb_upload_is_refused_in_french_quickly_and_nothing_is_kept(
    login_as, session, capsys
):
    client = login_as("manager")
    bomb = xlsx_zip_bomb()
    client.get(reverse("training:trainees_import", args=[session.public_id]))  # templates loaded
    started = time.perf_counter()

    response = upload(client, session, bomb, "stagiaires.xlsx")

    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert "trop volumineux une fois décompressé" in response.content.decode()
    assert not response.context.get("token")
    assert not default_storage.exists("imports") or default_storage.listdir("imports")[1] == []
    assert elapsed < 5
    with capsys.disabled():
        print(f"\nbombe XLSX déposée et refusée par la page en {elapsed:.3f} s")


@pytest.mark.django_db
def test_file_over_the_size_bound_is_refused_by_the_form(login_as, session, settings):
    settings.FORPREV_IMPORT_MAX_MB = 1
    content = CSV_OK + b"Martin;Paul;01/01/1990;\n" * 50_000  # 1.2 MB

    response = upload(login_as("manager"), session, content)

    assert "Le fichier dépasse 1 Mo." in response.content.decode()
    assert "result" not in response.context
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_preview_older_than_a_day_cannot_be_confirmed(login_as, session):
    client = login_as("manager")
    token = upload(client, session, CSV_OK).context["token"]
    when = (timezone.now() - timedelta(hours=25)).timestamp()
    os.utime(default_storage.path(f"imports/{token}"), (when, when))

    response = confirm(client, session, token)

    assert "Cet import a expiré" in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_purge_leaves_a_confirmed_import_untouched(login_as, session):
    client = login_as("manager")
    token = upload(client, session, CSV_OK).context["token"]
    confirm(client, session, token)
    assert session.enrolments.count() == 2
    # A new trainee (the two of CSV_OK, now enrolled, would leave nothing to confirm).
    other = "Nom;Prénom;Date de naissance\nPérez;Inès;03/04/1992\n".encode()
    stale = upload(client, session, other).context["token"]
    when = (timezone.now() - timedelta(hours=25)).timestamp()
    os.utime(default_storage.path(f"imports/{stale}"), (when, when))

    summary = previews_purge(dry_run=False)

    assert summary.purged == [stale]
    assert session.enrolments.count() == 2 and Person.objects.count() == 2
