"""A piece uploaded by mistake is removed from a draft: confirmation page, then POST; the
manager only; refused once transmitted; the file leaves the storage; audited."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.urls import reverse

from forprev.accreditations.enums import EventKind, RequestStatus
from forprev.accreditations.models import RequestDocument
from tests.accreditations.dossiers import add_piece
from tests.conftest import login

from .conftest import make_application


def remove_url(document):
    return reverse(
        "accreditations:document_remove", args=[document.request.public_id, document.public_id]
    )


def detail_url(application):
    return reverse("accreditations:request_detail", args=[application.public_id])


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def draft(personas, entity):
    return make_application(entity, personas["manager"])


@pytest.fixture
def mistake(draft):
    return add_piece(draft, "other", name="photo-de-vacances.pdf")


@pytest.mark.django_db
def test_manager_confirms_then_removes_a_piece_of_the_draft(
    client, personas, draft, mistake, django_capture_on_commit_callbacks
):
    kept = add_piece(draft, "commitment", name="engagement.pdf")
    stored = mistake.file.name
    assert default_storage.exists(stored)
    login(client, personas["manager"])
    page = client.get(detail_url(draft)).content.decode()
    assert remove_url(mistake) in page  # the link, for the manager of a draft
    confirm = client.get(remove_url(mistake))
    assert confirm.status_code == 200
    assert "Retirer « photo-de-vacances.pdf »" in confirm.content.decode()
    assert RequestDocument.objects.filter(pk=mistake.pk).exists()  # GET removes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(mistake), follow=True)
    assert "La pièce « photo-de-vacances.pdf » est retirée du dossier." in messages_of(response)
    assert list(draft.documents.all()) == [kept]
    assert not default_storage.exists(stored)
    assert default_storage.exists(kept.file.name)
    event = draft.events.get(kind=EventKind.DOCUMENT_REMOVED)
    assert "photo-de-vacances.pdf" in event.message and event.actor == personas["manager"]
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(RequestDocument),
        object_pk=str(mistake.pk),
        action=LogEntry.Action.DELETE,
    ).exists()
    again = client.post(remove_url(mistake))
    assert again.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [s for s in RequestStatus if s != RequestStatus.DRAFT], ids=lambda s: s.value
)
def test_removal_refused_once_transmitted_nothing_removed(
    client, personas, entity, status, django_capture_on_commit_callbacks
):
    application = make_application(entity, personas["manager"], status)
    document = add_piece(application, "commitment")
    login(client, personas["manager"])
    assert remove_url(document) not in client.get(detail_url(application)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(document), follow=True)
    assert any("ses pièces ne peuvent plus être retirées" in m for m in messages_of(response))
    assert RequestDocument.objects.filter(pk=document.pk).exists()
    assert default_storage.exists(document.file.name)
    assert not application.events.filter(kind=EventKind.DOCUMENT_REMOVED).exists()
    confirm = client.get(remove_url(document), follow=True)
    assert any("ses pièces ne peuvent plus être retirées" in m for m in messages_of(confirm))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("manager_elsewhere", 404), ("delegate", 403), ("instructor", 403), ("national", 403)],
)
def test_only_the_entity_manager_removes(client, personas, mistake, persona, expected):
    login(client, personas[persona])
    assert client.post(remove_url(mistake)).status_code == expected
    assert client.get(remove_url(mistake)).status_code == expected
    assert RequestDocument.objects.filter(pk=mistake.pk).exists()
    assert default_storage.exists(mistake.file.name)


@pytest.mark.django_db
def test_a_piece_of_another_application_is_not_found_through_this_one(
    client, personas, entity, draft
):
    other = make_application(entity, personas["manager"])
    foreign = add_piece(other, "kbis")
    login(client, personas["manager"])
    url = reverse("accreditations:document_remove", args=[draft.public_id, foreign.public_id])
    assert client.post(url).status_code == 404
    assert RequestDocument.objects.filter(pk=foreign.pk).exists()
