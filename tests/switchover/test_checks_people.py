"""Conformity checks of accounts, trainees and trainers (e-mails, names, duplicates)."""

from datetime import date

import pytest

from forprev.switchover.enums import CheckCode
from forprev.switchover.models import EntityReadiness
from tests.switchover.legacy_files import (
    ENT_ID,
    OF_ID,
    check_fixture,
    clean_rows,
    enrolment,
    findings,
    person,
    user,
)

pytestmark = pytest.mark.django_db


check = check_fixture()


def readiness(run, legacy_id):
    return EntityReadiness.objects.get(run=run, legacy_id=legacy_id)


def test_a_clean_export_has_no_finding_and_every_entity_is_ready(check):
    run = check()
    assert findings(run) == []
    assert run.summary["entities"] == 2
    assert run.summary["ready"] == 2
    assert run.due_on == date(2023, 1, 14)  # export date + 30 days


@pytest.mark.parametrize(
    ("email", "reason"),
    [("", "Adresse électronique absente."), ("claire.martin@", "« claire.martin@ » invalide")],
)
def test_an_account_without_a_valid_email_blocks_its_entity(check, email, reason):
    rows = clean_rows()
    rows["utilisateurs.csv"][0]["email"] = email
    run = check(rows)
    [found] = findings(run, CheckCode.EMAIL_INVALID)
    assert found.entity_legacy_id == OF_ID
    assert found.blocking
    assert reason in found.message
    assert found.subject == "MARTIN Claire (JKA37899)"
    assert (found.file, found.line) == ("utilisateurs.csv", 2)
    assert "Outils > Personnels > Mes informations" in found.fix
    assert not readiness(run, OF_ID).ready
    assert readiness(run, ENT_ID).ready


def test_a_closed_account_is_not_checked(check):
    rows = clean_rows()
    rows["utilisateurs.csv"].append(user("88009", "OLD00001", "", "", "", active="N"))
    rows["profils.csv"].append({"id_utilisateur": "88009", "id_entite": OF_ID, "profil": "CEA"})
    assert findings(check(rows)) == []


def test_an_address_shared_by_two_accounts_blocks_both_entities(check):
    rows = clean_rows()
    rows["utilisateurs.csv"][2]["email"] = "Claire.Martin@formasud.fr"
    run = check(rows)
    shared = findings(run, CheckCode.EMAIL_SHARED)
    assert {f.entity_legacy_id for f in shared} == {OF_ID, ENT_ID}
    assert all(f.blocking for f in shared)
    assert "aussi celle de 1 autre(s) compte(s)" in shared[0].message
    assert run.summary["not_ready"] == 2


def test_missing_names_of_an_account_block(check):
    rows = clean_rows()
    rows["utilisateurs.csv"][0]["prenom"] = "-"
    [found] = findings(check(rows), CheckCode.NAME_MISSING)
    assert found.blocking
    assert found.message == "Absent : prénom."


def test_information_never_validated_is_a_warning(check):
    rows = clean_rows()
    rows["utilisateurs.csv"][0]["date_validation_infos"] = ""
    run = check(rows)
    [found] = findings(run, CheckCode.INFO_NOT_VALIDATED)
    assert not found.blocking
    entity = readiness(run, OF_ID)
    assert entity.ready
    assert entity.warnings == 1
    assert entity.counts == {CheckCode.INFO_NOT_VALIDATED: 1}


def test_an_account_without_profile_nor_team_belongs_to_no_entity(check):
    rows = clean_rows()
    rows["utilisateurs.csv"].append(user("88010", "NOB00001", "SEUL", "Hugo", "pas-une-adresse"))
    run = check(rows)
    [found] = findings(run, CheckCode.EMAIL_INVALID)
    assert found.entity_legacy_id == ""
    assert found.entity_id is None
    assert run.summary["unattributed"] == {CheckCode.EMAIL_INVALID: 1}
    assert run.summary["ready"] == 2


# -- trainees --------------------------------------------------------------------------------


def test_a_trainees_problems_are_warnings_for_the_entity_of_their_latest_session(check):
    rows = clean_rows()
    rows["individus.csv"][1]["email"] = "marie.curie@@exemple"  # sessions 600001 then 600002
    rows["individus.csv"][0]["prenom"] = ""
    run = check(rows)
    [invalid] = findings(run, CheckCode.EMAIL_INVALID)
    assert invalid.entity_legacy_id == ENT_ID  # 600002 (04/10/2022) is after 600001
    assert not invalid.blocking
    assert invalid.subject == "CURIE Marie, né(e) le 07/11/1990"
    assert "onglet Individus" in invalid.fix
    [nameless] = findings(run, CheckCode.NAME_MISSING)
    assert nameless.entity_legacy_id == OF_ID
    assert not nameless.blocking
    assert run.summary["ready"] == 2


def test_an_address_shared_by_trainees_is_a_warning_for_each(check):
    rows = clean_rows()
    rows["individus.csv"] += [
        person("5000004", "LEROY", "Lou", "01/01/2000", "formation@exemple.fr"),
        person("5000005", "ROUX", "Léa", "02/02/2001", "FORMATION@exemple.fr"),
        person("5000006", "FAURE", "Tom", "03/03/2002", "formation@exemple.fr"),
    ]
    rows["inscriptions.csv"] += [
        enrolment("9100004", "600001", "5000004"),
        enrolment("9100005", "600002", "5000005"),
    ]
    run = check(rows)
    shared = findings(run, CheckCode.EMAIL_SHARED)
    assert len(shared) == 3
    assert {f.entity_legacy_id for f in shared} == {OF_ID, ENT_ID, ""}  # 5000006: no enrolment
    assert all(not f.blocking for f in shared)
    assert "partagée par 3 stagiaires" in shared[0].message


# -- trainers --------------------------------------------------------------------------------


def _fillers(rows, count=30):
    """Other trainers: the engine's scores depend on how common names are in the set."""
    for n in range(count):
        user_id, trainer_id = str(89_000 + n), str(7_100 + n)
        rows["utilisateurs.csv"].append(
            user(user_id, f"FIL{n:05d}", f"NOM{n}", f"Prenom{n}", f"f{n}@exemple.fr")
        )
        rows["formateurs.csv"].append(
            {
                "id_formateur": trainer_id,
                "id_utilisateur": user_id,
                "nom": f"NOM{n}",
                "prenom": f"Prenom{n}",
                "date_naissance": f"{1 + n % 28:02d}/{1 + n % 12:02d}/{1960 + n}",
                "email": f"f{n}@exemple.fr",
            }
        )


def _second_account(rows, *, born, email, last="DURAND", first="Paul", team=ENT_ID):
    rows["utilisateurs.csv"].append(user("88020", "PDU99999", last, first, email))
    rows["formateurs.csv"].append(
        {
            "id_formateur": "7002",
            "id_utilisateur": "88020",
            "nom": last,
            "prenom": first,
            "date_naissance": born,
            "email": email,
            "ids_entites": team,
        }
    )


def test_certain_trainer_duplicates_are_merged_and_said_to_both_teams(check):
    rows = clean_rows()
    _fillers(rows)
    _second_account(rows, born="11/02/1978", email="paul.durand@formasud.fr")
    run = check(rows)
    found = findings(run, CheckCode.TRAINER_DUPLICATE_CERTAIN)
    assert {f.entity_legacy_id for f in found} == {OF_ID, ENT_ID}
    assert not found[0].blocking
    assert "compte conservé : PDU12345 (formateur n° 7001)" in found[0].message
    # One trainer's two accounts share an address legitimately: no « adresse partagée ».
    assert findings(run, CheckCode.EMAIL_SHARED) == []
    assert run.summary["ready"] == 2


def test_probable_trainer_duplicates_are_to_confirm_and_block(check):
    rows = clean_rows()
    _fillers(rows)
    _second_account(rows, born="02/11/1978", email="")  # day and month swapped, no address
    rows["utilisateurs.csv"][-1]["email"] = "p.durand@exemple.fr"
    run = check(rows)
    found = findings(run, CheckCode.TRAINER_DUPLICATE_PROBABLE)
    assert {f.entity_legacy_id for f in found} == {OF_ID, ENT_ID}
    assert found[0].blocking
    assert "PDU12345 (formateur n° 7001) et PDU99999 (formateur n° 7002)" in found[0].message
    assert "même personne ?" in found[0].message
    assert findings(run, CheckCode.TRAINER_DUPLICATE_CERTAIN) == []


def test_a_trainers_problems_block_every_entity_of_their_team(check):
    rows = clean_rows()
    rows["formateurs.csv"][0]["ids_entites"] = f"{OF_ID},{ENT_ID}"
    rows["formateurs.csv"][0]["nom"] = ""
    rows["formateurs.csv"][0]["email"] = "paul.durand@formasud"  # differs from the account's
    run = check(rows)
    names = findings(run, CheckCode.NAME_MISSING)
    assert {f.entity_legacy_id for f in names} == {OF_ID, ENT_ID}
    assert names[0].subject == "Formateur Paul (PDU12345)"
    assert all(f.blocking for f in names)
    assert len(findings(run, CheckCode.EMAIL_INVALID)) == 2
    assert run.summary["not_ready"] == 2


def test_a_trainer_account_problem_goes_to_the_trainers_team(check):
    rows = clean_rows()
    rows["utilisateurs.csv"][1]["email"] = ""  # Paul DURAND's account: no profile, team 10001
    rows["formateurs.csv"][0]["email"] = ""
    [found] = findings(check(rows), CheckCode.EMAIL_INVALID)
    assert found.entity_legacy_id == OF_ID
    assert found.file == "utilisateurs.csv"
