"""``manage.py switchover_check``: summary, CSV files, due date, history, French errors."""

import csv
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from forprev.switchover.enums import CheckCode
from forprev.switchover.models import ConformityRun
from tests.switchover.legacy_files import ENT_ID, OF_ID, clean_rows, write_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(tmp_path):
    rows = clean_rows()
    rows["utilisateurs.csv"][0]["email"] = ""
    rows["demandes.csv"][0]["statut"] = "TRANSMISE"
    rows["individus.csv"][2]["email"] = "paul.durand@"  # no enrolment: the export's
    return write_export(tmp_path / "export", rows)


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))


def test_the_command_prints_a_summary_and_writes_both_csv_files(export, tmp_path):
    out = StringIO()
    call_command(
        "switchover_check",
        str(export),
        "--due",
        "31/01/2023",
        "--csv",
        str(tmp_path / "preparation.csv"),
        "--findings-csv",
        str(tmp_path / "anomalies.csv"),
        stdout=out,
    )
    text = out.getvalue()
    assert "corrections attendues avant le 31/01/2023" in text
    assert "Entités : 2 — prêtes : 1 — non prêtes : 1" in text
    assert "Adresse électronique absente ou invalide : 1 / 1" in text
    assert "Adresse électronique absente ou invalide (non rattachées) : 1" in text
    assert "Carsat Sud-Est : 1 / 0 / 1" in text
    assert "individus.csv : 3," in text  # rows, seconds, rows per second
    readiness = {
        row["Identifiant Forprev 1"]: row for row in read_csv(tmp_path / "preparation.csv")
    }
    assert set(readiness) == {OF_ID, ENT_ID}
    assert readiness[OF_ID]["Prête"] == "non"
    assert readiness[OF_ID]["Raison sociale"] == "FORMASUD PREVENTION"
    assert readiness[OF_ID]["Caisse"] == "Carsat Sud-Est"
    assert readiness[OF_ID]["Anomalies bloquantes"] == "1"
    assert readiness[OF_ID]["Points d'attention"] == "1"
    assert readiness[OF_ID][str(CheckCode.EMAIL_INVALID.label)] == "1"
    assert readiness[OF_ID][str(CheckCode.APPLICATION_PENDING.label)] == "1"
    assert readiness[ENT_ID]["Prête"] == "oui"
    findings = read_csv(tmp_path / "anomalies.csv")
    assert len(findings) == 3
    email = next(
        f
        for f in findings
        if f["Identifiant Forprev 1 de l'entité"] == OF_ID and f["Bloquant"] == "oui"
    )
    assert email["Contrôle"] == "Adresse électronique absente ou invalide"
    assert email["Fichier"] == "utilisateurs.csv"
    assert email["Ligne"] == "2"
    assert email["Quand"] == "Avant le 31/01/2023"
    assert "Mes informations" in email["Où corriger"]
    pending = next(f for f in findings if f["Contrôle"] == "Demande d'habilitation en cours")
    assert pending["Quand"] == "Dès l'ouverture de Forprev 2"
    assert ConformityRun.objects.current().due_on == date(2023, 1, 31)


def test_keep_prunes_the_history(export):
    for _ in range(3):
        call_command("switchover_check", str(export), "--keep", "2", stdout=StringIO())
    assert ConformityRun.objects.count() == 2


def test_a_missing_folder_stops_with_a_french_message(tmp_path):
    with pytest.raises(CommandError, match="Dossier d'export introuvable"):
        call_command("switchover_check", str(tmp_path / "absent"), stdout=StringIO())


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--due", "31/02/2023", "n'est pas une date valide"), ("--keep", "0", "au moins 1")],
)
def test_bad_options_stop_with_a_french_message(export, option, value, message):
    with pytest.raises(CommandError, match=message):
        call_command("switchover_check", str(export), option, value, stdout=StringIO())
    assert not ConformityRun.objects.exists()
