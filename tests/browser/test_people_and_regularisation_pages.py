"""Pages of issue-4/5 workflows in a real browser, with axe: a person search and a person's
page, a request to the caisse, a regularisation decided by the instructor."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_manager_finds_a_trainee_despite_a_typo(page: Page, demo_users):
    log_in(page, demo_users["manager"])
    page.goto("/espace/entite/")
    page.locator(".fr-radio-group", has_text="FORMASUD PREVENTION").locator("label").click()
    page.get_by_role("button", name="Continuer").click()
    page.goto("/individus/")
    page.get_by_label("Nom", exact=True).fill("Moraeu")
    page.get_by_label("Date de naissance").fill("1994-05-12")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("link", name="MOREAU")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="MOREAU").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MOREAU Inès")
    assert_accessible(page)
    page.get_by_role("link", name="Signaler une erreur de coordonnées à la caisse").click()
    expect(page.get_by_role("textbox", name="Prénom", exact=True)).to_have_value("Inès")
    assert_accessible(page)


def test_instructor_decides_a_regularisation(page: Page, demo_users):
    log_in(page, demo_users["instructor"])
    page.goto("/regularisations/")
    assert_accessible(page)
    page.get_by_role("link", name="Clôture après le délai de clôture").first.click()
    page.get_by_text("Autoriser", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("La décision est enregistrée")).to_be_visible()
    expect(page.get_by_text("La session peut être clôturée jusqu'à cette date.")).to_be_visible()
    assert_accessible(page)
