import pytest
from django.db import DatabaseError
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_json_with_a_database_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_reports_a_database_failure(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("down")

    with monkeypatch.context() as patch:
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_robots_and_sitemap_list_only_public_pages(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /espace/" in robots and "Sitemap:" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/aide/" in sitemap and "/connexion/" in sitemap
    assert "/espace/" not in sitemap


@pytest.mark.django_db
def test_unknown_page_is_a_french_404(client):
    response = client.get("/nexiste-pas/")
    assert response.status_code in {302, 404}
    response = client.get("/aide/inconnue/")
    assert response.status_code in {302, 404}


@pytest.mark.django_db
def test_private_home_sends_anonymous_to_login(client):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe" not in script_src
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
