"""Pages and files with personal data answer ``Cache-Control: no-store`` (issue 12, item 12)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from forprev.core.cache_headers import no_store


def _not_stored(response):
    cache_control = response.get("Cache-Control", "")
    return (
        "no-store" in cache_control
        and "private" in cache_control
        and (response.get("Pragma") == "no-cache")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("manager", "dashboard:home"),
        ("manager", "training:session_list"),
        ("delegate", "people:person_search"),
        ("support", "audit:audit_log"),
        ("national", "entities:entity_list"),
        # Even a public page, once logged in (the header shows the person's name).
        ("person", "public:home"),
        ("person", "accounts:my_info"),
    ],
)
def test_logged_in_pages_are_never_stored(login_as, persona, url_name):
    response = login_as(persona).get(reverse(url_name))
    assert response.status_code == 200
    assert _not_stored(response), response.get("Cache-Control")


@pytest.mark.django_db
def test_a_public_page_keeps_its_cache_headers_when_logged_in(login_as):
    """robots.txt says ``public, max-age=3600``; a logged-in session still gets no-store."""
    response = login_as("manager").get(reverse("public:robots"))
    assert _not_stored(response)
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
def test_certificate_pdfs_are_never_stored(login_as, closed_session):
    certificate = closed_session.certificates.first()
    client = login_as("manager")
    for url in (
        reverse("training:certificates_pdf", args=[closed_session.public_id]),
        reverse(
            "training:certificate_pdf",
            args=[closed_session.public_id, certificate.number],
        ),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert _not_stored(response), url


@pytest.mark.django_db
def test_anonymous_public_pages_stay_cacheable(client):
    for url_name in ("public:home", "public:robots", "directory:entity_list"):
        response = client.get(reverse(url_name))
        assert "no-store" not in response.get("Cache-Control", ""), url_name
        assert "Pragma" not in response
    assert "public" in client.get(reverse("public:robots"))["Cache-Control"]


def test_no_store_decorator_for_files_reached_without_a_session():
    view = no_store(lambda request: HttpResponse(b"%PDF-", content_type="application/pdf"))
    assert _not_stored(view(RequestFactory().get("/")))
