"""What the switch-over used to lose and now keeps (issue 13, item 8): trainees with an empty nom
or prénom and their certificates, associated entities and antennas with a SIRET/NDA of their
own, active habilitations without a decision date. Each with the reconciliation still exact."""

import pytest
from django.urls import reverse

from forprev.accreditations.enums import AccreditationStatus
from forprev.accreditations.models import Accreditation
from forprev.certificates.models import Certificate
from forprev.certificates.pdf import certificates_html
from forprev.entities.enums import EntityKind, MembershipRole
from forprev.entities.identifiers import make_nda, make_siret
from forprev.entities.models import Entity, Membership
from forprev.people.models import Person
from forprev.switchover.enums import Outcome
from forprev.switchover.legacy.keys import legacy_uuid
from forprev.switchover.migration.run import switchover_migrate
from forprev.switchover.models import MigrationIssue
from forprev.training.models import TrainingSession
from tests.switchover.export_fixture import accreditation, certificate, entity, migration_rows
from tests.switchover.legacy_files import (
    ENT_ID,
    ENT_SIRET,
    OF_ID,
    OF_NDA,
    enrolment,
    person,
    session,
    user,
    write_export,
)

pytestmark = pytest.mark.django_db

OWN_ENT, OWN_OF, SAME_ENT, BAD_OWN = "10101", "10102", "10103", "10104"
OWN_SIRET = make_siret(52_345_678, 3)
OWN_OF_NDA = make_nda(93, "06", 77_777)


def obj(model, file, legacy_id):
    return model.objects.get(public_id=legacy_uuid(file, legacy_id))


def outcome(run, file, legacy_id):
    """The row's outcome, or its to-do correction (not a new numéro Forprev)."""
    return MigrationIssue.objects.exclude(reason="number_replaced").get(
        run=run, file=file, legacy_id=legacy_id
    )


def balanced(run):
    assert run.balanced and run.report["errors"] == []
    for name, row in run.report["files"].items():
        assert row["read"] == row["migrated"] + row["merged"] + row["rejected"] + row["deferred"]
        stored = MigrationIssue.objects.filter(run=run, file=name)
        for key in (Outcome.MERGED, Outcome.REJECTED, Outcome.DEFERRED):
            assert stored.filter(outcome=key).count() == row[key.value], (name, key)
    return run.report["files"]


def nameless_rows():
    rows = migration_rows()
    rows["individus.csv"] += [
        person("5000101", "", "Jeanne", "03/04/1990"),
        person("5000102", "QZWBRTX", "", "04/05/1991"),
        person("5000103", "", "", "05/06/1992"),
    ]
    rows["inscriptions.csv"] += [
        enrolment(f"91001{n:02d}", "600001", f"50001{n:02d}") for n in (1, 2, 3)
    ]
    rows["certificats.csv"] += [
        certificate(f"91001{n:02d}", f"SST22-00001{n:02d}", f"noNameCode{n}", f"50001{n:02d}",
                    "600001", "20/09/2022", "20/09/2024")
        for n in (1, 2, 3)
    ]  # fmt: skip
    return rows


def test_trainees_without_nom_or_prenom_are_taken_with_their_certificates(tmp_path, client):
    write_export(tmp_path, nameless_rows())
    run = switchover_migrate(directory=tmp_path, wet=True)
    files = balanced(run)
    assert (files["individus.csv"]["read"], files["individus.csv"]["migrated"]) == (10, 9)
    assert files["individus.csv"]["rejected"] == 0
    jeanne = obj(Person, "individus.csv", "5000101")
    assert (jeanne.last_name, jeanne.first_name, jeanne.name_key) == ("", "Jeanne", "|jeanne")
    assert obj(Person, "individus.csv", "5000102").first_name == ""
    flagged = outcome(run, "individus.csv", "5000101")
    assert (flagged.outcome, flagged.reason) == (Outcome.MIGRATED, "name_incomplete")
    assert flagged.message.startswith("Nom absent : individu repris")
    assert outcome(run, "individus.csv", "5000103").message.startswith("Nom et prénom absent")
    for n in (1, 2, 3):
        assert obj(Certificate, "certificats.csv", f"91001{n:02d}").person.forprev_id
    # The verification page and the printed certificate name what is known, never « None ».
    page = client.get(reverse("verification:verify_code", args=["noNameCode1"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "<dd> Jeanne</dd>" in text and "None" not in text
    page = client.get(reverse("verification:verify_code", args=["noNameCode2"]))
    assert "<dd>QZWBRTX </dd>" in page.content.decode()
    html = certificates_html([obj(Certificate, "certificats.csv", "9100103")])
    assert "None" not in html and "SST22-0000103" in html


def antenna_rows():
    rows = migration_rows()
    rows["entites.csv"] += [
        # A company's associated entity with a SIRET of its own: an entity of its own.
        entity(OWN_ENT, "ENT", "ATELIERS DE VILLEURBANNE", OWN_SIRET, dep="69", postcode="69100",
               city="Villeurbanne", caisse="carsat-rhone-alpes", parent=ENT_ID,
               attachment="ASSOCIEE"),
        # A training organisation's antenna with an NDA of its own.
        entity(OWN_OF, "OF", "FORMASUD NICE", make_siret(41_234_567, 9), nda=OWN_OF_NDA,
               dep="06", postcode="06000", city="Nice", parent=OF_ID, attachment="ANTENNE"),
        # The parent's SIRET: merged as before.
        entity(SAME_ENT, "ENT", "ATELIERS DE LYON ANNEXE", ENT_SIRET, dep="69",
               postcode="69002", city="Lyon", parent=ENT_ID, attachment="ANTENNE"),
        # A SIRET of its own that is not one: merged as before, the reason said.
        entity(BAD_OWN, "ENT", "ATELIERS FAUX SIRET", "11111111111111", dep="69",
               postcode="69003", city="Lyon", parent=ENT_ID, attachment="ANTENNE"),
    ]  # fmt: skip
    rows["utilisateurs.csv"].append(
        user("88101", "VIL10101", "QZWBRTXOVA", "Ines", "ines.qzwbrtxova@villeurbanne.fr")
    )
    rows["profils.csv"].append({"id_utilisateur": "88101", "id_entite": OWN_ENT, "profil": "CEH"})
    rows["habilitations.csv"].append(
        accreditation("4501", OWN_OF, "SST", "1", "01/01/2021", "31/12/2025")
    )
    rows["sessions.csv"].append(
        session("600101", OWN_ENT, "12/09/2022", "13/09/2022", "CLOTUREE", adresse="2 rue",
                capacite="10")
    )  # fmt: skip
    rows["inscriptions.csv"].append(enrolment("9100101", "600101", "5000001"))
    rows["certificats.csv"].append(
        certificate("9100101", "SST22-0000101", "villeurbanneCode", "5000001", "600101",
                    "20/09/2022", "20/09/2024")
    )  # fmt: skip
    return rows


def test_antennas_with_their_own_siret_or_nda_stay_entities_of_their_own(tmp_path):
    write_export(tmp_path, antenna_rows())
    run = switchover_migrate(directory=tmp_path, wet=True)
    files = balanced(run)
    # 6 rows of migration_rows (2 migrated, 2 merged, 2 rejected) + 2 own, 2 merged.
    entities = files["entites.csv"]
    assert tuple(entities[k] for k in ("read", "migrated", "merged", "rejected")) == (10, 4, 4, 2)
    own = obj(Entity, "entites.csv", OWN_ENT)
    assert (own.kind, own.siret, own.name) == (
        EntityKind.COMPANY,
        OWN_SIRET,
        "ATELIERS DE VILLEURBANNE",
    )
    nice = obj(Entity, "entites.csv", OWN_OF)
    assert (nice.kind, nice.nda) == (EntityKind.TRAINING_ORG, OWN_OF_NDA)
    flagged = outcome(run, "entites.csv", OWN_ENT)
    assert (flagged.outcome, flagged.reason) == (Outcome.MIGRATED, "associated_own_entity")
    assert f"son propre SIRET {OWN_SIRET}" in flagged.message and "à habiliter" in flagged.message
    assert f"son propre NDA {OWN_OF_NDA}" in outcome(run, "entites.csv", OWN_OF).message
    # Its manager manages it, its session and certificate are its own, its habilitation too.
    ines = obj(Membership, "profils.csv", f"88101/{OWN_ENT}")
    assert (ines.entity, ines.role) == (own, MembershipRole.MANAGER)
    assert obj(TrainingSession, "sessions.csv", "600101").entity == own
    assert obj(Certificate, "certificats.csv", "9100101").session.entity == own
    assert obj(Accreditation, "habilitations.csv", "4501").entity == nice
    # Without a SIRET of its own, or with an unusable one: merged into the parent, as before.
    lyon = obj(Entity, "entites.csv", ENT_ID)
    assert outcome(run, "entites.csv", SAME_ENT).reason == "associated_entity"
    bad = outcome(run, "entites.csv", BAD_OWN)
    assert (bad.outcome, bad.reason) == (Outcome.MERGED, "associated_entity")
    assert "Son propre identifiant est inutilisable" in bad.message
    assert not Entity.objects.filter(siret="11111111111111").exists()
    assert Entity.objects.filter(siret=ENT_SIRET).get() == lyon
    # A second run writes nothing more.
    again = switchover_migrate(directory=tmp_path, wet=True)
    assert again.report["files"]["entites.csv"]["migrated"] == 4
    assert Entity.objects.count() == 4


def test_antenna_with_its_own_siret_stands_even_when_its_parent_is_rejected(tmp_path):
    rows = migration_rows()
    rows["entites.csv"].append(
        entity("10110", "ENT", "FILIALE AUTONOME", OWN_SIRET, parent="10004", attachment="ASSOCIEE")
    )
    write_export(tmp_path, rows)
    run = switchover_migrate(directory=tmp_path, wet=True)
    balanced(run)
    assert obj(Entity, "entites.csv", "10110").siret == OWN_SIRET
    assert outcome(run, "entites.csv", "10110").reason == "associated_own_entity"


def test_active_habilitation_without_decision_date_is_taken_with_a_todo(tmp_path):
    write_export(tmp_path, migration_rows())
    run = switchover_migrate(directory=tmp_path, wet=True)
    files = balanced(run)
    assert files["habilitations.csv"]["deferred"] == 1  # the expired one (4408)
    active = obj(Accreditation, "habilitations.csv", "4405")
    assert active.status == AccreditationStatus.ACTIVE
    assert active.entity == obj(Entity, "entites.csv", ENT_ID)
    todo = outcome(run, "habilitations.csv", "4405")
    assert (todo.outcome, todo.reason) == (Outcome.MIGRATED, "decision_date_missing")
    assert "la caisse renseigne la date de la décision" in todo.message
    assert todo.entity_legacy_id == ENT_ID and todo.caisse_code == "carsat-rhone-alpes"
    expired = outcome(run, "habilitations.csv", "4408")
    assert (expired.outcome, expired.reason) == (Outcome.DEFERRED, "accreditation_undecided")
    assert not Accreditation.objects.filter(
        public_id=legacy_uuid("habilitations.csv", "4408")
    ).exists()


def test_reconciliation_of_the_fixture_names_every_row(tmp_path):
    write_export(tmp_path, migration_rows())
    run = switchover_migrate(directory=tmp_path, wet=True)
    files = balanced(run)
    assert files["individus.csv"]["rejected"] == 0 and files["certificats.csv"]["migrated"] == 4
    assert OF_NDA  # the fixture's training organisation keeps its NDA
    assert obj(Entity, "entites.csv", OF_ID).nda == OF_NDA
