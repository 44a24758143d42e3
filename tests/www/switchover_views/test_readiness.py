"""The readiness dashboard: its counts equal the command's CSV, scoped to the instructor's caisse;
filters, an entity's findings, CSV exports, constant queries."""

import csv
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from forprev.switchover.enums import CheckCode
from tests.switchover.legacy_files import ENT_ID, OF_ID, write_export
from tests.www.switchover_views.world import personas_rows, personas_run, varied_rows

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("switchover:readiness")
LABELS = {str(label): code for code, label in CheckCode.choices}


def parse(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(content.decode("utf-8-sig").splitlines(), delimiter=";"))


def aggregate(rows: list[dict]) -> dict:
    """What a dashboard shows, computed from the readiness CSV."""
    by_caisse: dict[str, Counter] = {}
    by_check = {code: {"findings": 0, "entities": 0} for code in CheckCode.values}
    for row in rows:
        ready = row["Prête"] == "oui"
        caisse = by_caisse.setdefault(row["Caisse"], Counter())
        caisse.update(entities=1, ready=ready, not_ready=not ready)
        for label, code in LABELS.items():
            if int(row[label]):
                by_check[code]["findings"] += int(row[label])
                by_check[code]["entities"] += 1
    ready = sum(row["Prête"] == "oui" for row in rows)
    return {
        "entities": len(rows),
        "ready": ready,
        "not_ready": len(rows) - ready,
        "by_caisse": {name: dict(figures) for name, figures in by_caisse.items()},
        "by_check": by_check,
    }


def shown(response) -> dict:
    """The same figures, read from the page's context."""
    context = response.context
    return {
        "entities": context["figures"]["entities"],
        "ready": context["figures"]["ready"],
        "not_ready": context["figures"]["not_ready"],
        "by_caisse": {
            c["name"]: {"entities": c["entities"], "ready": c["ready"], "not_ready": c["not_ready"]}
            for c in context["caisses"]
        },
        "by_check": {
            row["check"].code.value: {"findings": row["findings"], "entities": row["entities"]}
            for row in context["by_check"]
        },
    }


@pytest.fixture
def command_csv(tmp_path, entity, other_entity, personas):
    """The command run on the personas' export and 40 more entities: its readiness CSV rows."""
    rows = varied_rows(personas_rows(entity, other_entity), 40)
    directory = write_export(tmp_path / "export", rows)
    path = tmp_path / "preparation.csv"
    call_command("switchover_check", str(directory), "--csv", str(path), stdout=StringIO())
    return parse(path.read_bytes())


def _without_zero(figures):
    figures = dict(figures)
    figures["by_caisse"] = {
        name: {key: value for key, value in counts.items() if value}
        for name, counts in figures["by_caisse"].items()
    }
    return figures


def test_the_national_dashboard_counts_equal_the_commands_csv(command_csv, login_as):
    client = login_as("national")
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    expected = aggregate(command_csv)
    assert expected["entities"] == 42
    assert 0 < expected["not_ready"] < 42
    assert _without_zero(shown(response)) == _without_zero(expected)
    html = response.content.decode()
    assert f'<p class="fr-callout__title" id="total-not-ready">{expected["not_ready"]}</p>' in html
    # The page's download is the command's file.
    export = client.get(reverse("switchover:readiness_export"))
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert parse(b"".join(export.streaming_content)) == command_csv


def test_an_instructor_sees_their_caisses_figures_entities_and_rows_only(command_csv, login_as):
    client = login_as("instructor")  # Carsat Sud-Est
    mine = [row for row in command_csv if row["Caisse"] == "Carsat Sud-Est"]
    response = client.get(DASHBOARD, {"caisse": "14"})  # another caisse's id: ignored
    figures = shown(response)
    assert _without_zero(figures) == _without_zero(aggregate(mine))
    assert list(figures["by_caisse"]) == ["Carsat Sud-Est"]
    listed = {row.legacy_id for row in response.context["page"].object_list}
    assert listed == {row["Identifiant Forprev 1"] for row in mine if row["Prête"] == "non"}
    export = client.get(reverse("switchover:readiness_export"))
    assert parse(b"".join(export.streaming_content)) == mine
    findings = parse(b"".join(client.get(reverse("switchover:findings_export")).streaming_content))
    assert findings
    assert {row["Caisse"] for row in findings} == {"Carsat Sud-Est"}


def test_the_national_list_filters_by_caisse_and_check(command_csv, login_as):
    client = login_as("national")
    caisses = {c["name"]: c["id"] for c in client.get(DASHBOARD).context["caisses"]}
    response = client.get(
        DASHBOARD, {"caisse": caisses["Carsat Sud-Est"], "controle": CheckCode.EMAIL_INVALID}
    )
    label = str(CheckCode.EMAIL_INVALID.label)
    expected = {
        row["Identifiant Forprev 1"]
        for row in command_csv
        if row["Caisse"] == "Carsat Sud-Est" and row["Prête"] == "non" and int(row[label])
    }
    assert expected
    assert {row.legacy_id for row in response.context["page"].object_list} == expected


def test_an_entitys_findings_page_for_its_caisse(tmp_path, entity, other_entity, login_as):
    personas_run(tmp_path / "export", entity, other_entity)
    client = login_as("instructor")
    response = client.get(reverse("switchover:readiness_entity", args=[OF_ID]))
    html = response.content.decode()
    assert entity.name in html
    assert "MARTIN Claire (JKA37899)" in html
    assert "Session non clôturée hors délai" in html
    assert response.context["page"].paginator.count == 3
    other = client.get(reverse("switchover:readiness_entity", args=[ENT_ID]))
    assert other.status_code == 404  # Carsat Rhône-Alpes's


def test_the_national_findings_export_holds_findings_of_no_entity_too(
    tmp_path, entity, other_entity, login_as
):
    rows = personas_rows(entity, other_entity)
    rows["individus.csv"][2]["email"] = "paul@"  # a trainee without enrolment
    write_export(tmp_path / "export", rows)
    call_command("switchover_check", str(tmp_path / "export"), stdout=StringIO())
    client = login_as("national")
    findings = parse(b"".join(client.get(reverse("switchover:findings_export")).streaming_content))
    assert len(findings) == 5
    assert [f["Concerne"] for f in findings if not f["Identifiant Forprev 1 de l'entité"]] == [
        "DURAND Paul, né(e) le 11/02/1978"
    ]
    assert "1 anomalie de l'export n'est rattachée à aucune entité" in (
        client.get(DASHBOARD).content.decode()
    )


def test_without_a_run_the_dashboard_says_so_and_exports_are_not_found(login_as):
    client = login_as("support")
    assert "Aucun contrôle de conformité" in client.get(DASHBOARD).content.decode()
    assert client.get(reverse("switchover:readiness_export")).status_code == 404


def test_the_dashboard_is_in_the_staff_navigation_only(tmp_path, entity, other_entity, login_as):
    personas_run(tmp_path / "export", entity, other_entity)
    assert (
        f'href="{DASHBOARD}"'
        in login_as("instructor").get(reverse("dashboard:home")).content.decode()
    )
    assert (
        f'href="{DASHBOARD}"'
        not in login_as("manager").get(reverse("dashboard:home")).content.decode()
    )


def test_queries_are_constant_in_the_number_of_entities(
    tmp_path, entity, other_entity, login_as, django_assert_max_num_queries
):
    client = login_as("national")
    personas_run(tmp_path / "few", entity, other_entity)
    with django_assert_max_num_queries(30) as few:
        assert client.get(DASHBOARD).status_code == 200
    personas_run(tmp_path / "many", entity, other_entity, more=120)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(DASHBOARD, {"controle": CheckCode.TRONC_COMMUN_INCOMPLETE})
    assert response.context["figures"]["entities"] == 122
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(DASHBOARD, {"page": 2}).status_code == 200
