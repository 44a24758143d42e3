import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from forprev.accounts.password_validation import ForprevPasswordPolicyValidator


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
