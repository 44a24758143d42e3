"""A frozen action in the browser: the manager clicks the button, a DSFR pop-up tells why; the
page reached by its address says so too; both pass axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from forprev.freezes.enums import FrozenAction
from forprev.freezes.models import FeatureFreeze

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

MESSAGE = "Pour une modification indispensable, écrivez à votre caisse de rattachement."


def test_manager_clicks_the_frozen_action_and_the_pop_up_tells_why(page: Page, demo_users):
    FeatureFreeze.objects.create(
        action=FrozenAction.ENTITY_PROFILE, starts_on=timezone.localdate(), message=MESSAGE
    )
    manager = demo_users["manager"]
    log_in(page, manager, identifier=manager.forprev_id)
    # The banner tells it on every page, with the demo's upcoming freeze.
    expect(page.locator(".fr-notice").filter(has_text=MESSAGE)).to_be_visible()

    page.goto("/entites/")
    page.locator("#entities-table tbody a").first.click()
    expect(page.get_by_role("link", name="Modifier le tronc commun")).to_have_count(0)
    dialog = page.get_by_role("dialog", name="Action momentanément indisponible")
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Modifier le tronc commun").click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("la modification du tronc commun par l'entité n'est plus")
    expect(dialog).to_contain_text(MESSAGE)
    assert_accessible(page)

    dialog.get_by_role("button", name="Fermer").click()
    expect(dialog).to_be_hidden()

    # Typing the form's address leads to the explanation, not to the form.
    page.goto(page.url + "modifier/")
    expect(page.locator("#frozen-action")).to_contain_text(MESSAGE)
    expect(page.get_by_role("button", name="Enregistrer")).to_have_count(0)
    assert_accessible(page)


def test_national_publishes_a_freeze(page: Page, demo_users):
    log_in(page, demo_users["national"])
    page.goto("/gels/")
    expect(page.locator("#freezes-past-table")).to_contain_text("Demande initiale")  # the seed
    page.get_by_role("link", name="Nouveau gel").click()
    page.get_by_label("Action suspendue").select_option(label="Demande de renouvellement")
    page.get_by_label("Suspendue à partir du").fill("2031-07-13")
    page.get_by_label("Jusqu'au (inclus)").fill("2031-07-01")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le formulaire contient des erreurs")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Jusqu'au (inclus)").fill("")
    page.get_by_label("Message aux utilisateurs").fill(MESSAGE)
    page.get_by_role("button", name="Enregistrer").click()
    expect(
        page.get_by_text("Son annonce (bandeau et courriels) commence le 13/06/2031")
    ).to_be_visible()
    expect(page.locator("#freezes-upcoming-table")).to_contain_text(MESSAGE)
    assert_accessible(page)
