"""Session pages in a real browser, with axe: the manager's session and import pages, the
trainer's validation page."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

CSV = "Nom;Prénom;Date de naissance\nMartin;Léa;12/03/1990\n;Sans;31/02/1990\n".encode()


def test_manager_session_and_import_preview(page: Page, demo_users):
    log_in(page, demo_users["manager"])
    page.goto("/sessions/")
    page.get_by_role("link", name="SST — Acteur SST").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SST")
    assert_accessible(page)
    page.goto("/sessions/")
    # The session being prepared is the one in the future, listed first.
    page.get_by_role("link", name="SST — Acteur SST").first.click()
    page.get_by_role("link", name="Importer des stagiaires (CSV ou XLSX)").click()
    page.locator("input[name=file]").set_input_files(
        {"name": "stagiaires.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.get_by_text("Nom manquant.")).to_be_visible()
    expect(page.get_by_text("Rien n'a été enregistré")).to_be_visible()
    assert_accessible(page)


def test_trainer_validation_page(page: Page, demo_users):
    log_in(page, demo_users["trainer"])
    page.goto("/sessions/")
    assert_accessible(page)
    rows = page.locator("tbody tr", has_text="Soumise au formateur")
    rows.first.get_by_role("link").click()
    page.get_by_role("link", name="Valider la session (résultats)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valider la session")
    assert_accessible(page)


def test_public_verification_of_a_demo_certificate(page: Page, demo_users):
    from django.utils import timezone

    from forprev.certificates.models import Certificate

    certificate = Certificate.objects.filter(
        revoked_at__isnull=True, valid_until__gte=timezone.localdate()
    ).first()
    page.goto("/verifier/")
    page.get_by_label("Numéro du certificat").fill(certificate.number)
    page.get_by_label("Nom du titulaire").fill(certificate.person.last_name)
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_text("Certificat valide")).to_be_visible()
    assert_accessible(page)
