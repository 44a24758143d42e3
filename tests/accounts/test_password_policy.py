import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from forprev.accounts.password_validation import (
    BreachedPasswordValidator,
    ForprevPasswordPolicyValidator,
    known_passwords,
    password_variants,
)


@pytest.mark.parametrize(
    ("password", "missing"),
    [
        (
            "abc",
            ["au moins 8 caractères", "une lettre majuscule", "un chiffre", "un caractère spécial"],
        ),
        ("abcdefgh", ["une lettre majuscule", "un chiffre", "un caractère spécial"]),
        ("ABCDEFG1!", ["une lettre minuscule"]),
        ("Abcdefgh!", ["un chiffre"]),
        ("Abcdefg12", ["un caractère spécial"]),
    ],
)
def test_weak_password_message_names_each_missing_rule(password, missing):
    with pytest.raises(ValidationError) as error:
        ForprevPasswordPolicyValidator().validate(password)
    message = error.value.messages[0]
    assert message.startswith("Le mot de passe doit contenir")
    for rule in missing:
        assert rule in message


def test_strong_password_passes():
    ForprevPasswordPolicyValidator().validate("Prévention-2026!")


@pytest.mark.django_db
def test_common_and_similar_passwords_are_refused_too():
    from tests.factories import UserFactory

    user = UserFactory(
        first_name="Jeanne", last_name="Dupontel", email="jeanne.dupontel@exemple.fr"
    )
    with pytest.raises(ValidationError):
        validate_password("Password1!", user)  # in Django's common-passwords list (lower-cased)
    with pytest.raises(ValidationError) as error:
        validate_password("Dupontel-1", user)
    assert any("ressemble" in m or "trop semblable" in m for m in error.value.messages)


@pytest.mark.parametrize(
    "password",
    [
        "Azerty123!",  # the most common French password, decorated to pass the composition rules
        "Soleil2024?",
        "Motdepasse1!",
        "Mot-de-passe1!",  # inner separators
        "P@ssw0rd!",  # leet digits
        "!2026Marseille",  # decoration in front
        "Password1!",
        "Forprev2026!",  # the service's own name
        "Prévention-2026!",  # accents do not hide a word
        "Chouchou75*",
    ],
)
def test_common_and_breached_passwords_are_refused_even_decorated(password):
    # Each satisfies the composition rules: only the list check stops it.
    ForprevPasswordPolicyValidator().validate(password)
    with pytest.raises(ValidationError) as error:
        BreachedPasswordValidator().validate(password)
    assert error.value.error_list[0].code == "password_too_common"
    assert "trop courant" in error.value.messages[0]


@pytest.mark.parametrize(
    "password",
    ["Bon-Mot-de-passe-2026!", "Prévention-Sûre-2026!", "Tr0ub4dor&3x", "Cafetière-Rouge-Lundi-7"],
)
def test_personal_passwords_pass_the_list_check(password):
    BreachedPasswordValidator().validate(password)


def test_the_lists_hold_django_s_twenty_thousand_and_the_french_words():
    words = known_passwords()
    assert len(words) > 19_000
    assert {"azerty", "motdepasse", "soleil", "forprev", "prevention"} <= words


def test_variants_strip_decorations_and_read_leet_digits():
    assert {"azerty", "password", "motdepasse"} & password_variants("Azerty123!") == {"azerty"}
    assert "password" in password_variants("P4ssw0rd!!")
    assert "motdepasse" in password_variants("Mot.de.passe-2026")


@pytest.mark.django_db
def test_settings_use_the_breached_list_validator():
    with pytest.raises(ValidationError) as error:
        validate_password("Azerty123!")
    assert any("trop courant" in m for m in error.value.messages)
