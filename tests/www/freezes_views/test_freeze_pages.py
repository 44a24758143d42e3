"""The national role's pages: the schedule (in force, upcoming, past), create, edit, delete."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forprev.freezes.enums import FrozenAction
from forprev.freezes.models import FeatureFreeze
from tests.freezes.factories import MESSAGE, FeatureFreezeFactory

pytestmark = pytest.mark.django_db


def day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def section(html: str, key: str) -> str:
    start = html.index(f'id="freezes-{key}-table"')
    return html[start : html.index("</table>", start)]


def test_list_sorts_freezes_into_in_force_upcoming_and_past(login_as, page_of):
    FeatureFreezeFactory(action=FrozenAction.ENTITY_PROFILE, message="Gel en cours.")
    FeatureFreezeFactory(action=FrozenAction.RENEWAL, upcoming=True, message="Gel à venir.")
    FeatureFreezeFactory(action=FrozenAction.INITIAL, over=True, message="Gel passé.")
    html = page_of(login_as("national").get(reverse("freezes:freeze_list")))
    assert "Gel en cours." in section(html, "current")
    assert "Gel à venir." in section(html, "upcoming")
    assert "Gel passé." in section(html, "past")
    assert "INVALID_TEMPLATE_VARIABLE" not in html


def test_list_queries_do_not_grow_with_the_freezes(login_as, django_assert_max_num_queries):
    client = login_as("national")
    FeatureFreezeFactory(action=FrozenAction.ENTITY_PROFILE)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("freezes:freeze_list"))
    for action in FrozenAction:
        FeatureFreezeFactory(action=action, over=True)
        FeatureFreezeFactory(action=action, upcoming=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("freezes:freeze_list"))


def test_national_creates_a_freeze(login_as, personas):
    response = login_as("national").post(
        reverse("freezes:freeze_create"),
        {
            "action": "renewal",
            "starts_on": day(40).isoformat(),
            "ends_on": "",
            "announce_days": "30",
            "message": f"  {MESSAGE}  ",
        },
        follow=True,
    )
    freeze = FeatureFreeze.objects.get()
    assert (freeze.action, freeze.starts_on, freeze.ends_on) == ("renewal", day(40), None)
    assert freeze.message == MESSAGE
    assert freeze.created_by == personas["national"]
    assert f"Son annonce (bandeau et courriels) commence le {day(10):%d/%m/%Y}" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"ends_on": "2020-01-01"}, "postérieure ou égale à la date de début"),
        ({"message": "   "}, "Ce champ est obligatoire"),
        ({"starts_on": "demain"}, "Saisissez une date valide"),
        ({"announce_days": "-3"}, "supérieure ou égale à 0"),
        ({"action": "delete_all"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_shown_in_french_and_nothing_saved(login_as, page_of, data, error):
    values = {
        "action": "initial",
        "starts_on": "2022-11-01",
        "ends_on": "",
        "announce_days": "30",
        "message": MESSAGE,
        **data,
    }
    html = page_of(login_as("national").post(reverse("freezes:freeze_create"), values))
    assert error in html
    assert not FeatureFreeze.objects.exists()


def test_overlapping_freeze_of_the_same_action_is_refused(login_as, page_of):
    FeatureFreezeFactory(action=FrozenAction.INITIAL)
    html = page_of(
        login_as("national").post(
            reverse("freezes:freeze_create"),
            {
                "action": "initial",
                "starts_on": day(5).isoformat(),
                "announce_days": "30",
                "message": MESSAGE,
            },
        )
    )
    assert "Un autre gel de la même action couvre déjà" in html
    assert FeatureFreeze.objects.count() == 1


def test_national_edits_a_freeze_and_it_is_announced_again(login_as):
    freeze = FeatureFreezeFactory(upcoming=True, notified_at=timezone.now())
    response = login_as("national").post(
        reverse("freezes:freeze_edit", args=[freeze.public_id]),
        {
            "action": freeze.action,
            "starts_on": day(20).isoformat(),
            "ends_on": day(25).isoformat(),
            "announce_days": "15",
            "message": "Nouveau message.",
        },
    )
    assert response.status_code == 302
    freeze.refresh_from_db()
    assert (freeze.starts_on, freeze.ends_on, freeze.message) == (
        day(20),
        day(25),
        "Nouveau message.",
    )
    assert freeze.notified_at is None


def test_delete_asks_for_confirmation_then_deletes(login_as, page_of):
    freeze = FeatureFreezeFactory(message="À supprimer.")
    client = login_as("national")
    url = reverse("freezes:freeze_delete", args=[freeze.public_id])
    html = page_of(client.get(url))
    assert "À supprimer." in html and 'method="post"' in html
    assert FeatureFreeze.objects.exists()
    response = client.post(url, follow=True)
    assert not FeatureFreeze.objects.exists()
    assert "l&#x27;action est de nouveau possible" in response.content.decode()


def test_national_menu_leads_to_the_freezes(login_as, page_of):
    html = page_of(login_as("national").get(reverse("dashboard:home")))
    assert f'href="{reverse("freezes:freeze_list")}"' in html
    html = page_of(login_as("support").get(reverse("dashboard:home")))
    assert f'href="{reverse("freezes:freeze_list")}"' not in html
