"""Page titles (issue 13, item 19): a plain, short text on every page — the entity's page put
its whole history (HTML included) in its ``<title>``, the person's page their merges.

The crawl is that of the hostile-values test: every URL of every permission matrix, resolved with
real objects, for several personas."""

import html
import re

import pytest
from django.urls import reverse

from forprev.entities.services import entity_update_profile
from tests.www.test_hostile_query_values import _urls, world  # noqa: F401 — the fixture

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
PERSONAS = ["manager", "instructor", "national"]


def title_of(response) -> str | None:
    if "text/html" not in response.get("Content-Type", ""):
        return None
    found = TITLE.search(response.content.decode())
    return html.unescape(found.group(1)) if found else None


def assert_plain_short(title: str, where: str) -> None:
    assert "<" not in title, (where, title)
    assert len(title) < 120, (where, len(title), title)
    assert "\n" not in title.strip(), (where, title)
    assert title.endswith(" — Forprev"), (where, title)


@pytest.mark.django_db
def test_the_entity_page_title_is_its_name_even_with_a_history(login_as, entity, personas):
    entity_update_profile(
        entity=entity, by=personas["manager"], changes={"phone": "0491000000", "city": "Aubagne"}
    )
    response = login_as("manager").get(reverse("entities:entity_detail", args=[entity.public_id]))
    assert "Historique du tronc commun" in response.content.decode()  # the history is on the page
    assert title_of(response) == f"{entity.name} — Forprev"


@pytest.mark.django_db
def test_the_person_page_title_is_their_name_even_with_merges(login_as, world):  # noqa: F811
    merge = world["duplicates_views"]["merge"]
    response = login_as("support").get(reverse("people:person_detail", args=[merge.kept.public_id]))
    assert response.status_code == 200
    assert "Fusions" in response.content.decode()
    assert title_of(response) == (
        f"{merge.kept.last_name.upper()} {merge.kept.first_name} — Forprev"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_of_the_crawl_has_a_plain_short_title(login_as, personas, world, persona):  # noqa: F811
    client = login_as(persona)
    seen = 0
    for url_name, url in _urls(world, personas, persona):
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)  # consumed, so the file is closed
            continue
        title = title_of(response) if response.status_code == 200 else None
        if title is None:
            continue
        seen += 1
        assert_plain_short(title, url_name)
    assert seen > 20, seen
