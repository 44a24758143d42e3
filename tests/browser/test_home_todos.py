"""Every demo role logs in, finds its to-do list on its home (/espace/) and follows each to-do
to the page where the action is done: the page answers, is not a redirect nor an error, shows
the heading expected there, and passes axe-core — as does the home itself."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .conftest import DEMO_EMAILS, assert_accessible, log_in

pytestmark = pytest.mark.browser

# Where a to-do leads (path pattern) → the page's heading (a pattern too).
UUID = r"[0-9a-f-]{36}"
LANDINGS = [
    (rf"^/sessions/{UUID}/valider/$", r"^Valider la session$"),
    (rf"^/sessions/{UUID}/$", r"^SST — "),
    (r"^/sessions/$", r"Sessions"),
    (rf"^/habilitations/demandes/{UUID}/$", r" — "),
    (r"^/habilitations/demandes/nouvelle/$", r"^Nouvelle demande d'habilitation$"),
    (r"^/habilitations/demandes/$", r"^Demandes d'habilitation$"),
    (rf"^/entites/{UUID}/$", r"^[A-Z]"),
    (rf"^/entites/{UUID}/delegues/$", r"[Dd]élégués"),
    (r"^/formateurs/equipe/$", r"^Équipe pédagogique$"),
    (r"^/formateurs/mon-espace/$", r"."),
    (r"^/regularisations/$", r"^Demandes de régularisation$"),
    (r"^/individus/demandes/$", r"^Demandes sur des individus$"),
    (r"^/doublons/$", r"^Doublons$"),
    (r"^/taches-planifiees/$", r"^Tâches planifiées$"),
    (r"^/gels/$", r"^Gels de fonctionnalités$"),
    (r"^/reprise/preparation/$", r"^Préparation de la bascule"),
    (r"^/verifier/[^/]+/$", r"[Cc]ertificat"),
]

# What each demo role finds to do on its home (the demo data provides at least these).
EXPECTED_SECTIONS = {
    "manager": ["Sessions à clôturer", "Sessions en attente de validation par le formateur"],
    "delegate": ["Sessions à clôturer"],
    "trainer": ["Sessions à valider en tant que formateur"],
    "instructor": ["Demandes d'habilitation", "Régularisations", "Demandes sur des individus"],
    "support": ["Demandes sur des individus"],
    "national": ["Demandes d'habilitation", "Gels de fonctionnalités à venir"],
}


def expected_heading(path: str) -> str:
    for pattern, heading in LANDINGS:
        if re.match(pattern, path):
            return heading
    pytest.fail(f"a to-do leads to an unexpected page: {path}")


def todo_links(page: Page) -> list[str]:
    """The links of the to-do sections, in order, without repeats."""
    hrefs = page.locator("section.todo-section a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    return list(dict.fromkeys(hrefs))


@pytest.mark.parametrize("role", list(DEMO_EMAILS))
def test_role_follows_each_home_todo_to_where_it_is_done(page: Page, demo_users, role):
    log_in(page, demo_users[role])
    assert_accessible(page)
    sections = page.locator("section.todo-section")
    for title in EXPECTED_SECTIONS[role]:
        section = sections.filter(has=page.get_by_role("heading", level=2, name=title))
        expect(section).to_have_count(1)
        # Something to do there, not the empty state.
        expect(section.locator("li.todo-item").first).to_be_visible()
    links = todo_links(page)
    assert links, f"no to-do link on the home of {role}"
    for href in links:
        response = page.goto(href)
        assert response is not None and response.ok, (
            f"{href} answered {response and response.status}"
        )
        landed = urlsplit(page.url)
        wanted = urlsplit(href)
        assert (landed.path, landed.query) == (wanted.path, wanted.query), (
            f"{href} redirected to {page.url}"
        )
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(re.compile(expected_heading(landed.path)))
        assert_accessible(page)


def test_manager_resends_an_invitation_from_the_home(page: Page, demo_users):
    log_in(page, demo_users["manager"])
    section = page.locator("section.todo-section").filter(
        has=page.get_by_role("heading", level=2, name="Invitations envoyées en attente de réponse")
    )
    section.get_by_role("button", name=re.compile("^Renvoyer l'invitation")).first.click()
    expect(page.get_by_text("Invitation renvoyée pour")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Équipe pédagogique")
    assert_accessible(page)


def test_trainer_opens_the_validation_page_from_the_home(page: Page, demo_users):
    log_in(page, demo_users["trainer"])
    section = page.locator("section.todo-section").filter(
        has=page.get_by_role("heading", level=2, name="Sessions à valider en tant que formateur")
    )
    section.get_by_role("link", name=re.compile("^Valider la session")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valider la session")
    assert_accessible(page)
