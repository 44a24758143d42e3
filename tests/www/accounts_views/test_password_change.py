import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def client_with_user(client, db):
    user = UserFactory()
    client.force_login(user)
    return client, user


def change(client, new1, new2=None, old=PASSWORD):
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2 or new1},
    )


def test_weak_password_is_refused_naming_each_missing_rule(client_with_user):
    client, user = client_with_user
    response = change(client, "court")
    content = response.content.decode()
    assert response.status_code == 200
    for rule in [
        "au moins 8 caractères",
        "une lettre majuscule",
        "un chiffre",
        "un caractère spécial",
    ]:
        assert rule in content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_wrong_old_password_and_mismatch_are_refused(client_with_user):
    client, _ = client_with_user
    assert change(client, "Nouveau-2026!", old="faux").status_code == 200
    assert change(client, "Nouveau-2026!", "Autre-2026!").status_code == 200


def test_strong_password_is_saved_and_session_kept(client_with_user):
    client, user = client_with_user
    assert change(client, "Prévention-Sûre-2026!").status_code == 302
    user.refresh_from_db()
    assert user.check_password("Prévention-Sûre-2026!")
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_guessing_the_old_password_is_throttled(client_with_user, settings):
    """A stolen session cannot be used to find the password by trying it here."""
    settings.FORPREV_REAUTH_ATTEMPTS_PER_15_MINUTES = 3
    client, user = client_with_user
    for attempt in range(3):
        assert change(client, "Nouveau-Phrase-2026!", old=f"Essai-{attempt}!").status_code == 200
    response = change(client, "Nouveau-Phrase-2026!")  # the right one, too late
    assert response.status_code == 200
    assert "Trop d&#x27;essais du mot de passe actuel" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
