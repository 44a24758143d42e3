"""Every link in an e-mail is built from FORPREV_SITE_URL, never from the request's Host header.

An attacker who sends a request with ``Host: evil.example`` must not receive, in someone else's
mailbox, a link to their own site carrying a token (password reset, address change, two-factor
enrolment…). Two checks: the e-mails reachable over HTTP, sent under a hostile Host, carry only
links of the site; and no code or e-mail template reads the Host, scheme or absolute URI of a
request to write a link.
"""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://forprev.example.fr"
HOSTILE = "evil.example"
LINK = re.compile(r"https?://[^\s<>\"']+")

# Code that reads the request's Host, scheme or absolute URI, each with why it is not used to
# write an e-mail link.
HOST_READERS = {
    # Checks that a ?next= target stays on the host being served (a redirect, not a link sent).
    "forprev/www/accounts_views/views.py",
    # robots.txt names the sitemap of the host being served; nothing is e-mailed.
    "forprev/www/public_views/views.py",
}
HOST_READING = re.compile(
    r"build_absolute_uri|get_host\(|request\.scheme|get_current_site|HTTP_HOST"
)
TEMPLATE_HOST_READING = re.compile(
    r"\{\{\s*(protocol|domain|site_name)\b|request\.(get_host|build_absolute_uri|scheme|META)"
)


@pytest.fixture
def hostile(settings, db):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOSTILE]
    settings.FORPREV_SITE_URL = SITE
    return Client(HTTP_HOST=HOSTILE)


def _links_of_every_email():
    assert mail.outbox, "no e-mail was sent"
    return [link for message in mail.outbox for link in LINK.findall(message.body)]


def test_emails_sent_under_a_hostile_host_link_only_to_the_site(
    hostile, django_capture_on_commit_callbacks
):
    person = UserFactory(email="lou.martin@exemple.fr")
    instructor = UserFactory(instructor=True, email="cecile.instructrice@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        # Password reset (anonymous).
        hostile.post(reverse("accounts:password_reset"), {"email": person.email}, secure=True)
        # Address change confirmation (signed in).
        hostile.force_login(person)
        hostile.post(
            reverse("accounts:my_info_edit"),
            {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": "lou.nouvelle@exemple.fr",
                "current_password": PASSWORD,
            },
            secure=True,
        )
        # Two-factor enrolment link (staff, after the password).
        hostile.force_login(instructor)
        hostile.post(reverse("accounts:otp_setup"), secure=True)
    assert len(mail.outbox) == 3, [m.subject for m in mail.outbox]
    links = _links_of_every_email()
    assert len(links) >= 3
    assert all(link.startswith(f"{SITE}/") for link in links), links
    assert not any(HOSTILE in message.body for message in mail.outbox)


def test_no_code_reads_the_request_host_to_write_a_link():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "forprev").rglob("*.py")
        if HOST_READING.search(path.read_text(encoding="utf-8"))
        and str(path.relative_to(ROOT)) not in HOST_READERS
    ]
    assert not offenders, f"Links must come from settings.FORPREV_SITE_URL: {offenders}"


def test_no_email_template_reads_the_request_host():
    templates = [
        path
        for path in (ROOT / "forprev" / "templates").rglob("*")
        if path.is_file() and "email" in path.relative_to(ROOT).parts
    ]
    assert templates
    offenders = [
        str(path.relative_to(ROOT))
        for path in templates
        if TEMPLATE_HOST_READING.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders
