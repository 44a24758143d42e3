"""Conformity checks of entities (tronc commun, associated entities and antennas, shared SIRET or
NDA), of the activity (sessions not closed, pending applications), readiness and history."""

from datetime import date

import pytest

from forprev.entities.identifiers import make_nda, make_siret
from forprev.switchover.checks import conformity_runs_prune
from forprev.switchover.enums import CheckCode, RunStatus
from forprev.switchover.legacy.keys import legacy_uuid
from forprev.switchover.models import ConformityFinding, ConformityRun, EntityReadiness
from tests.factories import EntityFactory
from tests.switchover.legacy_files import (
    ENT_ID,
    ENT_SIRET,
    OF_ID,
    OF_NDA,
    check_fixture,
    clean_rows,
    findings,
    session,
    user,
)

pytestmark = pytest.mark.django_db


check = check_fixture()


def _antenna(rows, entity_id="10003", *, kind="OF", siret=None, nda=None, attachment="ANTENNE"):
    parent = rows["entites.csv"][0]
    rows["entites.csv"].append(
        parent
        | {
            "id_entite": entity_id,
            "type": kind,
            "raison_sociale": "FORMASUD ANTENNE NICE",
            "siret": siret or parent["siret"],
            "nda": nda or parent["nda"],
            "id_entite_parente": OF_ID,
            "rattachement": attachment,
        }
    )


# -- tronc commun ----------------------------------------------------------------------------


def test_a_missing_address_is_fixed_by_the_manager_in_the_tronc_commun(check):
    rows = clean_rows()
    rows["entites.csv"][0]["commune"] = ""
    [found] = findings(check(rows), CheckCode.TRONC_COMMUN_INCOMPLETE)
    assert found.entity_legacy_id == OF_ID
    assert found.blocking
    assert found.message == "commune : absent."
    assert "Habilitation > Tronc commun" in found.fix


def test_a_wrong_siret_is_a_greyed_field_fixed_by_the_caisse(check):
    rows = clean_rows()
    rows["entites.csv"][1]["siret"] = "123 456 789 00012"
    [found] = findings(check(rows), CheckCode.TRONC_COMMUN_INCOMPLETE)
    assert found.entity_legacy_id == ENT_ID
    assert "Zones grisées à corriger par la caisse" in found.message
    assert "clé de contrôle incorrecte" in found.message
    assert found.fix.startswith("Contactez votre caisse de rattachement : Carsat Rhône-Alpes")


def test_a_training_organisation_needs_its_nda_and_a_known_department(check):
    rows = clean_rows()
    rows["entites.csv"][0] |= {"nda": "", "departement": "99", "caisse": "inconnue"}
    messages = {f.message for f in findings(check(rows), CheckCode.TRONC_COMMUN_INCOMPLETE)}
    assert messages == {
        "Zones grisées à corriger par la caisse — caisse de rattachement : « inconnue » inconnue.",
        "numéro de déclaration d'activité : absent (obligatoire pour un organisme de formation) ; "
        "département : « 99 » inconnu.",
    }


def test_a_missing_required_cell_of_the_tronc_commun_is_one_finding_not_a_file_problem(check):
    rows = clean_rows()
    rows["entites.csv"][0]["raison_sociale"] = ""
    run = check(rows)
    [found] = findings(run, CheckCode.TRONC_COMMUN_INCOMPLETE)
    assert "raison sociale : absent" in found.message
    assert findings(run, CheckCode.FILE_PROBLEM) == []
    assert EntityReadiness.objects.get(run=run, legacy_id=OF_ID).name == "raison sociale absente"


# -- associated entities and antennas --------------------------------------------------------


def test_an_antenna_becomes_delegates_of_its_parent_and_its_findings_go_there(check):
    rows = clean_rows()
    _antenna(rows)
    rows["utilisateurs.csv"].append(user("88030", "ANT00001", "NICOIS", "Ana", "ana@"))
    rows["profils.csv"].append({"id_utilisateur": "88030", "id_entite": "10003", "profil": "CEH"})
    rows["sessions.csv"].append(session("600003", "10003", "01/12/2022", "02/12/2022", "OUVERTE"))
    rows["entites.csv"][-1]["commune"] = ""  # an antenna's tronc commun is not taken over
    run = check(rows)
    [associated] = findings(run, CheckCode.ASSOCIATED_ENTITY)
    assert associated.entity_legacy_id == OF_ID
    assert not associated.blocking
    assert associated.subject == "Antenne FORMASUD ANTENNE NICE (n° 10003)"
    assert "ses 1 utilisateur(s) deviendront délégués de votre entité" in associated.message
    assert findings(run, CheckCode.ASSOCIATED_NEEDS_ACCREDITATION) == []
    assert findings(run, CheckCode.TRONC_COMMUN_INCOMPLETE) == []
    assert findings(run, CheckCode.EMAIL_INVALID)[0].entity_legacy_id == OF_ID
    assert findings(run, CheckCode.SESSION_NOT_CLOSED)[0].entity_legacy_id == OF_ID
    assert not EntityReadiness.objects.filter(run=run, legacy_id="10003").exists()
    assert run.summary["entities"] == 2


@pytest.mark.parametrize(
    ("kind", "own", "expected"),
    [
        ("OF", {"nda": make_nda(93, "06", 555)}, "son propre numéro d'activité 93060055506"),
        ("ENT", {"siret": make_siret(61_111_111)}, "son propre SIRET"),
    ],
)
def test_an_associated_entity_with_its_own_siret_or_nda_is_flagged(check, kind, own, expected):
    """It is kept as an entity of its own at the switch (issue 13, item 8): its to-do list and
    its former parent's both say it must get its own habilitation; it has its own readiness."""
    rows = clean_rows()
    _antenna(rows, kind=kind, attachment="ASSOCIEE", **own)
    run = check(rows)
    found = findings(run, CheckCode.ASSOCIATED_NEEDS_ACCREDITATION)
    assert sorted(f.entity_legacy_id for f in found) == sorted([OF_ID, "10003"])
    for one in found:
        assert one.blocking
        assert expected in one.message
        assert "reprise à la bascule comme une entité à part entière" in one.message
        assert one.subject.startswith("Entité associée FORMASUD ANTENNE NICE")
        assert "Carsat Sud-Est" in one.fix
    # Not « disappearing » into the parent: no such warning, and its own readiness row.
    assert findings(run, CheckCode.ASSOCIATED_ENTITY) == []
    assert EntityReadiness.objects.filter(run=run, legacy_id="10003", ready=False).exists()
    assert run.summary["entities"] == 3


def test_an_of_antenna_with_its_own_siret_but_the_same_nda_needs_no_habilitation(check):
    rows = clean_rows()
    _antenna(rows, siret=make_siret(41_234_567, establishment=2))
    assert findings(check(rows), CheckCode.ASSOCIATED_NEEDS_ACCREDITATION) == []


def test_an_unknown_parent_is_reported_and_the_entity_kept_as_habilitated(check):
    rows = clean_rows()
    rows["entites.csv"][1] |= {"id_entite_parente": "99999", "rattachement": "ANTENNE"}
    run = check(rows)
    [found] = findings(run, CheckCode.FILE_PROBLEM)
    assert "Entité parente n° 99999 absente" in found.message
    assert found.entity_legacy_id == ENT_ID
    assert run.summary["entities"] == 2


# -- shared identifiers ----------------------------------------------------------------------


def test_two_companies_with_one_siret_are_both_flagged(check):
    rows = clean_rows()
    rows["entites.csv"].append(
        rows["entites.csv"][1] | {"id_entite": "10004", "raison_sociale": "ATELIERS (ANCIEN)"}
    )
    found = findings(check(rows), CheckCode.IDENTIFIER_SHARED)
    assert {f.entity_legacy_id for f in found} == {ENT_ID, "10004"}
    assert f"SIRET {ENT_SIRET} porté aussi par : ATELIERS (ANCIEN) (n° 10004)." in {
        f.message for f in found
    }
    assert "l'ancien SIRET, le nouveau SIRET" in found[0].fix


def test_two_training_organisations_with_one_nda_are_flagged_not_one_siret(check):
    rows = clean_rows()
    rows["entites.csv"].append(
        rows["entites.csv"][0] | {"id_entite": "10005", "siret": make_siret(71_111_111)}
    )
    found = findings(check(rows), CheckCode.IDENTIFIER_SHARED)
    assert len(found) == 2
    assert found[0].message.startswith(f"NDA {OF_NDA}")


# -- sessions and applications ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("ends", "code", "blocking", "text"),
    [
        ("01/12/2022", CheckCode.SESSION_NOT_CLOSED, True, "à clôturer avant le 01/03/2023"),
        ("2022-09-15", CheckCode.SESSION_NOT_CLOSED, True, "avant le 15/12/2022"),  # 3 months
        ("15-09-2022", CheckCode.SESSION_NOT_CLOSED, True, "avant le 15/12/2022"),
        ("13/09/2022", CheckCode.SESSION_CLOSING_LATE, True, "délai de clôture dépassé"),
        ("20/12/2022", CheckCode.SESSION_NOT_CLOSED, False, "En cours ou à venir"),
    ],
)
def test_sessions_not_closed(check, ends, code, blocking, text):
    rows = clean_rows()
    rows["sessions.csv"][0] |= {"statut": "OUVERTE", "date_debut": "01/09/2022", "date_fin": ends}
    run = check(rows)
    [found] = findings(run, code)
    assert found.entity_legacy_id == OF_ID
    assert found.blocking is blocking
    assert text in found.message
    assert found.subject.startswith("Session SST niveau 1 du 01/09/2022")
    assert findings(run, CheckCode.FILE_PROBLEM) == []
    if code == CheckCode.SESSION_CLOSING_LATE:
        assert "demandez une régularisation à votre caisse" in found.fix


def test_closed_and_cancelled_sessions_are_fine(check):
    rows = clean_rows()
    rows["sessions.csv"][1]["statut"] = "ANNULEE"
    assert findings(check(rows)) == []


@pytest.mark.parametrize("status", ["BROUILLON", "TRANSMISE", "EN_INSTRUCTION", "AVIS_RENDU"])
def test_pending_applications_are_not_migrated_to_transmit_again(check, status):
    rows = clean_rows()
    rows["demandes.csv"][0] |= {"statut": status, "type": "RENOUVELLEMENT", "dispositifs": "SST"}
    run = check(rows)
    [found] = findings(run, CheckCode.APPLICATION_PENDING)
    assert not found.blocking
    assert found.subject == "Demande de renouvellement SST (n° 9101)"
    assert "elle n'est pas reprise" in found.message
    assert "Déposez-la de nouveau dans Forprev 2" in found.fix
    assert EntityReadiness.objects.get(run=run, legacy_id=OF_ID).ready


@pytest.mark.parametrize("status", ["ACCORDEE", "REFUSEE"])
def test_decided_applications_are_fine(check, status):
    rows = clean_rows()
    rows["demandes.csv"][0]["statut"] = status
    assert findings(check(rows)) == []


# -- readiness, Forprev 2 entities, history --------------------------------------------------


def test_readiness_counts_blocking_and_warnings_by_check(check):
    rows = clean_rows()
    rows["utilisateurs.csv"][0] |= {"email": "", "date_validation_infos": ""}
    rows["sessions.csv"][0]["statut"] = "OUVERTE"
    run = check(rows, due_on=date(2023, 2, 1))
    entity = EntityReadiness.objects.get(run=run, legacy_id=OF_ID)
    assert (entity.ready, entity.blocking, entity.warnings) == (False, 2, 1)
    assert entity.counts == {
        CheckCode.EMAIL_INVALID: 1,
        CheckCode.INFO_NOT_VALIDATED: 1,
        CheckCode.SESSION_CLOSING_LATE: 1,
    }
    assert entity.caisse.code == "carsat-sud-est"
    assert run.due_on == date(2023, 2, 1)
    assert run.summary["by_check"][CheckCode.EMAIL_INVALID] == {"findings": 1, "entities": 1}
    by_caisse = {c["name"]: c for c in run.summary["by_caisse"].values()}
    assert by_caisse["Carsat Sud-Est"]["not_ready"] == 1
    assert by_caisse["Carsat Rhône-Alpes"]["ready"] == 1


def test_the_forprev_2_entity_is_found_by_public_id_else_by_siret(check):
    migrated = EntityFactory(training_org=True, public_id=legacy_uuid("entites.csv", OF_ID))
    same_siret = EntityFactory(siret=ENT_SIRET, in_lyon=True)
    rows = clean_rows()
    rows["utilisateurs.csv"][0]["email"] = ""
    run = check(rows)
    assert EntityReadiness.objects.get(run=run, legacy_id=OF_ID).entity == migrated
    assert EntityReadiness.objects.get(run=run, legacy_id=ENT_ID).entity == same_siret
    [found] = findings(run, CheckCode.EMAIL_INVALID)
    assert found.entity == migrated
    assert found.caisse.code == "carsat-sud-est"


def test_only_the_latest_finished_run_is_current_and_older_ones_can_be_pruned(check):
    first = check()
    second = check()
    failed = ConformityRun.objects.create(source="export", status=RunStatus.FAILED)
    assert ConformityRun.objects.current() == second
    assert conformity_runs_prune(keep=1) == 1  # the failed one is the latest: current kept too
    assert set(ConformityRun.objects.all()) == {second, failed}
    assert not ConformityFinding.objects.filter(run=first).exists()
    assert not EntityReadiness.objects.filter(run_id=first.pk).exists()
