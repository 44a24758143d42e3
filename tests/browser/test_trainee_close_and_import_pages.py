"""In a real browser, with axe: adding a trainee whose name is mistyped shows the close person
known to the entity and asks « Ce n'est pas la même personne » to create; the import page
offers the templates and refuses a file beyond the places left before any confirmation."""

import pytest
from playwright.sync_api import Page, expect

from forprev.training.enums import SessionStatus
from forprev.training.models import TrainingSession
from tests.session_fixtures import copy_of, enrolled_in

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def _prepared_session(page: Page) -> TrainingSession:
    """The manager's session being prepared (listed first: in the future), opened."""
    page.goto("/sessions/")
    page.get_by_role("link", name="SST — Acteur SST").first.click()
    public_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    session = TrainingSession.objects.get(public_id=public_id)
    assert session.status == SessionStatus.DRAFT
    return session


def test_a_mistyped_name_shows_the_close_person_and_asks_before_creating(page: Page, demo_users):
    log_in(page, demo_users["manager"])
    session = _prepared_session(page)
    # Trained earlier by the entity: known to its members.
    known = enrolled_in(copy_of(session), last_name="Quennevillard", first_name="Ysaline")
    page.get_by_role("link", name="Ajouter ou retirer un stagiaire").click()
    # A doubled letter in the last name, the first name as known.
    typo = known.last_name[:2] + known.last_name[1:]
    page.locator("#id_nom").fill(typo)
    page.locator("#id_prenom").fill(known.first_name)
    page.locator("#id_naissance").fill(known.birth_date.isoformat())
    page.get_by_role("button", name="Rechercher").click()
    row = page.locator("tbody tr", has_text=known.forprev_id)
    expect(row.get_by_text("Proche")).to_be_visible()
    expect(row.get_by_role("button", name="Inscrire")).to_be_visible()
    expect(
        page.get_by_role("button", name="Ce n'est pas la même personne : créer et inscrire")
    ).to_be_visible()
    assert_accessible(page)


def test_the_import_page_offers_templates_and_refuses_beyond_the_places_left(
    page: Page, demo_users
):
    log_in(page, demo_users["manager"])
    session = _prepared_session(page)
    page.get_by_role("link", name="Importer des stagiaires (CSV ou XLSX)").click()
    expect(page.get_by_role("link", name="Télécharger le modèle CSV")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger le modèle XLSX")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le modèle CSV").click()
    assert download.value.suggested_filename == "modele-import-stagiaires.csv"
    lines = [
        f"Xquinteval{index};Awa;01/02/1991"
        for index in range(session.capacity - session.enrolments.count() + 1)
    ]
    content = ("Nom;Prénom;Date de naissance\n" + "\n".join(lines) + "\n").encode()
    page.locator("input[name=file]").set_input_files(
        {"name": "stagiaires.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.get_by_text("Retirez 1 ligne du fichier")).to_be_visible()
    expect(
        page.get_by_role("button", name="Confirmer l'inscription de ces stagiaires")
    ).to_have_count(0)
    assert_accessible(page)
