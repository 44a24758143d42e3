"""The to-do items that go with what the migration now keeps (issue 13, item 8): a trainee with an
empty nom or prénom (taken over, name to complete), an active habilitation without a decision
date (taken over, decision to record); both in the entity's to-do list."""

import pytest
from django.urls import reverse

from forprev.switchover.enums import CheckCode
from tests.factories import EntityFactory, MembershipFactory
from tests.switchover.legacy_files import (
    OF_ID,
    check_fixture,
    clean_rows,
    enrolment,
    findings,
    person,
)

pytestmark = pytest.mark.django_db

check = check_fixture()


def test_a_trainee_without_prenom_is_a_warning_saying_it_is_taken_over(check):
    rows = clean_rows()
    rows["individus.csv"].append(person("5000010", "QZWBRTXOVA", "", "01/01/1990"))
    rows["inscriptions.csv"].append(enrolment("9100010", "600001", "5000010"))
    [found] = findings(check(rows), CheckCode.NAME_MISSING)
    assert (found.entity_legacy_id, found.blocking, found.file) == (OF_ID, False, "individus.csv")
    assert found.message.startswith("Absent : prénom.")
    assert "repris à la bascule avec ce champ vide" in found.message
    assert "certificats restent vérifiables" in found.message


def test_an_active_habilitation_without_decision_date_is_a_todo(check):
    rows = clean_rows()
    rows["habilitations.csv"][0]["date_decision"] = ""
    rows["habilitations.csv"].append(
        rows["habilitations.csv"][0]
        | {"id_habilitation": "4402", "statut": "ECHUE", "date_echeance": "31/12/2021"}
    )
    run = check(rows)
    [found] = findings(run, CheckCode.ACCREDITATION_UNDECIDED)
    assert (found.entity_legacy_id, found.blocking) == (OF_ID, False)
    assert found.subject == "Habilitation SST niveau 1 (n° 4401)"
    assert "Active du 01/01/2021 au 31/12/2025, sans date de décision" in found.message
    assert "Contactez votre caisse de rattachement" in found.fix
    assert run.summary["entities"] == 2


def test_an_habilitation_with_a_decision_date_is_no_todo(check):
    assert findings(check(clean_rows()), CheckCode.ACCREDITATION_UNDECIDED) == []


def test_the_entitys_manager_sees_both_in_the_to_do_list(check, client):
    rows = clean_rows()
    entity = EntityFactory(training_org=True)
    rows["entites.csv"][0]["nda"] = entity.nda
    rows["habilitations.csv"][0]["date_decision"] = ""
    rows["individus.csv"].append(person("5000010", "", "Ysolde", "01/01/1990"))
    rows["inscriptions.csv"].append(enrolment("9100010", "600001", "5000010"))
    check(rows)
    client.force_login(MembershipFactory(entity=entity).user)
    html = client.get(reverse("switchover:todo_list")).content.decode()
    assert "Habilitation active sans date de décision" in html
    assert "Habilitation SST niveau 1 (n° 4401)" in html
    assert "Nom ou prénom absent" in html and "Ysolde" in html
    assert "repris à la bascule avec ce champ vide" in html
