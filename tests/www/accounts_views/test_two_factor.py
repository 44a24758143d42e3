import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def instructor(db):
    return UserFactory(instructor=True)


def test_staff_sets_up_totp_then_reaches_private_pages(client, instructor):
    client.force_login(instructor)
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=instructor, confirmed=False)
    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    assert "Code incorrect" in wrong.content.decode() or current_code(device) == "000000"
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post(reverse("accounts:otp_setup"), {"token": current_code(device)})
    assert done.status_code == 302
    assert client.get(reverse("entities:entity_list")).status_code == 200


def test_staff_with_device_must_enter_code_after_password(client, instructor):
    device = TOTPDevice.objects.create(user=instructor, name="Forprev", confirmed=True)
    client.force_login(instructor)
    assert client.get(reverse("dashboard:home")).status_code == 302
    letters = client.post(reverse("accounts:otp_verify"), {"token": "abcdef"})
    assert "Le code ne contient que des chiffres" in letters.content.decode()
    ok = client.post(
        reverse("accounts:otp_verify") + "?next=/entites/", {"token": current_code(device)}
    )
    assert ok.status_code == 302
    assert ok.url == "/entites/"


def test_verification_never_redirects_off_site(client, instructor):
    device = TOTPDevice.objects.create(user=instructor, name="Forprev", confirmed=True)
    client.force_login(instructor)
    response = client.post(
        reverse("accounts:otp_verify") + "?next=https://evil.example/",
        {"token": current_code(device)},
    )
    assert response.url == reverse("dashboard:home")


def test_non_staff_is_not_asked_for_a_code(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("dashboard:home")).status_code == 200
