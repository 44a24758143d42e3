"""The readiness page starts the conformity check of the export on the server (a background
task) and shows the last run; no switch-over page tells anybody to run a command (issue 13,
item 17)."""

import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from forprev.switchover.enums import RunStatus
from forprev.switchover.models import ConformityRun
from forprev.switchover.tasks import run_conformity_check
from tests.switchover.legacy_files import clean_rows, write_export
from tests.www.switchover_views.world import personas_run

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("switchover:readiness")
START = reverse("switchover:readiness_check_start")
TEMPLATES = Path(django_settings.BASE_DIR) / "forprev" / "templates" / "switchover"


def test_no_switchover_page_names_a_command():
    pattern = re.compile(r"commande|switchover_check|switchover_migrate|manage\.py", re.I)
    texts = {path.name: path.read_text() for path in TEMPLATES.rglob("*.html")}
    assert "readiness_dashboard.html" in texts and "reconciliation_list.html" in texts
    assert {
        name: pattern.findall(text) for name, text in texts.items() if pattern.search(text)
    } == {}


@pytest.fixture
def export(tmp_path, settings):
    directory = tmp_path / "depot"
    write_export(directory, clean_rows())
    settings.FORPREV_SWITCHOVER_EXPORT_DIR = str(directory)
    return directory


def test_national_starts_the_check_and_sees_its_results(
    login_as, export, django_capture_on_commit_callbacks
):
    client = login_as("national")
    page = client.get(DASHBOARD).content.decode()
    assert "Aucun contrôle de conformité des données n'est encore terminé" in page
    assert "Lancer le contrôle de l'export déposé" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START)
    assert response.status_code == 302 and response.url == DASHBOARD
    run = ConformityRun.objects.get()
    assert run.status == RunStatus.FINISHED and run.source == str(export.resolve())
    assert run.started_by.staff_role == "national"
    html = unescape(client.get(DASHBOARD).content.decode())
    assert "Contrôle lancé : ses résultats s'affichent sur cette page" in html
    assert (
        f"Dernière exécution le {timezone.localtime(run.finished_at):%d/%m/%Y à %H:%M} : terminée."
        in html
    )
    assert f"Lancée par {run.started_by.full_name}." in html
    assert 'id="total-entities">2<' in html


def test_an_instructor_may_start_it_and_a_manager_may_not(login_as, export):
    assert login_as("manager").post(START).status_code == 403
    assert not ConformityRun.objects.exists()
    response = login_as("instructor").post(START)
    assert response.status_code == 302
    run = ConformityRun.objects.get()  # recorded « en cours », the task enqueued on commit
    assert run.status == RunStatus.RUNNING


def test_no_export_on_the_server_is_said_and_nothing_starts(login_as, settings, tmp_path):
    settings.FORPREV_SWITCHOVER_EXPORT_DIR = str(tmp_path / "vide")
    client = login_as("support")
    html = client.get(DASHBOARD).content.decode()
    assert "Aucun export de Forprev 1 n'est déposé sur le serveur" in html
    assert "Lancer le contrôle" not in html
    response = client.post(START, follow=True)
    assert "l'équipe de reprise doit d'abord l'y déposer" in unescape(response.content.decode())
    assert not ConformityRun.objects.exists()


def test_a_second_check_waits_for_the_first(login_as, export):
    client = login_as("national")
    client.post(START)
    html = client.get(DASHBOARD).content.decode()
    assert ": en cours." in html and "Lancer le contrôle" not in html
    response = client.post(START, follow=True)
    assert "Un contrôle est déjà en cours depuis le" in response.content.decode()
    assert ConformityRun.objects.count() == 1
    # A run « en cours » for hours is a lost worker's: it no longer blocks.
    ConformityRun.objects.update(created_at=timezone.now() - timedelta(hours=3))
    html = client.get(DASHBOARD).content.decode()
    assert "interrompue sans résultat" in html and "Lancer le contrôle" in html
    client.post(START)
    assert ConformityRun.objects.count() == 2


def test_an_export_gone_before_the_task_runs_fails_with_its_reason(login_as, export, entity, other_entity, tmp_path):  # fmt: skip
    personas_run(tmp_path / "before", entity, other_entity)
    client = login_as("national")
    client.post(START)
    run = ConformityRun.objects.get(status=RunStatus.RUNNING)
    run.source = str(export / "absent")
    run.save()
    assert "Dossier d'export introuvable" in run_conformity_check.call(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    html = client.get(DASHBOARD).content.decode()
    assert ": échouée." in html and "Dossier d&#x27;export introuvable" in html
    # The previous finished run still fills the page.
    assert 'id="total-entities">2<' in html
