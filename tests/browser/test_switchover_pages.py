"""The switch-over's readiness page in a real browser: its CSV buttons show their text next to
their icon (issue 13, item 19), the page starts the conformity check, and axe-core passes."""

import pytest
from playwright.sync_api import Page, expect

from tests.switchover.legacy_files import clean_rows, run_check, write_export

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_readiness_csv_buttons_show_their_label(page: Page, demo_users, tmp_path):
    run_check(tmp_path / "export")
    log_in(page, demo_users["national"])
    page.goto("/reprise/preparation/")
    for label in ("État de préparation par entité (CSV)", "Toutes les anomalies (CSV)"):
        button = page.get_by_role("link", name=label)
        expect(button).to_be_visible()
        # The text itself is laid out, not clipped to an icon-sized box.
        box = button.bounding_box()
        assert box is not None and box["width"] > 150, (label, box)
        text_width = button.evaluate(
            "el => { const r = document.createRange(); r.selectNodeContents(el);"
            " return r.getBoundingClientRect().width; }"
        )
        assert text_width > 100, (label, text_width)
    page.screenshot(path=str(tmp_path / "readiness.png"), full_page=True)
    assert_accessible(page)


def test_readiness_page_starts_the_check_of_the_export_on_the_server(
    page: Page, demo_users, tmp_path, settings
):
    write_export(tmp_path / "depot", clean_rows())
    settings.FORPREV_SWITCHOVER_EXPORT_DIR = str(tmp_path / "depot")
    log_in(page, demo_users["instructor"])
    page.goto("/reprise/preparation/")
    expect(
        page.get_by_text("Aucun contrôle de conformité des données n'est encore terminé")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Lancer le contrôle de l'export déposé").click()
    expect(page.get_by_text("Contrôle lancé : ses résultats s'affichent")).to_be_visible()
    expect(page.locator("#last-check")).to_contain_text("terminée")
    expect(page.locator("#total-entities")).to_be_visible()
    assert_accessible(page)
