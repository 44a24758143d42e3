"""Layout in a real browser: the menu fits on one line at 1280 px for every role and its groups
open from the keyboard; entity and trainer pages do not overflow a 375 px phone screen."""

import pytest
from playwright.sync_api import Page, expect

from forprev.entities.models import Entity

from .conftest import DEMO_EMAILS, assert_accessible, log_in

pytestmark = pytest.mark.browser

TOP_ITEMS = "nav#navigation > ul.fr-nav__list > li.fr-nav__item"


@pytest.mark.parametrize("role", list(DEMO_EMAILS))
def test_menu_fits_on_one_line_and_opens_from_the_keyboard(page: Page, demo_users, role):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, demo_users[role])
    tops = page.locator(TOP_ITEMS).evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert len(tops) >= 3, tops
    assert len(set(tops)) == 1, f"the menu of {role} wraps onto {len(set(tops))} lines: {tops}"

    buttons = page.locator("nav#navigation button.fr-nav__btn")
    if buttons.count():
        first = buttons.first
        first.focus()
        page.keyboard.press("Enter")
        expect(first).to_have_attribute("aria-expanded", "true")
        menu = page.locator(f"#{first.get_attribute('aria-controls')}")
        expect(menu.locator("a.fr-nav__link").first).to_be_visible()
        assert_accessible(page)


def _no_horizontal_overflow(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    culprits = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 376 && e.children.length === 0)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 40))"""
    )
    assert width <= 375, f"{path} is {width} px wide on a 375 px screen: {culprits}"


def test_entity_and_team_pages_fit_a_phone(page: Page, demo_users):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, demo_users["manager"])
    entity = Entity.objects.get(name="FORMASUD PREVENTION")
    for path in (f"/entites/{entity.public_id}/", "/formateurs/equipe/", "/espace/"):
        _no_horizontal_overflow(page, path)


def test_trainer_space_fits_a_phone(page: Page, demo_users):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, demo_users["trainer"])
    _no_horizontal_overflow(page, "/formateurs/mon-espace/")
