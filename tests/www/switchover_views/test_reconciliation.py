"""The reconciliation pages: who reads which run and which rows, the equation shown, filters, the
CSV of the rows, constant queries."""

import csv
import io
import uuid

import pytest
from django.urls import reverse

from forprev.switchover.enums import Outcome, RunStatus
from forprev.switchover.migration.run import switchover_migrate
from forprev.switchover.models import MigrationIssue, MigrationRun
from tests.permissions import LOGIN, cases, check_case, row
from tests.switchover.export_fixture import migration_rows
from tests.switchover.legacy_files import write_export

STAFF = row(
    default=403,
    anonymous=LOGIN,
    instructor=200,
    instructor_elsewhere=200,
    support=200,
    national=200,
)


def run_kwargs(ctx):
    return {"public_id": ctx["run"].public_id}


def unknown_run(ctx):
    return {"public_id": uuid.UUID(int=1)}


MATRIX = [
    ("switchover:reconciliation_list", "get", None, STAFF),
    ("switchover:reconciliation_detail", "get", run_kwargs, STAFF),
    ("switchover:reconciliation_issues_csv", "get", run_kwargs, STAFF),
    ("switchover:reconciliation_detail", "get", unknown_run, row(default=403, anonymous=LOGIN, instructor=404, instructor_elsewhere=404, support=404, national=404)),
]  # fmt: skip


@pytest.fixture
def run(db, tmp_path):
    """A dry run of the export of every situation: Marseille's rows are Carsat Sud-Est's (the
    instructor's), Lyon's Carsat Rhône-Alpes' (the other instructor's)."""
    write_export(tmp_path, migration_rows())
    return switchover_migrate(directory=tmp_path, wet=False)


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, run, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    check_case(client, {"run": run}, url_name, method, kwargs, expected)


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_national_reads_the_equation_of_every_file(login_as, run):
    page = login_as("national").get(
        reverse("switchover:reconciliation_detail", args=[run.public_id])
    )
    html = page.content.decode()
    assert "Équation vérifiée pour chaque fichier" in html
    files = page.context["files"]
    assert [f["name"] for f in files][:3] == ["export.csv", "entites.csv", "utilisateurs.csv"]
    sessions = next(f for f in files if f["name"] == "sessions.csv")
    assert (sessions["read"], sessions["migrated"], sessions["rejected"], sessions["deferred"]) == (
        7,
        4,
        1,
        2,
    )
    assert {c["code"] for c in page.context["caisses"]} >= {
        "carsat-sud-est",
        "carsat-rhone-alpes",
        "",
    }
    assert page.context["entities"][0]["rejected"] >= page.context["entities"][1]["rejected"]
    assert 'id="phases"' in html  # the phases, with their rows per second


def test_instructor_reads_their_caisse_rows_only(login_as, run):
    client = login_as("instructor")
    page = client.get(reverse("switchover:reconciliation_detail", args=[run.public_id]))
    assert [c["code"] for c in page.context["caisses"]] == ["carsat-sud-est"]
    assert all(issue.caisse_code == "carsat-sud-est" for issue in page.context["page"])
    assert all(e["caisse"] == "carsat-sud-est" for e in page.context["entities"])
    applications = next(f for f in page.context["files"] if f["name"] == "demandes.csv")
    assert (applications["read"], applications["deferred"], applications["balanced"]) == (
        1,
        1,
        True,
    )
    assert 'id="phases"' not in page.content.decode()
    lines = csv_rows(
        client.get(reverse("switchover:reconciliation_issues_csv", args=[run.public_id]))
    )
    assert lines[0] == [
        "fichier",
        "ligne",
        "identifiant",
        "sort",
        "motif",
        "détail",
        "entité",
        "caisse",
    ]
    assert {line[7] for line in lines[1:]} == {"carsat-sud-est"}
    assert (
        len(lines) - 1
        == MigrationIssue.objects.filter(run=run, caisse_code="carsat-sud-est").count()
    )
    elsewhere = login_as("instructor_elsewhere")
    lines = csv_rows(
        elsewhere.get(reverse("switchover:reconciliation_issues_csv", args=[run.public_id]))
    )
    assert ["demandes.csv", "3", "9102"] in [line[:3] for line in lines]
    assert {line[7] for line in lines[1:]} == {"carsat-rhone-alpes"}


def test_rows_are_filtered_by_file_outcome_and_reason(login_as, run):
    client = login_as("support")
    url = reverse("switchover:reconciliation_detail", args=[run.public_id])
    page = client.get(url, {"fichier": "sessions.csv", "sort": "rejected"})
    assert [(i.legacy_id, i.reason) for i in page.context["page"]] == [
        ("600006", "dates_out_of_order")
    ]
    page = client.get(url, {"motif": "enrolment_duplicate"})
    assert [i.legacy_id for i in page.context["page"]] == ["9100007", "9100009"]
    lines = csv_rows(
        client.get(
            reverse("switchover:reconciliation_issues_csv", args=[run.public_id]),
            {"sort": "deferred"},
        )
    )
    assert {line[3] for line in lines[1:]} == {str(Outcome.DEFERRED.label)}
    assert (
        len(lines) - 1 == MigrationIssue.objects.filter(run=run, outcome=Outcome.DEFERRED).count()
    )
    assert client.get(url, {"sort": "nimporte"}).status_code == 200  # an unknown filter: ignored


def test_a_run_without_equation_says_so(login_as, run):
    run.report["errors"] = [
        "sessions.csv : 7 lignes lues ≠ 6 reprises, fusionnées, rejetées ou non reprises (écart 1)."
    ]
    run.report["files"]["sessions.csv"]["balanced"] = False
    run.balanced, run.status = False, RunStatus.FAILED
    run.save()
    interrupted = MigrationRun.objects.create(source="/exports/interrompu")
    client = login_as("national")
    html = client.get(
        reverse("switchover:reconciliation_detail", args=[run.public_id])
    ).content.decode()
    assert "L'équation n'est pas vérifiée" in html and "écart 1" in html
    html = client.get(
        reverse("switchover:reconciliation_detail", args=[interrupted.public_id])
    ).content.decode()
    assert "Reprise en cours ou interrompue" in html
    listing = client.get(reverse("switchover:reconciliation_list"))
    assert [r.public_id for r in listing.context["page"]] == [interrupted.public_id, run.public_id]
    assert listing.context["page"][1].figures["read"] == run.report["totals"]["read"]


def test_list_shows_the_caisse_totals_to_an_instructor(login_as, run):
    page = login_as("instructor").get(reverse("switchover:reconciliation_list"))
    (shown,) = page.context["page"]
    assert shown.figures == run.report["by_caisse"]["carsat-sud-est"]["totals"]


def test_pages_make_the_same_queries_for_more_runs_and_rows(
    login_as, run, tmp_path, django_assert_max_num_queries
):
    client = login_as("national")
    detail = reverse("switchover:reconciliation_detail", args=[run.public_id])
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("switchover:reconciliation_list"))
    with django_assert_max_num_queries(20) as detail_queries:
        client.get(detail)
    for _ in range(3):
        switchover_migrate(directory=tmp_path, wet=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("switchover:reconciliation_list"))
    with django_assert_max_num_queries(len(detail_queries.captured_queries)):
        client.get(detail)
