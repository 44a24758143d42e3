import re

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from forprev.accounts.models import OtpEnrolment
from tests.conftest import login
from tests.factories import PASSWORD, UserFactory

SETUP = reverse("accounts:otp_setup")
VERIFY = reverse("accounts:otp_verify")
MANAGE = reverse("accounts:otp_manage")


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def unthrottle(device):
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()


@pytest.fixture
def instructor(db):
    return UserFactory(instructor=True, email="cecile.instructrice@exemple.fr")


@pytest.fixture
def request_link(django_capture_on_commit_callbacks):
    """Ask for an enrolment link from the set-up page; returns the link's path."""

    def _request(client, url=SETUP, data=None):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, data or {})
        assert len(mail.outbox) == before + 1, "no enrolment e-mail"
        return link_path(mail.outbox[-1])

    return _request


def link_path(message):
    return re.search(
        r"https?://[^/\s]+(/connexion/double-authentification/lien/\S+/)", message.body
    ).group(1)


def enrol(client, user, path):
    """Open the link, then confirm the device with its current code; returns the codes shown."""
    assert client.post(path).status_code == 302
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(SETUP, {"token": current_code(device)})
    assert done.status_code == 200
    return done.context["codes"]


# --- The password alone is not enough ------------------------------------------------------


def test_password_alone_never_shows_a_secret_nor_confirms_a_device(client, instructor):
    client.force_login(instructor)  # what a stolen password gives
    page = client.get(SETUP)
    content = page.content.decode()
    assert page.status_code == 200
    assert "<svg" not in content and "Clé" not in content
    assert "Recevoir le lien d'activation par courriel" in content
    for guess in ("000000", "123456"):
        client.post(SETUP, {"token": guess})
    assert not TOTPDevice.objects.filter(user=instructor).exists()
    assert "<svg" not in client.get(SETUP).content.decode()
    # Private pages stay closed.
    assert client.get(reverse("entities:entity_list")).status_code == 302


def test_enrolment_through_the_emailed_link(client, instructor, request_link, settings):
    client.force_login(instructor)
    path = request_link(client)
    message = mail.outbox[-1]
    assert message.to == [instructor.email]
    assert f"{settings.FORPREV_SITE_URL}{path}" in message.body
    # Opening the link (GET, as mail scanners do) burns nothing.
    assert client.get(path).status_code == 200
    assert OtpEnrolment.objects.get(user=instructor).used_at is None
    assert client.post(path).url == SETUP
    assert OtpEnrolment.objects.get(user=instructor).used_at is not None
    page = client.get(SETUP)
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=instructor, confirmed=False)
    wrong = client.post(SETUP, {"token": "000000"})
    assert "Code incorrect" in wrong.content.decode() or current_code(device) == "000000"
    unthrottle(device)
    done = client.post(SETUP, {"token": current_code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("entities:entity_list")).status_code == 200
    # Recovery codes are stored as digests only.
    stored = set(
        StaticToken.objects.filter(device__user=instructor).values_list("token", flat=True)
    )
    assert len(stored) == 10
    assert not stored & ({c.replace("-", "") for c in codes} | set(codes))


def test_link_used_twice_is_refused(client, instructor, request_link):
    client.force_login(instructor)
    path = request_link(client)
    client.post(path)
    again = client.post(path)
    assert again.status_code == 400
    assert "invalide, expiré ou déjà utilisé" in again.content.decode()
    # Nor from another session of the same account (an attacker holding the password).
    other = login(Client(), instructor)
    other.logout()
    other.force_login(instructor)
    assert other.post(path).status_code == 400
    assert "<svg" not in other.get(SETUP).content.decode()


def test_expired_link_is_refused(client, instructor, request_link, settings):
    settings.FORPREV_OTP_ENROLMENT_MINUTES = 10
    with time_machine.travel("2026-11-02 09:00 +0100", tick=False):
        client.force_login(instructor)
        path = request_link(client)
    with time_machine.travel("2026-11-02 09:11 +0100", tick=False):
        response = client.post(path)
        assert response.status_code == 400
        assert "<svg" not in client.get(SETUP).content.decode()
    assert not TOTPDevice.objects.filter(user=instructor).exists()


def test_link_of_one_account_is_useless_for_another(client, instructor, request_link):
    client.force_login(instructor)
    path = request_link(client)
    intruder = UserFactory(support=True)
    client.force_login(intruder)
    assert client.post(path).status_code == 400
    assert "<svg" not in client.get(SETUP).content.decode()
    assert not TOTPDevice.objects.filter(user=intruder).exists()
    # The link still works for its owner.
    client.force_login(instructor)
    assert client.post(path).status_code == 302


def test_only_the_session_that_opened_the_link_sees_the_secret(client, instructor, request_link):
    client.force_login(instructor)
    path = request_link(client)
    client.post(path)
    attacker = Client()
    attacker.force_login(instructor)
    page = attacker.get(SETUP).content.decode()
    assert "<svg" not in page
    device = TOTPDevice.objects.get(user=instructor, confirmed=False)
    attacker.post(SETUP, {"token": current_code(device)})
    device.refresh_from_db()
    assert not device.confirmed


def test_a_new_link_makes_the_previous_ones_useless(client, instructor, request_link):
    client.force_login(instructor)
    first = request_link(client)
    second = request_link(client)
    assert client.post(first).status_code == 400
    assert client.post(second).status_code == 302


def test_enrolment_links_are_rate_limited(
    client, instructor, settings, django_capture_on_commit_callbacks
):
    settings.FORPREV_ACCOUNT_EMAILS_PER_HOUR = 2
    client.force_login(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            response = client.post(SETUP, follow=True)
    assert len(mail.outbox) == 2
    assert "Un lien d&#x27;activation a été envoyé" in response.content.decode()


def test_staff_with_a_device_cannot_get_a_link_with_the_password_alone(client, instructor):
    TOTPDevice.objects.create(user=instructor, name="Forprev", confirmed=True)
    client.force_login(instructor)
    response = client.post(SETUP)
    assert response.url == VERIFY
    assert mail.outbox == []


# --- Verification, recovery codes ----------------------------------------------------------


def test_staff_with_device_must_enter_code_after_password(client, instructor):
    device = TOTPDevice.objects.create(user=instructor, name="Forprev", confirmed=True)
    client.force_login(instructor)
    assert client.get(reverse("dashboard:home")).status_code == 302
    letters = client.post(VERIFY, {"token": "abcdef"})
    assert "Le code ne contient que des chiffres" in letters.content.decode()
    ok = client.post(VERIFY + "?next=/entites/", {"token": current_code(device)})
    assert ok.status_code == 302
    assert ok.url == "/entites/"


def test_recovery_code_works_once(client, instructor, request_link):
    client.force_login(instructor)
    codes = enrol(client, instructor, request_link(client))
    client.logout()
    client.force_login(instructor)
    assert client.post(VERIFY, {"token": codes[3].upper()}).status_code == 302
    assert client.get(reverse("entities:entity_list")).status_code == 200
    client.logout()
    client.force_login(instructor)
    again = client.post(VERIFY, {"token": codes[3]})
    assert again.status_code == 200
    assert "Code incorrect" in again.content.decode()
    assert client.get(reverse("entities:entity_list")).status_code == 302


def test_verification_never_redirects_off_site(client, instructor):
    device = TOTPDevice.objects.create(user=instructor, name="Forprev", confirmed=True)
    client.force_login(instructor)
    response = client.post(VERIFY + "?next=https://evil.example/", {"token": current_code(device)})
    assert response.url == reverse("dashboard:home")


def test_non_staff_is_not_asked_for_a_code(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("dashboard:home")).status_code == 200


# --- Replacing the device, renewing the codes (re-authentication) ---------------------------


def test_replacing_the_device_needs_the_password_and_a_new_link(client, instructor, request_link):
    client.force_login(instructor)
    enrol(client, instructor, request_link(client))
    old = TOTPDevice.objects.get(user=instructor, confirmed=True)
    wrong = client.post(MANAGE, {"action": "replace", "replace-current_password": "Faux-2026!"})
    assert "Mot de passe actuel incorrect" in wrong.content.decode()
    path = request_link(client, MANAGE, {"action": "replace", "replace-current_password": PASSWORD})
    assert "remplacer" in mail.outbox[-1].body
    # Until the new link is used, the old device stays.
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    enrol(client, instructor, path)
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.filter(user=instructor, confirmed=True).count() == 1


def test_renewing_recovery_codes_needs_the_password(client, instructor, request_link):
    client.force_login(instructor)
    first = enrol(client, instructor, request_link(client))
    wrong = client.post(MANAGE, {"action": "codes", "codes-current_password": "Faux-2026!"})
    assert "Mot de passe actuel incorrect" in wrong.content.decode()
    renewed = client.post(MANAGE, {"action": "codes", "codes-current_password": PASSWORD})
    codes = renewed.context["codes"]
    assert len(codes) == 10 and not set(codes) & set(first)
    client.logout()
    client.force_login(instructor)
    assert client.post(VERIFY, {"token": first[0]}).status_code == 200  # old codes are dead
    unthrottle(StaticDevice.objects.get(user=instructor))
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 302


def test_national_sends_an_enrolment_link_from_the_back_office(
    client, instructor, django_capture_on_commit_callbacks
):
    national = UserFactory(national=True)
    login(client, national)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "send_otp_enrolment_link", ACTION_CHECKBOX_NAME: [instructor.pk]},
        )
    assert [m.to for m in mail.outbox] == [[instructor.email]]
    assert OtpEnrolment.objects.get(user=instructor).issued_by == national
    # Support may read accounts but not send links.
    support = UserFactory(support=True)
    login(client, support)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "send_otp_enrolment_link", ACTION_CHECKBOX_NAME: [instructor.pk]},
        )
    assert len(mail.outbox) == 1
