import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

RESET_URL = reverse("accounts:password_reset")
NEW_PASSWORD = "Nouveau-Mot2passe!"


@pytest.fixture
def user(db):
    return UserFactory(email="yann.legall@exemple.fr")


@pytest.fixture
def request_reset(client, django_capture_on_commit_callbacks):
    """Post the form; e-mails are enqueued on commit, so run those callbacks as the request ends."""

    def _request(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET_URL, {"email": email})

    return _request


def test_unknown_address_answers_exactly_like_a_known_one(client, user, request_reset):
    known = request_reset("YANN.LEGALL@exemple.fr")
    unknown = request_reset("personne@exemple.fr")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["yann.legall@exemple.fr"]
    assert user.forprev_id in mail.outbox[0].body


def test_invalid_address_gets_a_french_error(client, db, request_reset):
    response = request_reset("pas-une-adresse")
    assert response.status_code == 200
    assert "adresse de courriel valide" in response.content.decode()


def _link_from_mail():
    return re.search(r"https?://[^/\s]+(/reinitialiser/\S+/)", mail.outbox[-1].body).group(1)


def test_reset_link_works_once(client, user, request_reset):
    request_reset(user.email)
    link = _link_from_mail()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.logout()
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert "déjà été utilisé" in again.content.decode()


def test_reset_link_expires(client, user, settings, request_reset):
    with time_machine.travel("2026-11-01 10:00 +0100", tick=False):
        request_reset(user.email)
    link = _link_from_mail()
    with time_machine.travel("2026-11-03 10:00 +0100", tick=False):
        assert not client.get(link, follow=True).context["validlink"]


def test_weak_new_password_is_refused_with_missing_rules(client, user, request_reset):
    request_reset(user.email)
    form_page = client.get(_link_from_mail(), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "motdepasse", "new_password2": "motdepasse"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "une lettre majuscule" in content and "un chiffre" in content
