"""Support filters the journal and reads it as sentences; starts duplicate detection from
« Doublons »; the instructor reads the requests about people with their count; each page
through axe-core."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_support_filters_the_journal_and_runs_duplicate_detection(page: Page, demo_users):
    log_in(page, demo_users["support"])
    page.goto("/administration/journal/")
    expect(page.locator("#audit-count")).to_contain_text("modification")
    expect(page.locator("table")).not_to_contain_text("None →")
    assert_accessible(page)
    page.get_by_label("Action").select_option(label="Création")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#audit-count")).to_contain_text("aux filtres")
    expect(page.locator("td ul li").first).to_contain_text(" a créé ")
    assert_accessible(page)

    page.goto("/doublons/")
    panel = page.locator("#job-duplicates-detect")
    expect(panel).to_contain_text("Aucune exécution enregistrée")
    panel.get_by_role("button", name="Lancer maintenant").click()
    expect(page.locator("#job-duplicates-detect")).to_contain_text("Dernière exécution le")
    assert_accessible(page)


def test_the_instructor_reads_the_requests_with_their_count(page: Page, demo_users):
    log_in(page, demo_users["instructor"])
    page.goto("/individus/demandes/")
    expect(page.locator("#request-count")).to_contain_text("en attente")
    assert_accessible(page)
