"""The manager's to-do list before the switch, and its alert on the home page after login."""

import pytest
from django.urls import reverse

from forprev.switchover.checks.selectors import todo_summary
from forprev.switchover.enums import CheckCode
from tests.factories import PASSWORD, EntityFactory, MembershipFactory
from tests.switchover.legacy_files import OF_ID, clean_rows, run_check, user
from tests.www.switchover_views.world import personas_rows, personas_run

pytestmark = pytest.mark.django_db
TODO = reverse("switchover:todo_list")


@pytest.fixture
def run(tmp_path, entity, other_entity, personas):
    return personas_run(tmp_path / "export", entity, other_entity)


def test_a_manager_logs_in_and_sees_the_entitys_to_do_list(client, run, personas):
    manager = personas["manager"]
    response = client.post(
        reverse("accounts:login"), {"username": manager.forprev_id, "password": PASSWORD}
    )
    assert response.url == reverse("dashboard:home")
    home = client.get(response.url).content.decode()
    assert "Avant la bascule : 2 points à corriger avant le 14/01/2023" in home
    assert f'href="{TODO}"' in home
    page = client.get(TODO)
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 points à corriger avant le 14/01/2023 — 1 point d'attention." in html
    # Grouped by check, what blocks first: what, about whom, where, by when.
    assert html.index("Adresse électronique absente ou invalide") < html.index(
        "Session non clôturée hors délai"
    )
    assert html.index("Session non clôturée hors délai") < html.index(
        "Informations personnelles jamais validées"
    )
    assert "MARTIN Claire (JKA37899)" in html
    assert "Outils &gt; Personnels &gt; Mes informations" in html
    assert "Avant le 14/01/2023" in html
    assert "utilisateurs.csv, ligne 2" in html
    assert "BERNARD" not in html  # the other entity's manager


def test_another_entitys_manager_never_sees_these_findings(client, run, login_as):
    html = login_as("manager_elsewhere").get(TODO).content.decode()
    assert "Nom ou prénom absent" in html
    assert "Luc (LYO54321)" in html
    assert "MARTIN" not in html
    assert "Session SST" not in html
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "Avant la bascule : 1 point à corriger avant le 14/01/2023" in home


def test_an_entity_without_findings_gets_no_alert_and_an_empty_list(client, run):
    manager = MembershipFactory(entity=EntityFactory()).user
    client.force_login(manager)
    assert "switchover-todo" not in client.get(reverse("dashboard:home")).content.decode()
    html = client.get(TODO).content.decode()
    assert "Rien à corriger" in html


def test_without_a_run_there_is_no_alert(client, login_as):
    html = login_as("manager").get(reverse("dashboard:home")).content.decode()
    assert "switchover-todo" not in html
    assert "Aucun contrôle de conformité" in client.get(TODO).content.decode()


def test_delegates_get_no_alert(run, login_as):
    html = login_as("delegate").get(reverse("dashboard:home")).content.decode()
    assert "switchover-todo" not in html


def test_only_the_latest_run_counts(tmp_path, run, login_as):
    rows = clean_rows()  # the personas' entity is not in this export: no finding for it
    run_check(tmp_path / "later", rows)
    client = login_as("manager")
    assert "switchover-todo" not in client.get(reverse("dashboard:home")).content.decode()
    assert "Aucun contrôle" not in client.get(TODO).content.decode()


def test_the_alert_is_one_query(run, entity, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = todo_summary(entity)
    assert (figures["blocking"], figures["warnings"]) == (2, 1)


def test_the_list_filters_by_check(run, login_as):
    client = login_as("manager")
    response = client.get(TODO, {"controle": CheckCode.SESSION_CLOSING_LATE})
    assert response.context["page"].paginator.count == 1
    assert "MARTIN Claire" not in response.content.decode()
    assert client.get(TODO, {"controle": "inconnu"}).context["page"].paginator.count == 3


def _many_findings(directory, entity, other_entity, count):
    rows = personas_rows(entity, other_entity)
    for n in range(count):
        rows["utilisateurs.csv"].append(
            user(str(95_000 + n), f"MAN{n:05d}", f"NOM{n}", "Zoé", f"sans-arobase-{n}")
        )
        rows["profils.csv"].append(
            {"id_utilisateur": str(95_000 + n), "id_entite": OF_ID, "profil": "CEA"}
        )
    return run_check(directory, rows)


def test_the_list_is_paginated_with_queries_constant_in_the_rows(
    tmp_path, entity, other_entity, login_as, django_assert_max_num_queries
):
    client = login_as("manager")
    _many_findings(tmp_path / "few", entity, other_entity, 2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(TODO).status_code == 200
    _many_findings(tmp_path / "many", entity, other_entity, 120)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(TODO)
    assert response.context["page"].paginator.count == 123
    assert len(response.context["page"].object_list) == 50
    assert client.get(TODO, {"page": 3}).context["page"].number == 3
