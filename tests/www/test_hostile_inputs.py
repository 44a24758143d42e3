"""Hostile inputs never answer 500 and never write partial data."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

HOSTILE = [
    "\x00",
    "a\x00b@exemple.fr",
    "x" * 10_000,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "é" * 300,
]


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_login_survives_hostile_values(client, value):
    UserFactory()
    response = client.post(reverse("accounts:login"), {"username": value, "password": value})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_password_reset_survives_hostile_values(client, value):
    response = client.post(reverse("accounts:password_reset"), {"email": value})
    assert response.status_code in {200, 302}


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_entity_search_survives_hostile_values(login_as, value):
    response = login_as("national").get(reverse("entities:entity_list"), {"q": value})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_my_information_survives_hostile_values(login_as, personas, value):
    person = personas["person"]
    response = login_as("person").post(
        reverse("accounts:my_info_edit"),
        {"first_name": value, "last_name": value, "email": value},
    )
    assert response.status_code in {200, 302}
    person.refresh_from_db()
    assert "\x00" not in person.first_name


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["\x00", "x" * 5000, "../../etc/passwd"])
def test_audit_filter_and_otp_survive_hostile_values(login_as, value):
    assert login_as("support").get(reverse("audit:audit_log"), {"objet": value}).status_code == 200
    response = login_as("instructor").post(reverse("accounts:otp_verify"), {"token": value})
    assert response.status_code in {200, 302}
