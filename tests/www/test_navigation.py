"""The header menu: grouped so that it fits at 1280 px, only entries the viewer may open, and a
person acting for several entities asked to choose one before a deep link, then sent on."""

import re

import pytest
from django.urls import reverse

from forprev.entities.enums import DelegateRight
from forprev.www.context_processors import MENU, Entry
from tests.conftest import PERSONAS
from tests.factories import EntityFactory, MembershipFactory
from tests.session_fixtures import copy_of

NAV = re.compile(r'<nav class="fr-nav".*?</nav>', re.S)
LINK = re.compile(r'<a class="fr-nav__link" href="([^"]+)"')
TOP_LEVEL = re.compile(r'<li class="fr-nav__item">')
# At 1280 px the DSFR menu holds about seven top-level entries of this length on one line.
MAX_TOP_LEVEL = 7


def _menu(client):
    response = client.get(reverse("dashboard:home"), follow=True)
    assert response.status_code == 200
    return NAV.search(response.content.decode()).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_every_menu_entry_opens_for_its_viewer(login_as, persona):
    client = login_as(persona)
    menu = _menu(client)
    links = LINK.findall(menu)
    assert links, persona
    for url in links:
        response = client.get(url)
        assert response.status_code == 200, (persona, url, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_the_menu_fits_on_one_line(login_as, persona):
    menu = _menu(login_as(persona))
    assert len(TOP_LEVEL.findall(menu)) <= MAX_TOP_LEVEL, persona


@pytest.mark.django_db
def test_national_reaches_the_bulk_extension_page_from_the_menu(login_as):
    menu = _menu(login_as("national"))
    assert reverse("extensions:extension_preview") in LINK.findall(menu)
    assert 'class="fr-nav__btn"' in menu  # grouped under buttons opening sub-menus


@pytest.mark.django_db
def test_delegate_without_session_right_has_no_people_entries(login_as):
    links = LINK.findall(_menu(login_as("delegate_without_right")))
    assert reverse("people:person_search") not in links
    assert reverse("people:request_list") not in links
    assert reverse("regularisations:request_list") not in links


def test_each_entry_label_names_the_page_it_opens():
    """« Habilitations » is a group now; the entity list is labelled « Entités » like its page."""
    labels = {
        entry.url_name: str(entry.label)
        for item in MENU
        for entry in ((item,) if isinstance(item, Entry) else item.entries)
    }
    assert labels["entities:entity_list"] == "Entités"
    assert labels["accreditations:request_list"] == "Demandes d'habilitation"
    assert labels["extensions:extension_preview"] == "Prolonger des habilitations"


@pytest.fixture
def two_entities_member(db, entity):
    second = EntityFactory(name="SCIERIE DES ALPILLES ZQXW")
    user = MembershipFactory(entity=entity).user
    MembershipFactory(
        entity=second, user=user, delegate=True, rights=[DelegateRight.DECLARE_SESSIONS.value]
    )
    return user, entity, second


@pytest.mark.django_db
def test_deep_link_asks_for_the_entity_then_lands_on_the_page(client, two_entities_member):
    user, entity, _second = two_entities_member
    client.force_login(user)
    wanted = reverse("training:session_list") + "?page=1"
    response = client.get(wanted)
    assert response.status_code == 302
    choose = reverse("dashboard:choose_entity")
    assert response["Location"].startswith(choose + "?next=")
    page = client.get(response["Location"])
    assert f'name="next" value="{wanted}"' in page.content.decode()
    response = client.post(choose, {"entity": str(entity.public_id), "next": wanted})
    assert response.status_code == 302
    assert response["Location"] == wanted
    assert client.get(wanted).status_code == 200


@pytest.mark.django_db
def test_choice_never_sends_to_another_site(client, two_entities_member):
    user, entity, _second = two_entities_member
    client.force_login(user)
    for hostile in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post(
            reverse("dashboard:choose_entity"), {"entity": str(entity.public_id), "next": hostile}
        )
        assert response["Location"] == reverse("dashboard:home"), hostile


@pytest.mark.django_db
def test_account_pages_and_invitations_need_no_choice(client, two_entities_member):
    user, _entity, _second = two_entities_member
    client.force_login(user)
    for name in ("accounts:my_info", "entities:invitation_list", "dashboard:choose_entity"):
        assert client.get(reverse(name)).status_code == 200, name


@pytest.mark.django_db
def test_refused_page_offers_to_switch_entity(client, two_entities_member, session, other_entity):
    """A link from an e-mail may concern another entity: the 404 page offers the switch."""
    user, entity, _second = two_entities_member
    client.force_login(user)
    client.post(reverse("dashboard:choose_entity"), {"entity": str(entity.public_id)})
    other = copy_of(session, entity=other_entity)
    url = reverse("training:session_detail", kwargs={"public_id": other.public_id})
    response = client.get(url)
    assert response.status_code in {403, 404}
    body = response.content.decode()
    assert "Changer d&#x27;entité" in body or "Changer d'entité" in body
    assert reverse("dashboard:choose_entity") + "?next=" in body
