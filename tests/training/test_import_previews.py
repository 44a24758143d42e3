"""Import previews nobody confirmed are purged after 24 h: the service, the task, the command."""

import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from forprev.core.scheduling import JOBS
from forprev.training import import_previews
from forprev.training.import_previews import preview_read, preview_save, previews_purge
from forprev.training.periodic import purge_import_previews

CSV = "nom;prénom;date de naissance\nDupont;Jean;01/02/1990\n".encode()


def age(token: str, hours: float) -> None:
    """Make the kept file of ``token`` ``hours`` old."""
    when = (timezone.now() - timedelta(hours=hours)).timestamp()
    os.utime(default_storage.path(f"imports/{token}"), (when, when))


def kept(token: str) -> bool:
    return default_storage.exists(f"imports/{token}")


@pytest.fixture
def previews():
    old = preview_save(data=CSV, filename="stagiaires.csv")
    fresh = preview_save(data=CSV, filename="stagiaires.xlsx")
    age(old, 25)
    age(fresh, 23)
    return old, fresh


def test_an_old_preview_is_purged_and_a_fresh_one_kept(previews):
    old, fresh = previews

    summary = previews_purge(dry_run=False)

    assert summary.purged == [old] and summary.kept == 1
    assert not kept(old) and kept(fresh)


def test_the_dry_run_deletes_nothing(previews):
    old, fresh = previews

    summary = previews_purge()

    assert summary.purged == [old]
    assert kept(old) and kept(fresh)


def test_files_that_are_not_previews_are_left_alone(previews):
    default_storage.save("imports/README.txt", ContentFile(b"x"))
    os.utime(default_storage.path("imports/README.txt"), (0, 0))

    previews_purge(dry_run=False)

    assert default_storage.exists("imports/README.txt")


def test_nothing_to_purge_without_the_directory():
    assert previews_purge(dry_run=False).purged == []


def test_the_age_comes_from_the_settings(previews, settings):
    old, fresh = previews
    settings.FORPREV_IMPORT_PREVIEW_HOURS = 48

    assert previews_purge(dry_run=False).purged == []
    assert kept(old) and kept(fresh)


def test_an_old_preview_cannot_be_read_even_before_the_purge(previews):
    old, fresh = previews

    assert preview_read(old) is None
    assert preview_read(fresh) == CSV
    assert preview_read("../" + fresh) is None and preview_read("") is None


@pytest.mark.django_db  # runs are recorded (JobRun)
def test_the_task_purges(previews):
    old, fresh = previews

    result = purge_import_previews.enqueue()  # immediate backend in tests

    assert result.return_value == "1 aperçu(s) supprimé(s), 1 gardé(s)"
    assert not kept(old) and kept(fresh)


def test_the_command_simulates_by_default_then_deletes_with_wet_run(previews):
    old, fresh = previews
    out = StringIO()

    call_command("purge_import_previews", stdout=out)

    assert f"imports/{old}" in out.getvalue() and "Simulation" in out.getvalue()
    assert kept(old)
    out = StringIO()
    call_command("purge_import_previews", "--wet-run", stdout=out)
    assert "1 aperçu(s) d'import de plus de 24 h, 1 plus récent(s) gardé(s) : supprimé(s)." in (
        out.getvalue()
    )
    assert not kept(old) and kept(fresh)


@pytest.mark.django_db  # runs are recorded (JobRun)
def test_the_command_can_hand_the_purge_to_the_task_worker(previews):
    old, _ = previews

    call_command("purge_import_previews", "--wet-run", "--enqueue", stdout=StringIO())

    assert not kept(old)


def test_directory_is_the_one_the_views_use():
    assert import_previews.DIRECTORY == "imports"


def test_the_purge_is_a_scheduled_job():
    job = JOBS["import-previews-purge"]

    assert job.task is purge_import_previews
    assert job.schedule == "20 * * * *"  # hourly: no preview outlives 25 hours
