"""Every role logs in through the real forms, opens each section of its menu, and every page
passes axe-core (WCAG 2.1 A/AA and best practices, serious and critical impacts)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from forprev.core.demo import DEMO_PASSWORD

from .conftest import DEMO_EMAILS, assert_accessible, axe_violations, log_in

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/aide/",
    "/connexion/",
    "/mot-de-passe-oublie/",
    "/annuaire/",
    "/annuaire/sessions-inter-entreprises/",
    "/demander-une-habilitation/",
    "/verifier/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_accessible(page: Page, demo_users, path):
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    assert urlsplit(page.url).path == path
    assert_accessible(page)


@pytest.mark.parametrize("role", list(DEMO_EMAILS))
def test_role_reaches_every_menu_section(page: Page, demo_users, role):
    user = demo_users[role]
    violations = []
    # The manager logs in with the numéro Forprev, the others with their e-mail address.
    log_in(
        page,
        user,
        identifier=user.forprev_id if role == "manager" else None,
        check_step=lambda step: violations.extend(axe_violations(step)),
    )

    header = page.locator("#connected-person")
    expect(header).to_contain_text("Utilisateur :")
    expect(header).to_contain_text(user.full_name)

    links = page.locator("nav#navigation a.fr-nav__link")
    paths = links.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert paths, "the main navigation is empty"
    for path in dict.fromkeys([*paths, "/mes-informations/"]):
        response = page.goto(path)
        assert response is not None and response.ok, (
            f"{path} answered {response and response.status}"
        )
        assert urlsplit(page.url).path == path, f"{path} redirected to {page.url}"
        violations += axe_violations(page)
    assert not violations, "axe-core violations:\n" + "\n".join(violations)


def test_wrong_password_shows_generic_error(page: Page, demo_users):
    page.goto("/connexion/")
    page.get_by_label("Numéro Forprev ou adresse électronique").fill(
        demo_users["manager"].forprev_id
    )
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD + "x")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Identifiant ou mot de passe incorrect")).to_be_visible()
    assert urlsplit(page.url).path == "/connexion/"
    assert_accessible(page)


def test_manager_edits_tronc_commun(page: Page, demo_users):
    manager = demo_users["manager"]
    log_in(page, manager, identifier=manager.forprev_id)
    page.goto("/entites/")
    page.locator("#entities-table tbody a").first.click()
    page.get_by_role("link", name="Modifier le tronc commun").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier le tronc commun")

    # The caisse's fields are shown but greyed out for a manager.
    siret = page.get_by_label("SIRET")
    trade_name = page.get_by_label("Nom commercial")
    expect(siret).to_be_disabled()
    expect(trade_name).to_be_enabled()
    color = "input => getComputedStyle(input).color"
    assert siret.evaluate(color) != trade_name.evaluate(color), "SIRET is not greyed out"
    assert_accessible(page)

    # An error state must be accessible too.
    address = page.get_by_role("textbox", name="Adresse", exact=True)
    address_value = address.input_value()
    address.fill("")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le formulaire contient des erreurs")).to_be_visible()
    expect(address).to_have_attribute("aria-invalid", "true")
    expect(address).to_have_accessible_description("Ce champ est obligatoire.")
    assert_accessible(page)

    address.fill(address_value)
    trade_name.fill("Formasud Méditerranée")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le tronc commun de l'entité a été enregistré.")).to_be_visible()
    expect(page.locator("dl")).to_contain_text("Formasud Méditerranée")
    assert_accessible(page)
