import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
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


@pytest.fixture
def hostile_client(settings):
    """A client whose requests carry an attacker's Host header (accepted by ALLOWED_HOSTS, as a
    catch-all proxy configuration would)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]
    return Client(HTTP_HOST="evil.example")


def test_reset_link_comes_from_the_site_url_not_the_host_header(
    hostile_client, user, settings, django_capture_on_commit_callbacks
):
    settings.FORPREV_SITE_URL = "https://forprev.example.fr"
    with django_capture_on_commit_callbacks(execute=True):
        hostile_client.post(RESET_URL, {"email": user.email}, secure=True)
    body = mail.outbox[0].body
    assert "evil.example" not in body
    links = re.findall(r"https?://\S+", body)
    assert links and all(
        link.startswith("https://forprev.example.fr/reinitialiser/") for link in links
    )


def test_reset_requests_are_limited_per_address_with_the_same_answer(
    client, user, settings, request_reset
):
    settings.FORPREV_PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 2
    answers = {(r.status_code, r.url) for r in (request_reset(user.email) for _ in range(5))}
    assert answers == {(302, reverse("accounts:password_reset_done"))}
    assert len(mail.outbox) == 2


def test_reset_requests_are_limited_per_client_address(client, db, settings, request_reset):
    settings.FORPREV_PASSWORD_RESET_PER_CLIENT_PER_HOUR = 3
    people = [UserFactory(email=f"personne{n}@exemple.fr") for n in range(5)]
    for person in people:
        assert request_reset(person.email).status_code == 302
    assert len(mail.outbox) == 3


def test_account_without_a_usable_password_can_reset(client, db, request_reset):
    invited = UserFactory(email="invitee@exemple.fr")
    invited.set_unusable_password()
    invited.save()
    request_reset("invitee@exemple.fr")
    assert mail.outbox[0].to == ["invitee@exemple.fr"]
    form_page = client.get(_link_from_mail(), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)


def test_inactive_account_gets_no_reset_email(client, db, request_reset):
    UserFactory(email="parti@exemple.fr", is_active=False)
    assert request_reset("parti@exemple.fr").status_code == 302
    assert mail.outbox == []


def test_breached_password_is_refused_even_decorated(client, user, request_reset):
    request_reset(user.email)
    form_page = client.get(_link_from_mail(), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Azerty123!", "new_password2": "Azerty123!"},
    )
    assert response.status_code == 200
    assert "trop courant" in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password("Azerty123!")
