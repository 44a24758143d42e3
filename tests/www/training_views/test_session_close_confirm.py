"""Closing asks for confirmation (issue 13 item 11): the page says how many certificates will be
issued and to whom, that closing is irreversible; only a POST carrying the confirmation closes."""

import html
from datetime import date

import pytest
from django.urls import reverse

from forprev.certificates.models import Certificate
from forprev.people.models import Person
from forprev.training.enums import Result, SessionStatus
from forprev.training.models import Enrolment


def text(response) -> str:
    return html.unescape(response.content.decode())


def validated_with(session, results):
    for index, result in enumerate(results):
        person = Person.objects.create(
            last_name=f"Vauquelin{index}", first_name="Odile", birth_date=date(1990, 2, 2)
        )
        Enrolment.objects.create(
            session=session, person=person, result=result, identity_confirmed=True
        )
    session.status = SessionStatus.VALIDATED
    session.save()
    return session


def url(session):
    return reverse("training:session_close", args=[session.public_id])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("results", "announce"),
    [
        ([Result.PASSED] * 4 + [Result.FAILED], "4 certificats seront délivrés, à :"),
        ([Result.PASSED] + [Result.FAILED] * 3, "1 certificat sera délivré, à :"),
        ([Result.FAILED] * 4, "Aucun certificat ne sera délivré"),
    ],
    ids=["four", "one", "none"],
)
def test_the_confirmation_page_says_how_many_certificates_and_to_whom(
    login_as, session, certified_trainer, results, announce
):
    validated_with(session, results)
    response = login_as("manager").get(url(session))
    assert response.status_code == 200
    page = text(response)
    assert announce in page
    assert "La clôture est définitive" in page
    assert page.count("VAUQUELIN") == results.count(Result.PASSED)
    assert 'name="confirm"' in page
    session.refresh_from_db()
    assert session.status == SessionStatus.VALIDATED  # a GET closes nothing


@pytest.mark.django_db
def test_the_session_page_leads_to_the_confirmation_not_to_a_closing_post(
    login_as, session, certified_trainer
):
    validated_with(session, [Result.PASSED] * 4)
    page = text(
        login_as("manager").get(reverse("training:session_detail", args=[session.public_id]))
    )
    assert f'<a class="fr-btn" href="{url(session)}">Clôturer la session</a>' in page
    assert f'action="{url(session)}"' not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [{}, {"confirm": ""}, {"confirm": "off"}, {"confirm": "true"}],
    ids=["none", "empty", "off", "true"],
)
def test_a_post_without_confirmation_closes_nothing(
    login_as, session, certified_trainer, body, mailoutbox, django_capture_on_commit_callbacks
):
    validated_with(session, [Result.PASSED] * 4)
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as("manager").post(url(session), body)
    assert response.status_code == 200
    assert "Cochez la case de confirmation pour clôturer la session." in text(response)
    session.refresh_from_db()
    assert session.status == SessionStatus.VALIDATED
    assert not Certificate.objects.filter(session=session).exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_post_with_confirmation_closes_and_issues_the_announced_certificates(
    login_as, session, certified_trainer
):
    validated_with(session, [Result.PASSED] * 4 + [Result.FAILED])
    manager = login_as("manager")
    assert "4 certificats seront délivrés" in text(manager.get(url(session)))
    response = manager.post(url(session), {"confirm": "on"}, follow=True)
    assert "La session est clôturée." in text(response)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert Certificate.objects.filter(session=session).count() == 4


@pytest.mark.django_db
def test_a_session_that_cannot_close_says_why_and_offers_no_confirmation(
    login_as, session, trainer
):
    validated_with(session, [Result.PASSED] * 4)  # the trainer holds no trainer certificate
    page = text(login_as("manager").get(url(session)))
    assert "La session ne peut pas être clôturée" in page
    assert "certificat de formateur valide" in page
    assert 'name="confirm"' not in page


@pytest.mark.django_db
def test_the_confirmation_of_a_closed_session_sends_back_to_it(login_as, session):
    session.status = SessionStatus.CLOSED
    session.save()
    response = login_as("manager").get(url(session), follow=True)
    assert "La session est déjà clôturée." in text(response)
