"""Bad input: each problem is reported with its file, line and reason in French, and the rest of
the export still migrates."""

import datetime

import pytest

from forprev.accounts.models import User
from forprev.people.models import Person
from forprev.switchover.enums import Outcome
from forprev.switchover.legacy.keys import legacy_uuid
from forprev.switchover.legacy.spec import BY_NAME
from forprev.switchover.migration.run import switchover_migrate
from forprev.switchover.models import MigrationIssue
from forprev.training.models import Enrolment, TrainingSession
from tests.switchover.export_fixture import migration_rows
from tests.switchover.legacy_files import csv_text, write_export

pytestmark = pytest.mark.django_db


def migrate(directory, *, raw=None, omit=(), rows=None):
    write_export(directory, rows or migration_rows(), raw=raw, omit=omit)
    run = switchover_migrate(directory=directory, wet=True)
    assert run.balanced, run.report["errors"]
    return run


def problems(run, file) -> list[str]:
    return [p["message"] for p in run.report["files"][file]["problems"]]


def test_missing_file_is_reported_and_the_rest_migrates(tmp_path):
    run = migrate(tmp_path, omit=("habilitations.csv", "export.csv"))
    assert run.report["files"]["habilitations.csv"]["read"] == 0
    assert any(
        "Fichier absent de l'export" in message for message in problems(run, "habilitations.csv")
    )
    # export.csv is optional: today stands for the export's date, and the report says so.
    assert any("date de l'export absente" in message for message in problems(run, "export.csv"))
    assert TrainingSession.objects.count() == 4 and Enrolment.objects.count() == 6


def test_wrong_separator_is_read_and_noticed(tmp_path):
    rows = migration_rows()
    raw = {"demandes.csv": csv_text("demandes.csv", rows["demandes.csv"], separator="\t")}
    run = migrate(tmp_path, raw=raw)
    assert run.report["files"]["demandes.csv"]["deferred"] == 2
    (notice,) = problems(run, "demandes.csv")
    assert "demandes.csv, ligne 1 : Séparateur tabulation au lieu de « ; »" in notice


def test_broken_line_is_rejected_with_its_line_and_the_next_rows_migrate(tmp_path):
    text = csv_text("individus.csv", migration_rows()["individus.csv"]).splitlines()
    text.insert(3, "5009999;XYZ12345;CASSÉE;La ligne;01/01/1980;a@b.fr;en trop")
    run = migrate(tmp_path, raw={"individus.csv": "\n".join(text) + "\n"})
    broken = MigrationIssue.objects.get(run=run, file="individus.csv", reason="broken_line")
    assert (broken.line, broken.outcome) == (4, Outcome.REJECTED)
    assert "Ligne rejetée, ligne cassée : 7 valeurs au lieu de 6" in broken.message
    assert run.report["files"]["individus.csv"]["read"] == 8
    # The rows after it are read at their own lines.
    nameless = MigrationIssue.objects.get(
        run=run, file="individus.csv", legacy_id="5000005", reason="name_incomplete"
    )
    assert nameless.line == 7
    assert Person.objects.filter(public_id=legacy_uuid("individus.csv", "5000007")).exists()


def test_unknown_column_is_ignored_and_noticed(tmp_path):
    rows = migration_rows()
    columns = BY_NAME["entites.csv"].column_names
    lines = [";".join((*columns, "fax"))] + [
        ";".join(str(row.get(c, "") or "") for c in columns) + ";04 91 00 00 00"
        for row in rows["entites.csv"]
    ]
    run = migrate(tmp_path, raw={"entites.csv": "\n".join(lines) + "\n"})
    assert "Colonne inconnue « fax » : ignorée." in problems(run, "entites.csv")[0]
    assert run.report["files"]["entites.csv"]["migrated"] == 2


def test_dates_in_three_formats(tmp_path):
    rows = migration_rows()
    rows["sessions.csv"][0] |= {"date_debut": "2022-09-12", "date_fin": "13-09-2022"}
    rows["sessions.csv"][1] |= {"date_debut": "03/10/2022", "date_fin": "2022-10-04"}
    migrate(tmp_path, rows=rows)
    first = TrainingSession.objects.get(public_id=legacy_uuid("sessions.csv", "600001"))
    assert (first.starts_on, first.ends_on) == (
        datetime.date(2022, 9, 12),
        datetime.date(2022, 9, 13),
    )
    second = TrainingSession.objects.get(public_id=legacy_uuid("sessions.csv", "600002"))
    assert (second.starts_on, second.ends_on) == (
        datetime.date(2022, 10, 3),
        datetime.date(2022, 10, 4),
    )


def test_impossible_date_rejects_the_row_an_optional_one_is_dropped(tmp_path):
    rows = migration_rows()
    rows["individus.csv"][1]["date_naissance"] = "31/02/1990"
    rows["utilisateurs.csv"][0]["date_validation_infos"] = "2022-13-01"
    run = migrate(tmp_path, rows=rows)
    rejected = MigrationIssue.objects.get(run=run, file="individus.csv", legacy_id="5000002")
    assert (rejected.reason, rejected.line) == ("invalid_value", 3)
    assert "date_naissance : date impossible « 31/02/1990 »" in rejected.message
    dropped = MigrationIssue.objects.get(run=run, file="utilisateurs.csv", reason="value_dropped")
    assert dropped.outcome == Outcome.MIGRATED and "date_validation_infos" in dropped.message
    claire = User.objects.get(public_id=legacy_uuid("utilisateurs.csv", "88001"))
    assert claire.info_validated_at is None


def test_windows_1252_file_keeps_its_accents(tmp_path):
    rows = migration_rows()
    rows["individus.csv"][0] |= {"nom": "LEFÈVRE", "prenom": "Hélène"}
    text = csv_text("individus.csv", rows["individus.csv"])
    run = migrate(tmp_path, raw={"individus.csv": text.encode("cp1252")})
    person = Person.objects.get(public_id=legacy_uuid("individus.csv", "5000001"))
    assert (person.last_name, person.first_name, person.name_key) == (
        "LEFÈVRE",
        "Hélène",
        "lefevre|helene",
    )
    assert run.report["files"]["individus.csv"]["migrated"] == 6


def test_missing_required_column_makes_the_file_unusable(tmp_path):
    rows = migration_rows()
    columns = [c for c in BY_NAME["certificats.csv"].column_names if c != "numero"]
    lines = [";".join(columns)] + [
        ";".join(str(r.get(c, "") or "") for c in columns) for r in rows["certificats.csv"]
    ]
    run = migrate(tmp_path, raw={"certificats.csv": "\n".join(lines) + "\n"})
    assert run.report["files"]["certificats.csv"]["read"] == 0
    assert (
        "Colonne(s) obligatoire(s) absente(s) de l'en-tête : « numero »"
        in problems(run, "certificats.csv")[0]
    )
    assert Enrolment.objects.count() == 6


def test_every_problem_and_reason_is_french(tmp_path):
    run = migrate(tmp_path, omit=("demandes.csv",))
    for message in MigrationIssue.objects.filter(run=run).values_list("message", flat=True):
        assert message and message[0].isupper() and message.rstrip().endswith((".", ")")), message


def test_an_id_seen_twice_keeps_its_first_row(tmp_path):
    rows = migration_rows()
    rows["individus.csv"].append({**rows["individus.csv"][0], "nom": "AUTRE"})
    run = migrate(tmp_path, rows=rows)
    repeated = MigrationIssue.objects.get(run=run, file="individus.csv", reason="duplicate_id")
    assert (repeated.line, repeated.legacy_id) == (9, "5000001")
    assert repeated.message == "Identifiant déjà présent ligne 2."
    assert (
        Person.objects.get(public_id=legacy_uuid("individus.csv", "5000001")).last_name == "DUPONT"
    )
