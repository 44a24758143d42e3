"""Bad input: each defect of an export is a finding with its file, line and French reason, and
the rest of the export is still checked."""

from datetime import date

import pytest

from forprev.core.exceptions import DomainError
from forprev.switchover.checks import conformity_check
from forprev.switchover.enums import CheckCode
from forprev.switchover.legacy.spec import BY_NAME
from forprev.switchover.models import ConformityRun
from tests.switchover.legacy_files import (
    ENT_ID,
    OF_ID,
    check_fixture,
    clean_rows,
    csv_text,
    findings,
)

pytestmark = pytest.mark.django_db


check = check_fixture()


def dirty_rows():
    """One blocking account problem, to see that the rest is still checked."""
    rows = clean_rows()
    rows["utilisateurs.csv"][0]["email"] = "claire.martin@"
    return rows


def still_checked(run):
    [found] = findings(run, CheckCode.EMAIL_INVALID)
    assert found.entity_legacy_id == OF_ID
    assert run.summary["entities"] == 2


def test_a_missing_file_is_reported_and_the_rest_checked(check):
    run = check(dirty_rows(), omit=["sessions.csv"])
    [missing] = findings(run, CheckCode.FILE_PROBLEM)
    assert (missing.file, missing.entity_legacy_id) == ("sessions.csv", "")
    assert missing.message.startswith("Fichier absent de l'export")
    assert missing.blocking
    # Enrolments and certificates name sessions that could not be read: not one finding each.
    assert findings(run, CheckCode.FILE_PROBLEM, file="inscriptions.csv") == []
    still_checked(run)


def test_a_wrong_separator_is_reported_and_the_file_read_with_it(check):
    rows = dirty_rows()
    text = csv_text("utilisateurs.csv", rows["utilisateurs.csv"], separator=",")
    run = check(rows, raw={"utilisateurs.csv": text})
    [notice] = findings(run, CheckCode.FILE_PROBLEM)
    assert (notice.file, notice.line) == ("utilisateurs.csv", 1)
    assert "Séparateur « , » au lieu de « ; »" in notice.message
    assert not notice.blocking
    still_checked(run)


def test_a_broken_line_is_rejected_with_its_line_and_the_others_read(check):
    rows = dirty_rows()
    text = csv_text("individus.csv", rows["individus.csv"])
    lines = text.splitlines()
    lines[2] += ";en trop"  # Marie CURIE, line 3
    run = check(rows, raw={"individus.csv": "\n".join(lines) + "\n"})
    [broken] = findings(run, CheckCode.FILE_PROBLEM, file="individus.csv")
    assert (broken.file, broken.line, broken.entity_legacy_id) == ("individus.csv", 3, "")
    assert broken.subject == "individus.csv, ligne 3"
    assert "Ligne rejetée, ligne cassée : 7 valeurs au lieu de 6" in broken.message
    assert broken.blocking
    # Her two enrolments name a trainee the export lost: each is said, under its session's entity.
    orphans = findings(run, CheckCode.FILE_PROBLEM, file="inscriptions.csv")
    assert [f.message for f in orphans] == [
        "Ligne non reprise : id_individu « 5000002 » absent de individus.csv."
    ] * 2
    still_checked(run)


def test_an_unknown_column_is_a_notice(check):
    rows = dirty_rows()
    text = csv_text("sessions.csv", rows["sessions.csv"])
    header, *body = text.splitlines()
    text = "\n".join([header + ";commentaire", *(line + ";rien" for line in body)]) + "\n"
    run = check(rows, raw={"sessions.csv": text})
    [notice] = findings(run, CheckCode.FILE_PROBLEM)
    assert (notice.file, notice.line, notice.blocking) == ("sessions.csv", 1, False)
    assert notice.message == "Colonne inconnue « commentaire » : ignorée."
    still_checked(run)


def test_a_missing_required_column_makes_the_file_unreadable_and_is_reported(check):
    rows = dirty_rows()
    columns = [c for c in BY_NAME["demandes.csv"].column_names if c != "statut"]
    run = check(rows, raw={"demandes.csv": ";".join(columns) + "\n9101;10001\n"})
    [problem] = findings(run, CheckCode.FILE_PROBLEM)
    assert "Colonne(s) obligatoire(s) absente(s) de l'en-tête : « statut »" in problem.message
    assert problem.blocking
    still_checked(run)


def test_dates_in_three_formats_are_read_alike(check):
    rows = dirty_rows()
    rows["sessions.csv"][0] |= {
        "statut": "OUVERTE",
        "date_debut": "2022-09-01",
        "date_fin": "01-12-2022",
    }
    rows["sessions.csv"][1] |= {
        "statut": "OUVERTE",
        "date_debut": "1/9/2022",
        "date_fin": "2/9/2022",
    }
    rows["export.csv"][0]["date_export"] = "2022-12-15"
    run = check(rows)
    assert findings(run, CheckCode.FILE_PROBLEM) == []
    [not_closed] = findings(run, CheckCode.SESSION_NOT_CLOSED)
    assert "du 01/09/2022 au 01/12/2022" in not_closed.subject
    [late] = findings(run, CheckCode.SESSION_CLOSING_LATE)
    assert late.entity_legacy_id == ENT_ID
    assert run.summary["export_date"] == "2022-12-15"


def test_an_unreadable_date_rejects_its_row_with_the_reason(check):
    rows = dirty_rows()
    rows["sessions.csv"][1]["date_debut"] = "31/02/2022"
    run = check(rows)
    [problem] = findings(run, CheckCode.FILE_PROBLEM)
    assert (problem.file, problem.line, problem.entity_legacy_id) == ("sessions.csv", 3, ENT_ID)
    assert problem.message == "Ligne non reprise : date_debut : date impossible « 31/02/2022 »."
    assert problem.blocking
    assert problem.subject.startswith("Session SST niveau 1 du ? au 04/10/2022")
    still_checked(run)


def test_an_optional_unreadable_value_is_a_warning(check):
    rows = dirty_rows()
    rows["sessions.csv"][0]["capacite"] = "dix"
    [problem] = findings(check(rows), CheckCode.FILE_PROBLEM)
    assert problem.message == "Valeur ignorée : capacite : « dix » n'est pas un nombre entier."
    assert not problem.blocking


def test_a_windows_1252_file_is_read_with_its_accents(check):
    rows = dirty_rows()
    rows["entites.csv"][0]["raison_sociale"] = "FORMASUD PRÉVENTION"
    text = csv_text("entites.csv", rows["entites.csv"])
    run = check(rows, raw={"entites.csv": text.encode("cp1252")})
    [notice] = findings(run, CheckCode.FILE_PROBLEM)
    assert notice.file == "entites.csv"
    assert "Windows-1252" in notice.message
    assert not notice.blocking
    assert run.entities.get(legacy_id=OF_ID).name == "FORMASUD PRÉVENTION"
    assert "République" in text  # the address too, read back without a finding
    still_checked(run)


def test_references_to_rows_absent_from_their_file_are_reported(check):
    rows = dirty_rows()
    rows["sessions.csv"][1]["id_entite"] = "77777"
    rows["inscriptions.csv"][0]["id_session"] = "699999"
    rows["inscriptions.csv"][1]["id_individu"] = "5999999"
    run = check(rows)
    messages = {
        (f.file, f.entity_legacy_id, f.message) for f in findings(run, CheckCode.FILE_PROBLEM)
    }
    assert messages == {
        ("sessions.csv", "", "Ligne non reprise : id_entite « 77777 » absent de entites.csv."),
        (
            "inscriptions.csv",
            "",
            "Ligne non reprise : id_session « 699999 » absent de sessions.csv.",
        ),
        (
            "inscriptions.csv",
            OF_ID,  # the session's entity
            "Ligne non reprise : id_individu « 5999999 » absent de individus.csv.",
        ),
    }
    still_checked(run)


def test_without_export_date_today_is_used_and_said(check):
    run = check(dirty_rows(), omit=["export.csv"])
    [notice] = findings(run, CheckCode.FILE_PROBLEM)
    assert "Date de l'export inconnue" in notice.message
    assert not notice.blocking
    still_checked(run)


def test_an_empty_folder_is_all_findings_and_no_entity(check, tmp_path):
    (tmp_path / "vide").mkdir()
    run = conformity_check(directory=tmp_path / "vide")
    assert run.summary["entities"] == 0
    missing = {f.file for f in findings(run, CheckCode.FILE_PROBLEM) if f.blocking}
    assert missing == {spec for spec in BY_NAME if spec != "export.csv"}


def test_a_missing_folder_is_a_french_error_and_no_run(db, tmp_path):
    with pytest.raises(DomainError, match="Dossier d'export introuvable"):
        conformity_check(directory=tmp_path / "absent", due_on=date(2023, 1, 1))
    assert not ConformityRun.objects.exists()


def test_a_trainer_certificates_problem_goes_to_the_trainers_team(check):
    rows = dirty_rows()
    certificate = rows["certificats_formateurs.csv"][0]
    rows["certificats_formateurs.csv"] += [
        certificate | {"id_certificat_formateur": "30002", "date_fin_validite": "bientôt"},
        certificate | {"id_certificat_formateur": "30003", "id_formateur": "7999"},
    ]
    run = check(rows)
    dropped, unknown = findings(run, CheckCode.FILE_PROBLEM)
    assert (dropped.entity_legacy_id, dropped.line, dropped.blocking) == (OF_ID, 3, False)
    assert dropped.subject == "Certificat de formateur n° 30002"
    assert dropped.message.startswith("Valeur ignorée : date_fin_validite : date illisible")
    assert (unknown.entity_legacy_id, unknown.line) == ("", 4)
    assert unknown.message == (
        "Ligne non reprise : id_formateur « 7999 » absent de formateurs.csv."
    )
    still_checked(run)
