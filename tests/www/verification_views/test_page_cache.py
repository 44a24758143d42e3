"""The verification page is cached for anonymous visitors, with a fresh CSP nonce each time,
and forgotten as soon as what it shows changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forprev.certificates.services import certificate_revoke

pytestmark = pytest.mark.django_db


def _nonces(response):
    header = response.headers.get("Content-Security-Policy", "")
    in_header = set(re.findall(r"'nonce-([^']+)'", header))
    in_page = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
    return in_header, in_page


def test_second_visit_is_served_from_cache_with_its_own_nonce(client, closed_session):
    certificate = closed_session.certificates.first()
    url = reverse("verification:verify_code", args=[certificate.verification_code])
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert len(queries) == 0
    assert "Certificat valide" in second.content.decode()
    header_one, page_one = _nonces(first)
    header_two, page_two = _nonces(second)
    assert page_one and page_one <= header_one and page_two and page_two <= header_two
    assert page_one != page_two
    assert "forprev-csp-nonce" not in second.content.decode()


def test_revocation_shows_at_once(client, closed_session, personas):
    certificate = closed_session.certificates.first()
    url = reverse("verification:verify_code", args=[certificate.verification_code])
    assert "Certificat valide" in client.get(url).content.decode()
    certificate_revoke(certificate=certificate, by=personas["support"], reason="Erreur de saisie")
    assert "Certificat révoqué" in client.get(url).content.decode()


def test_a_support_change_shows_at_once(client, closed_session, personas):
    from forprev.training.amendments import session_amend

    certificate = closed_session.certificates.first()
    url = reverse("verification:verify_code", args=[certificate.verification_code])
    client.get(url)
    new_end = closed_session.ends_on
    session_amend(
        session=closed_session,
        by=personas["support"],
        reason="Date",
        programme_level=closed_session.programme_level,
        trainer_logins=[t.trainer.forprev_id for t in closed_session.trainers.all()],
        starts_on=new_end,
        ends_on=new_end,
        place_address=closed_session.place_address,
        place_city=closed_session.place_city,
    )
    assert new_end.strftime("%d/%m/%Y") in client.get(url).content.decode()


def test_logged_in_visitors_and_unknown_codes_are_not_cached(login_as, client, closed_session):
    certificate = closed_session.certificates.first()
    url = reverse("verification:verify_code", args=[certificate.verification_code])
    logged = login_as("manager")
    logged.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = logged.get(url)
    assert len(queries) > 0 and "Se déconnecter" in page.content.decode()
    unknown = reverse("verification:verify_code", args=["x" * 22])
    assert client.get(unknown).status_code == 404
    assert client.get(unknown).status_code == 404


def test_cache_off_when_configured(client, closed_session, settings):
    settings.FORPREV_VERIFY_PAGE_CACHE_SECONDS = 0
    certificate = closed_session.certificates.first()
    url = reverse("verification:verify_code", args=[certificate.verification_code])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > 0


def test_the_fast_page_is_the_page_the_template_renders(client, closed_session, rf):
    """Anonymous visitors get the layout kept once and the certificate rendered per request:
    byte for byte what ``verification/certificate.html`` renders (nonce aside)."""
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.utils import timezone

    from forprev.certificates.page_cache import NONCE_PLACEHOLDER
    from forprev.certificates.selectors import public_certificate
    from forprev.www.verification_views.body import certificate_body, certificate_title

    certificate = closed_session.certificates.first()
    url = reverse("verification:verify_code", args=[certificate.verification_code])
    client.get(
        reverse(
            "verification:verify_code", args=[closed_session.certificates.last().verification_code]
        )
    )
    served = client.get(url).content.decode()
    (nonce,) = set(re.findall(r'nonce="([^"]+)"', served))
    request = rf.get(url)
    request.user = AnonymousUser()
    public = public_certificate(certificate.verification_code)
    expected = render_to_string(
        "verification/certificate.html",
        {
            "title": certificate_title(public),
            "body": certificate_body(public, public.state_on(timezone.localdate())),
            "csp_nonce": NONCE_PLACEHOLDER,
        },
        request,
    ).replace(NONCE_PLACEHOLDER, nonce)
    assert served == expected


def test_a_page_kept_as_text_by_an_older_release_is_ignored(client, closed_session):
    from django.core.cache import caches
    from django.utils import timezone

    from forprev.certificates.page_cache import _key

    certificate = closed_session.certificates.first()
    key = _key(certificate.verification_code, timezone.localdate())
    caches["pages"].set(key, "<p>ancienne page</p>")
    url = reverse("verification:verify_code", args=[certificate.verification_code])
    page = client.get(url).content.decode()
    assert "ancienne page" not in page and "Certificat valide" in page
