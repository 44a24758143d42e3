import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def user(db):
    return UserFactory(email="Camille.Lefevre@Exemple.fr")


def post_login(client, username, password=PASSWORD):
    return client.post(LOGIN_URL, {"username": username, "password": password})


@pytest.mark.parametrize("form", ["forprev_id", "forprev_id_lower", "email", "email_upper"])
def test_login_accepts_numero_forprev_or_email_in_any_case(client, user, form):
    username = {
        "forprev_id": user.forprev_id,
        "forprev_id_lower": user.forprev_id.lower(),
        "email": "camille.lefevre@exemple.fr",
        "email_upper": "CAMILLE.LEFEVRE@EXEMPLE.FR",
    }[form]
    response = post_login(client, username)
    assert response.status_code == 302
    assert response.url == reverse("dashboard:home")


@pytest.mark.parametrize("username", ["ZZZ99999", "inconnu@exemple.fr", ""])
def test_wrong_login_gets_one_generic_french_error(client, user, username):
    response = post_login(client, username or user.forprev_id, password="Mauvais-1!")
    if username:
        response = post_login(client, username)
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()


def test_ten_wrong_logins_lock_the_account_with_a_french_message(client, user):
    for _ in range(9):
        assert post_login(client, user.forprev_id, "Mauvais-1!").status_code == 200
    locked = post_login(client, user.email, "Mauvais-1!")  # e-mail and numéro share one counter
    assert locked.status_code == 429
    assert "Accès temporairement bloqué" in locked.content.decode()
    # Even the right password is refused while locked.
    assert post_login(client, user.forprev_id).status_code == 429


def test_lock_is_per_account_and_ip(client, user):
    for _ in range(10):
        post_login(client, user.forprev_id, "Mauvais-1!")
    other = UserFactory()
    assert post_login(client, other.forprev_id).status_code == 302


def test_inactive_account_cannot_log_in(client, db):
    inactive = UserFactory(is_active=False)
    response = post_login(client, inactive.forprev_id)
    assert response.status_code == 200


def test_logout_needs_post(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_login_field_accepts_a_whole_email_address_in_the_browser(client, db):
    page = client.get(LOGIN_URL).content.decode()
    field = page[page.index('name="username"') - 300 : page.index('name="username"') + 300]
    assert 'maxlength="254"' in field
