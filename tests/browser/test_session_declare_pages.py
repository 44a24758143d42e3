"""Declaring a session in a real browser (issue 13 item 13), with axe: the levels whose
habilitation does not cover the dates typed are disabled by the page's script, the team's
trainers are listed with their trainer certificate's validity."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_declaration_page_offers_the_levels_covering_the_dates(page: Page, demo_users):
    log_in(page, demo_users["manager"])
    page.goto("/espace/entite/")
    page.locator(".fr-radio-group", has_text="FORMASUD PREVENTION").locator("label").click()
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/espace/")
    page.goto("/sessions/")
    page.get_by_role("link", name="Déclarer une session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclarer une session de formation")
    assert_accessible(page)
    options = page.locator("#id_programme_level option[data-periods]")
    assert options.count() >= 1
    expect(options.first).to_contain_text("(habilitée du ")
    expect(page.locator("#checkboxes-id_team")).to_contain_text("certificat")
    # Dates no habilitation covers: every level is disabled.
    far = timezone.localdate() + timedelta(days=365 * 30)
    page.get_by_label("Premier jour").fill(far.isoformat())
    page.get_by_label("Dernier jour").fill((far + timedelta(days=1)).isoformat())
    page.get_by_label("Dernier jour").dispatch_event("change")
    for index in range(options.count()):
        expect(options.nth(index)).to_be_disabled()
    # Tomorrow: at least one level is offered again.
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Premier jour").fill(tomorrow.isoformat())
    page.get_by_label("Premier jour").dispatch_event("change")
    page.get_by_label("Dernier jour").fill(tomorrow.isoformat())
    page.get_by_label("Dernier jour").dispatch_event("change")
    expect(
        page.locator("#id_programme_level option[data-periods]:not([disabled])")
    ).not_to_have_count(0)
    assert_accessible(page)
