"""Person searches are not put in addresses (issue 12, item 12): names and birth dates go in a
POST, the results page is addressed by a short-lived search id kept in the session."""

import re
from datetime import date

import pytest
from django.urls import reverse

from forprev.core import saved_searches
from forprev.people.models import Person
from forprev.training.models import Enrolment

pytestmark = pytest.mark.django_db
SEARCH = reverse("people:person_search")
NAME, BIRTH = "Quintavalle", date(1983, 7, 21)


@pytest.fixture
def trainee(session):
    person = Person.objects.create(last_name=NAME, first_name="Ottavia", birth_date=BIRTH)
    Enrolment.objects.create(session=session, person=person)
    return person


def _addresses(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src)="([^"]*)"', html)


def _leaks(text: str) -> bool:
    lowered = text.lower()
    return any(
        secret in lowered
        for secret in (NAME.lower(), "1983-07-21", "21/07/1983", "21%2f07%2f1983", "ottavia")
    )


def test_the_search_form_posts_with_a_csrf_token(login_as):
    page = login_as("manager").get(SEARCH).content.decode()
    assert re.search(r'<form method="post"[^>]*role="search"', page)
    assert "csrfmiddlewaretoken" in page


def test_searched_name_and_birth_date_never_appear_in_an_address(login_as, trainee):
    client = login_as("manager")
    response = client.post(SEARCH, {"nom": NAME, "prenom": "Ottavia", "naissance": "1983-07-21"})
    assert response.status_code == 302
    assert not _leaks(response.url)
    assert re.fullmatch(rf"{SEARCH}\?recherche=[\w-]+", response.url)
    page = client.get(response.url)
    html = page.content.decode()
    assert NAME.upper() in html  # found…
    assert not any(_leaks(address) for address in _addresses(html))  # …named in no link


def test_a_search_id_is_worth_nothing_in_another_session(client, login_as, personas, trainee):
    url = login_as("manager").post(SEARCH, {"nom": NAME}).url
    client.logout()
    other = login_as("delegate")  # same entity, another session: a fresh session
    html = other.get(url).content.decode()
    assert NAME.upper() not in html
    assert "Cette recherche a expiré" in html


def test_a_search_id_expires(login_as, trainee, monkeypatch):
    client = login_as("manager")
    url = client.post(SEARCH, {"nom": NAME}).url
    assert NAME.upper() in client.get(url).content.decode()
    monkeypatch.setattr(saved_searches, "LIFETIME_SECONDS", 0)
    html = client.get(url).content.decode()
    assert NAME.upper() not in html and "Cette recherche a expiré" in html


def test_criteria_put_in_the_address_by_hand_are_ignored(login_as, trainee):
    html = login_as("manager").get(SEARCH, {"nom": NAME}).content.decode()
    assert NAME.upper() not in html


def test_an_invalid_search_is_shown_again_without_redirecting(login_as):
    response = login_as("manager").post(SEARCH, {"nom": "a"})
    assert response.status_code == 200
    assert "au moins deux lettres" in response.content.decode()


def test_trainee_search_on_a_session_is_a_post_too(login_as, session, trainee):
    """The « ajouter un stagiaire » search (training_views/trainees.py) keeps names in the body."""
    client = login_as("manager")
    url = reverse("training:trainee_add", args=[session.public_id])
    html = client.get(url).content.decode()
    forms = re.findall(r"<form[^>]*>", html)
    assert forms and all('method="post"' in form for form in forms)
    response = client.post(url, {"nom": NAME, "naissance": "1983-07-21"})
    assert response.status_code == 200
    assert not any(_leaks(address) for address in _addresses(response.content.decode()))
