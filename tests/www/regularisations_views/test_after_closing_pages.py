"""The pages after closing: support's change form, the regularisation request and decision."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forprev.certificates.pdf import certificates_html
from forprev.training.enums import RegularisationKind, RegularisationStatus
from forprev.training.models import RegularisationRequest, SessionAmendment

pytestmark = pytest.mark.django_db


def _amend_data(session, **overrides):
    data = {
        "programme_level": session.programme_level_id,
        "starts_on": session.starts_on.isoformat(),
        "ends_on": session.ends_on.isoformat(),
        "place_address": session.place_address,
        "place_city": session.place_city,
        "trainers": ", ".join(t.trainer.forprev_id for t in session.trainers.all()),
        "reason": "Commune mal saisie",
    }
    data.update(overrides)
    return data


def test_support_changes_the_place_and_the_pdf_shows_it(login_as, closed_session):
    client = login_as("support")
    url = reverse("training:session_amend", args=[closed_session.public_id])
    page = client.get(url)
    assert page.status_code == 200 and "Marseille" in page.content.decode()
    response = client.post(url, _amend_data(closed_session, place_city="Aubagne"), follow=True)
    body = response.content.decode()
    assert "certificats sont régénérés" in body
    assert "Historique après clôture" in body and "Commune mal saisie" in body
    certificates = list(closed_session.certificates.select_related("session", "person"))
    assert all(c.revised_at for c in certificates)
    assert "Aubagne" in certificates_html(certificates)
    pdf = client.get(reverse("training:certificates_pdf", args=[closed_session.public_id]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_change_without_reason_shows_the_error_and_writes_nothing(login_as, closed_session):
    client = login_as("support")
    url = reverse("training:session_amend", args=[closed_session.public_id])
    response = client.post(url, _amend_data(closed_session, place_city="Aubagne", reason=""))
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    closed_session.refresh_from_db()
    assert closed_session.place_city == "Marseille"
    assert not SessionAmendment.objects.exists()


def test_impossible_dates_show_a_french_error(login_as, closed_session):
    client = login_as("support")
    url = reverse("training:session_amend", args=[closed_session.public_id])
    data = _amend_data(
        closed_session,
        starts_on=closed_session.ends_on.isoformat(),
        ends_on=(closed_session.ends_on - timedelta(days=3)).isoformat(),
    )
    response = client.post(url, data)
    assert "postérieur ou égal" in response.content.decode()
    data = _amend_data(closed_session, starts_on="2026-02-31")
    assert "date valide" in client.post(url, data).content.decode()
    assert not SessionAmendment.objects.exists()


def test_the_entity_cannot_change_a_closed_session_even_by_forged_post(login_as, closed_session):
    for persona in ("manager", "delegate"):
        client = login_as(persona)
        url = reverse("training:session_amend", args=[closed_session.public_id])
        response = client.post(url, _amend_data(closed_session, place_city="Aubagne"))
        assert response.status_code == 403
    closed_session.refresh_from_db()
    assert closed_session.place_city == "Marseille"


def test_manager_asks_instructor_authorises(
    login_as, closed_session, personas, django_capture_on_commit_callbacks
):
    client = login_as("manager")
    page = client.get(
        reverse("regularisations:request_create") + f"?session={closed_session.public_id}"
    )
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("regularisations:request_create"),
            {
                "kind": RegularisationKind.WRONG_DATA,
                "session": str(closed_session.public_id),
                "explanation": "La session a eu lieu à Aubagne.",
            },
            follow=True,
        )
    assert "transmise à votre caisse" in response.content.decode()
    request = RegularisationRequest.objects.get()
    assert any(personas["instructor"].email in m.to for m in mail.outbox)

    client = login_as("instructor")
    queue = client.get(reverse("regularisations:request_list"))
    assert "Données erronées" in queue.content.decode()
    decide = reverse("regularisations:request_decide", args=[request.public_id])
    refused = client.post(decide, {"decision": "refuse", "reason": ""})
    assert "Indiquez le motif du refus" in refused.content.decode()
    request.refresh_from_db()
    assert request.status == RegularisationStatus.PENDING
    client.post(decide, {"decision": "authorise"})
    request.refresh_from_db()
    assert request.status == RegularisationStatus.AUTHORISED
    assert request.open_until == timezone.localdate() + timedelta(days=30)
    # A second decision (double submission) is refused.
    assert client.post(decide, {"decision": "refuse", "reason": "x"}).status_code == 403


def test_request_form_refuses_bad_input_in_french(login_as, closed_session, other_entity):
    from forprev.training.models import TrainingSession

    client = login_as("manager")
    url = reverse("regularisations:request_create")
    response = client.post(url, {"kind": "late_closing", "explanation": "x"})
    assert "Choisissez la session concernée" in response.content.decode()
    response = client.post(url, {"kind": "nope", "explanation": "x"})
    assert "Sélectionnez un choix valide" in response.content.decode()
    foreign = TrainingSession.objects.create(
        entity=other_entity,
        programme_level=closed_session.programme_level,
        kind="initial",
        starts_on=closed_session.starts_on,
        ends_on=closed_session.ends_on,
        place_address="x",
        place_city="Lyon",
        capacity=5,
        created_by=closed_session.created_by,
    )
    response = client.post(
        url, {"kind": "late_closing", "session": str(foreign.public_id), "explanation": "x"}
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not RegularisationRequest.objects.exists()


def test_request_list_query_count(
    login_as, closed_session, personas, django_assert_max_num_queries
):
    for index in range(30):
        RegularisationRequest.objects.create(
            entity=closed_session.entity,
            session=closed_session,
            kind=RegularisationKind.WRONG_DATA,
            explanation=f"Demande {index}",
            requested_by=personas["manager"],
        )
    client = login_as("instructor")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("regularisations:request_list"))
    assert response.content.decode().count("Données erronées") >= 30


def test_session_page_title_is_the_session_alone(login_as, closed_session):
    page = login_as("manager").get(
        reverse("training:session_detail", args=[closed_session.public_id])
    )
    html = page.content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<ul" not in title and "form" not in title and "SST" in title
