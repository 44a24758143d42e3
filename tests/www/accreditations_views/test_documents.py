"""Dossier pieces through the pages: stored under generated names, served only by the
permission-checking view as attachments, never from /media/ (issue 12 item 11)."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forprev.accreditations.models import RequestDocument
from tests.accreditations import sample_files as files

from .conftest import make_application


def add(client, application, name, content):
    return client.post(
        reverse("accreditations:document_add", args=[application.public_id]),
        {"document-kind": "kbis", "document-file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def download(client, document):
    return client.get(
        reverse(
            "accreditations:document_download",
            args=[document.request.public_id, document.public_id],
        )
    )


@pytest.fixture
def application(entity, personas):
    return make_application(entity, personas["manager"])


@pytest.mark.django_db
def test_a_piece_is_stored_under_a_generated_name_with_the_detected_extension(
    login_as, application
):
    add(login_as("manager"), application, "../../Kbis\u202efdp.html.pdf", files.png_bytes())

    document = RequestDocument.objects.get(request=application)
    assert re.fullmatch(r"dossiers/\d{4}/\d{2}/[0-9a-f]{32}\.png", document.file.name)
    assert document.content_type == "image/png"
    assert document.original_name == "Kbisfdp.html.pdf"  # shown only, cleaned
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == files.png_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("dossier.pdf", files.HTML_STARTING_WITH_PDF),
        ("dossier.pdf", files.PDF_WITH_HTML_APPENDED),
        ("image.png", files.png_bytes() + b"<script>alert(1)</script>"),
        ("image.svg", files.SVG),
    ],
)
def test_polyglots_are_refused_in_french_and_nothing_is_stored(
    login_as, application, name, content
):
    response = add(login_as("manager"), application, name, content)

    assert "Seuls les fichiers PDF, PNG et JPEG sont acceptés" in response.content.decode()
    assert not RequestDocument.objects.exists()
    assert not default_storage.exists("dossiers") or not any(default_storage.listdir("dossiers"))


@pytest.mark.django_db
def test_download_is_an_attachment_with_the_detected_type_and_no_cache(login_as, application):
    client = login_as("manager")
    add(client, application, "Kbis société.pdf", files.png_bytes())
    document = RequestDocument.objects.get(request=application)

    response = download(client, document)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Kbis societe.png\"; filename*=UTF-8''Kbis%20soci%C3%A9t%C3%A9.png"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"].split(", ")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_piece_stored_under_an_old_name_is_still_served(login_as, application, personas):
    document = RequestDocument(
        request=application,
        kind="kbis",
        original_name="ancien kbis.pdf",
        content_type="application/pdf",
        size=len(files.PDF),
        uploaded_by=personas["manager"],
    )
    document.file.name = default_storage.save(
        "dossiers/2024/05/ancien kbis.pdf", ContentFile(files.PDF)
    )
    document.save()

    response = download(login_as("manager"), document)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="ancien kbis.pdf"')


@pytest.mark.django_db
def test_a_piece_whose_file_is_gone_is_a_404_not_a_500(login_as, application):
    client = login_as("manager")
    add(client, application, "kbis.pdf", files.PDF)
    document = RequestDocument.objects.get(request=application)
    default_storage.delete(document.file.name)

    assert download(client, document).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["manager", "national", "instructor", "manager_elsewhere"])
def test_media_files_are_never_served_directly(login_as, application, persona, settings):
    client = login_as("manager")
    add(client, application, "kbis.pdf", files.PDF)
    name = RequestDocument.objects.get(request=application).file.name
    assert default_storage.exists(name)

    response = login_as(persona).get(f"{settings.MEDIA_URL}{name}")

    assert response.status_code == 404
    assert files.PDF not in response.content


@pytest.mark.django_db
def test_media_files_are_not_served_to_anonymous_visitors(client, login_as, application, settings):
    add(login_as("manager"), application, "kbis.pdf", files.PDF)
    name = RequestDocument.objects.get(request=application).file.name
    client.logout()

    response = client.get(f"{settings.MEDIA_URL}{name}")

    assert response.status_code in (302, 404)
    assert files.PDF not in response.content
