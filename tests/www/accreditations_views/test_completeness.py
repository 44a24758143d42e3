"""« Complétude du dossier » on the application page, for the applicant and the instructor, and
the favourable opinion and grant refused through the pages while something is missing."""

import pytest
from django.urls import reverse

from forprev.accreditations.enums import RequestStatus
from forprev.accreditations.models import Accreditation
from tests.accreditations.dossiers import add_piece, complete_dossier, fill_profile
from tests.conftest import login

from .conftest import make_application


def url(name, application):
    return reverse(f"accreditations:{name}", args=[application.public_id])


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["manager", "instructor"])
def test_block_shows_what_is_there_and_what_is_missing(client, personas, entity, persona):
    fill_profile(entity)
    application = make_application(entity, personas["manager"], RequestStatus.UNDER_REVIEW)
    add_piece(application, "commitment")
    login(client, personas[persona])
    page = client.get(url("request_detail", application)).content.decode()
    assert "Complétude du dossier" in page
    assert "Dossier incomplet" in page
    assert "Pièce « Programme pédagogique »" in page  # in the list of what is missing
    assert "fournie" in page  # the commitment is there
    assert "certificat « Formateur SST » en cours de validité" in page
    complete_dossier(application)
    page = client.get(url("request_detail", application)).content.decode()
    assert "Dossier complet" in page and "Dossier incomplet" not in page


@pytest.mark.django_db
def test_incomplete_draft_shows_no_transmit_button(client, personas, entity):
    fill_profile(entity)
    draft = make_application(entity, personas["manager"])
    login(client, personas["manager"])
    page = client.get(url("request_detail", draft)).content.decode()
    assert "Le dossier est incomplet : il pourra être transmis" in page
    assert url("request_transmit", draft) not in page
    complete_dossier(draft)
    assert (
        url("request_transmit", draft) in client.get(url("request_detail", draft)).content.decode()
    )


@pytest.mark.django_db
def test_favourable_opinion_through_the_page_is_refused_with_the_missing_list(
    client, personas, entity
):
    fill_profile(entity)
    application = make_application(entity, personas["manager"], RequestStatus.UNDER_REVIEW)
    login(client, personas["instructor"])
    response = client.post(
        url("request_opinion", application),
        {"opinion-opinion": "favourable", "opinion-reason": ""},
        follow=True,
    )
    text = " ".join(messages_of(response))
    assert "un avis favorable ne peut pas être rendu" in text
    assert "Programme pédagogique" in text and "Formateur SST" in text
    application.refresh_from_db()
    assert application.status == RequestStatus.UNDER_REVIEW


@pytest.mark.django_db
def test_grant_through_the_page_is_refused_refusal_accepted(client, personas, entity):
    fill_profile(entity)
    application = make_application(entity, personas["manager"], RequestStatus.OPINION_GIVEN)
    login(client, personas["national"])
    page = client.get(url("request_detail", application)).content.decode()
    assert "l'habilitation ne peut pas être accordée" in page
    response = client.post(
        url("request_decide", application), {"decision-decision": "granted"}, follow=True
    )
    assert "l'habilitation ne peut pas être accordée" in " ".join(messages_of(response))
    assert not Accreditation.objects.exists()
    client.post(
        url("request_decide", application),
        {"decision-decision": "refused", "decision-reason": "Aucun formateur certifié."},
    )
    application.refresh_from_db()
    assert application.status == RequestStatus.REFUSED
