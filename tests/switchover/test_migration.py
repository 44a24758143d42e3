"""The migration's rules, phase by phase, on ``migration_rows()`` (every situation once)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from forprev.accounts.forms import PasswordResetRequestForm
from forprev.accounts.models import IssuedForprevId, User
from forprev.accreditations.enums import AccreditationStatus
from forprev.accreditations.models import Accreditation, Extension
from forprev.accreditations.services.extensions import ExtensionRule
from forprev.certificates.models import Certificate
from forprev.entities.enums import DelegateRight, MembershipRole
from forprev.entities.models import Entity, Membership
from forprev.people.models import Person
from forprev.switchover.enums import Outcome, RunStatus
from forprev.switchover.legacy.keys import legacy_uuid
from forprev.switchover.migration.accounts import PASSWORD_MARKER, SYSTEM_PUBLIC_ID
from forprev.switchover.migration.context import Keys
from forprev.switchover.migration.run import switchover_migrate
from forprev.switchover.models import MigrationIssue
from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TeamMembership, TrainerCertificate
from forprev.training.enums import Result, SessionKind, SessionStatus
from forprev.training.models import Enrolment, SessionTrainer, TrainingSession
from tests.factories import EntityFactory
from tests.switchover.export_fixture import ANTENNA_ID, migration_rows
from tests.switchover.legacy_files import ENT_ID, ENT_SIRET, OF_ID, write_export

PARIS = datetime.timezone(datetime.timedelta(hours=1))

# What becomes of each file's rows (read, migrated, merged, rejected, deferred).
EXPECTED = {
    "export.csv": (1, 1, 0, 0, 0),
    "entites.csv": (6, 2, 2, 2, 0),
    "utilisateurs.csv": (11, 9, 1, 1, 0),
    "profils.csv": (8, 4, 2, 2, 0),
    "individus.csv": (7, 6, 1, 0, 0),
    "formateurs.csv": (3, 1, 1, 1, 0),
    "certificats_formateurs.csv": (4, 2, 0, 2, 0),
    "habilitations.csv": (8, 6, 0, 1, 1),
    "demandes.csv": (2, 0, 0, 0, 2),
    "sessions.csv": (7, 4, 0, 1, 2),
    "inscriptions.csv": (10, 6, 2, 1, 1),
    "certificats.csv": (9, 4, 0, 4, 1),
}


def migrate(directory, rows=None, *, wet=True, **options):
    write_export(directory, migration_rows() if rows is None else rows)
    return switchover_migrate(directory=directory, wet=wet, **options)


def obj(model, file, legacy_id):
    return model.objects.get(public_id=legacy_uuid(file, legacy_id))


def issue(run, file, legacy_id, **filters) -> MigrationIssue:
    return MigrationIssue.objects.exclude(outcome=Outcome.MIGRATED).get(
        run=run, file=file, legacy_id=legacy_id, **filters
    )


@pytest.fixture
def run(db, tmp_path):
    return migrate(tmp_path)


def test_every_row_of_every_file_has_one_outcome(run):
    assert run.status == RunStatus.FINISHED and run.balanced and run.report["errors"] == []
    files = run.report["files"]
    outcomes = ("read", "migrated", "merged", "rejected", "deferred")
    assert {name: tuple(files[name][key] for key in outcomes) for name in files} == EXPECTED
    for name, (read, migrated, merged, rejected, deferred) in EXPECTED.items():
        assert read == migrated + merged + rejected + deferred
        stored = MigrationIssue.objects.filter(run=run, file=name)
        assert stored.filter(outcome=Outcome.MERGED).count() == merged
        assert stored.filter(outcome=Outcome.REJECTED).count() == rejected
        assert stored.filter(outcome=Outcome.DEFERRED).count() == deferred


def test_issues_say_file_line_reason_entity_and_caisse(run):
    found = issue(run, "sessions.csv", "600006")
    assert (found.line, found.outcome, found.reason) == (7, Outcome.REJECTED, "dates_out_of_order")
    assert "Dernier jour (08/11/2022) avant le premier (10/11/2022)" in found.message
    assert (found.entity_legacy_id, found.caisse_code) == (OF_ID, "carsat-sud-est")
    lyon = issue(run, "demandes.csv", "9102")
    assert (lyon.reason, lyon.caisse_code) == ("application_pending", "carsat-rhone-alpes")
    assert "à transmettre à nouveau" in lyon.message
    assert run.report["by_caisse"]["carsat-rhone-alpes"]["files"]["demandes.csv"]["deferred"] == 1
    assert run.report["by_entity"][OF_ID]["rejected"] >= 1


def test_antenna_is_merged_into_its_entity_and_its_users_become_delegates(run):
    assert Entity.objects.count() == 2
    formasud = obj(Entity, "entites.csv", OF_ID)
    assert issue(run, "entites.csv", ANTENNA_ID).reason == "associated_entity"
    antenna_manager = obj(Membership, "profils.csv", f"88005/{OF_ID}")
    assert antenna_manager.entity == formasud and antenna_manager.role == MembershipRole.DELEGATE
    assert antenna_manager.user == obj(User, "utilisateurs.csv", "88005")
    assert set(antenna_manager.rights) == {
        DelegateRight.DECLARE_SESSIONS,
        DelegateRight.CLOSE_SESSIONS,
        DelegateRight.MANAGE_TRAINERS,
        DelegateRight.EXPORTS,
    }
    # Claire, CEH of the entity and assistant of its antenna: one membership, manager.
    claire = obj(User, "utilisateurs.csv", "88001")
    assert list(claire.memberships.values_list("entity", "role")) == [
        (formasud.pk, MembershipRole.MANAGER)
    ]
    assert issue(run, "profils.csv", f"88001/{ANTENNA_ID}").reason == "profile_merged"
    # The antenna's habilitation and session go to the habilitated entity.
    assert obj(Accreditation, "habilitations.csv", "4407").entity == formasud
    assert obj(TrainingSession, "sessions.csv", "600005").entity == formasud


def test_second_account_with_the_same_siret_is_merged_rejected_entities_lose_their_rows(run):
    lyon = obj(Entity, "entites.csv", ENT_ID)
    assert issue(run, "entites.csv", "10005").reason == "same_identifier"
    luc = obj(User, "utilisateurs.csv", "88003")
    assert list(luc.memberships.values_list("entity", "role")) == [
        (lyon.pk, MembershipRole.MANAGER)
    ]
    assert issue(run, "entites.csv", "10004").reason == "siret_invalid"
    assert issue(run, "entites.csv", "10006").reason == "parent_unknown"
    assert issue(run, "profils.csv", "88003/10004").reason == "entity_unknown"


def test_entity_already_in_forprev_2_takes_the_rows_of_the_same_siret(db, tmp_path):
    existing = EntityFactory(in_lyon=True, siret=ENT_SIRET, name="ATELIERS DE LYON (Forprev 2)")
    run = migrate(tmp_path)
    assert issue(run, "entites.csv", ENT_ID).reason == "existing_entity"
    assert not Entity.objects.filter(public_id=legacy_uuid("entites.csv", ENT_ID)).exists()
    assert obj(TrainingSession, "sessions.csv", "600002").entity == existing
    assert obj(Membership, "profils.csv", f"88003/f2:{existing.public_id}").entity == existing
    assert run.balanced


def test_accounts_keep_their_login_and_one_address_each(run):
    claire = obj(User, "utilisateurs.csv", "88001")
    assert (claire.forprev_id, claire.email) == ("JKA37899", "claire.martin@formasud.fr")
    assert timezone.localtime(claire.info_validated_at).date() == datetime.date(2022, 6, 2)
    shared = obj(User, "utilisateurs.csv", "88008")  # Claire's address, larger id
    assert shared.email == ""
    invalid = obj(User, "utilisateurs.csv", "88007")
    assert (invalid.email, invalid.is_active) == ("", False)
    malformed, taken = (
        obj(User, "utilisateurs.csv", "88009"),
        obj(User, "utilisateurs.csv", "88010"),
    )
    for user in (malformed, taken):
        assert user.forprev_id not in ("JKA37899", "ABC")
        assert IssuedForprevId.objects.filter(value=user.forprev_id).exists()
    corrections = dict(
        MigrationIssue.objects.filter(run=run, file="utilisateurs.csv").values_list(
            "legacy_id", "reason"
        )
    )
    assert corrections["88008"] == "email_shared" and corrections["88007"] == "email_invalid"
    assert corrections["88010"] == "identifier_replaced"
    message = MigrationIssue.objects.get(run=run, legacy_id="88010").message
    assert "« JKA37899 » déjà attribué" in message and taken.forprev_id in message
    assert issue(run, "utilisateurs.csv", "88011").reason == "name_missing"
    # Every number is recorded once, the trainer's person sharing their account's.
    assert IssuedForprevId.objects.count() == User.objects.count() + Person.objects.count() - 1


def test_passwords_are_chosen_through_forgotten_password(run):
    claire = obj(User, "utilisateurs.csv", "88001")
    assert claire.password == PASSWORD_MARKER and claire.has_usable_password()
    assert not claire.check_password(PASSWORD_MARKER)
    form = PasswordResetRequestForm(data={"email": "claire.martin@formasud.fr"})
    assert form.is_valid() and list(form.get_users("claire.martin@formasud.fr")) == [claire]
    system = User.objects.get(public_id=SYSTEM_PUBLIC_ID)
    assert not system.is_active and not system.has_usable_password() and system.email == ""


def test_delegates_rights_are_mapped_and_unknown_ones_dropped(run):
    anne = obj(Membership, "profils.csv", f"88004/{OF_ID}")
    assert anne.role == MembershipRole.DELEGATE
    assert anne.rights == [
        DelegateRight.DECLARE_SESSIONS,
        DelegateRight.CLOSE_SESSIONS,
        DelegateRight.EXPORTS,
    ]
    dropped = MigrationIssue.objects.get(run=run, reason="rights_unknown")
    assert dropped.outcome == Outcome.MIGRATED and "inconnu" in dropped.message


def test_duplicate_trainer_is_merged_with_their_person_teams_and_certificates(run):
    paul = obj(User, "utilisateurs.csv", "88002")
    assert not User.objects.filter(public_id=legacy_uuid("utilisateurs.csv", "88006")).exists()
    assert issue(run, "utilisateurs.csv", "88006").reason == "trainer_duplicate"
    assert issue(run, "formateurs.csv", "7002").reason == "trainer_duplicate"
    assert issue(run, "individus.csv", "5000004").reason == "trainer_duplicate"
    person = obj(Person, "individus.csv", "5000003")
    assert (person.user, person.forprev_id) == (paul, paul.forprev_id)
    teams = set(
        TeamMembership.objects.filter(trainer=paul).values_list("entity__public_id", flat=True)
    )
    assert teams == {legacy_uuid("entites.csv", OF_ID), legacy_uuid("entites.csv", ENT_ID)}
    certificates = TrainerCertificate.objects.filter(holder=paul).order_by("issued_on")
    assert [(c.programme_level.programme.code, c.source) for c in certificates] == [
        ("SST", CertificateSource.RECORDED),
        ("PRAP-IBC", CertificateSource.RECORDED),
    ]
    assert certificates[1].valid_until == datetime.date(2024, 6, 1)  # « 01-06-2024 »
    assert issue(run, "certificats_formateurs.csv", "30004").reason == "dates_out_of_order"
    assert issue(run, "certificats_formateurs.csv", "30003").reason == "programme_level_unknown"


def test_persons_keep_their_numero_when_free(run):
    assert obj(Person, "individus.csv", "5000001").forprev_id == "BXR20931"
    second = obj(Person, "individus.csv", "5000006")
    assert second.forprev_id != "BXR20931" and second.name_key == "martin|lea"
    assert obj(Person, "individus.csv", "5000007").email == ""


def test_decided_habilitations_are_taken_and_extended_by_the_seed_rules(run):
    assert obj(Accreditation, "habilitations.csv", "4401").expires_on == datetime.date(2025, 12, 31)
    january = obj(Accreditation, "habilitations.csv", "4402")
    assert january.expires_on == datetime.date(2023, 11, 15)
    assert list(january.extensions.values_list("previous_expires_on", "months", "rule_key")) == [
        (datetime.date(2023, 2, 15), 9, "reprise-2023-01-01-2023-03-31-9")
    ]
    april = obj(Accreditation, "habilitations.csv", "4403")
    assert april.expires_on == datetime.date(2023, 8, 30)
    assert april.extensions.get().rule_key == "reprise-2023-04-01-2023-05-31-4"
    expired = obj(Accreditation, "habilitations.csv", "4404")
    assert expired.status == AccreditationStatus.EXPIRED and not expired.extensions.exists()
    assert Extension.objects.count() == 2
    assert issue(run, "habilitations.csv", "4408").reason == "accreditation_undecided"
    assert issue(run, "demandes.csv", "9101").reason == "application_decided"


def test_extension_rules_are_options(db, tmp_path):
    rule = ExtensionRule(datetime.date(2023, 2, 1), datetime.date(2023, 2, 28), 2)
    migrate(tmp_path, extension_rules=[rule])
    assert obj(Accreditation, "habilitations.csv", "4402").expires_on == datetime.date(2023, 4, 15)
    assert obj(Accreditation, "habilitations.csv", "4403").expires_on == datetime.date(2023, 4, 30)


def test_only_closed_sessions_are_taken_with_their_trainers(run):
    paul = obj(User, "utilisateurs.csv", "88002")
    first = obj(TrainingSession, "sessions.csv", "600001")
    assert (first.status, first.kind, first.capacity) == (
        SessionStatus.CLOSED,
        SessionKind.INITIAL,
        10,
    )
    assert first.created_by.public_id == SYSTEM_PUBLIC_ID
    lyon = obj(TrainingSession, "sessions.csv", "600002")
    assert (lyon.starts_on, lyon.ends_on) == (
        datetime.date(2022, 10, 3),
        datetime.date(2022, 10, 4),
    )
    assert list(SessionTrainer.objects.filter(session=lyon).values_list("trainer", flat=True)) == [
        paul.pk
    ]
    antenna = obj(TrainingSession, "sessions.csv", "600005")
    assert (antenna.place_address, antenna.place_city, antenna.capacity) == (
        "1 place de la Mairie", "Marseille", 10,
    )  # fmt: skip
    assert SessionTrainer.objects.filter(session=antenna).count() == 1  # 7001 and its duplicate
    assert not SessionTrainer.objects.filter(session=obj(TrainingSession, "sessions.csv", "600007"))
    assert issue(run, "sessions.csv", "600003").reason == "session_open"
    assert issue(run, "sessions.csv", "600004").reason == "session_cancelled"


def test_enrolments_follow_their_session_and_person(run):
    assert Enrolment.objects.count() == 6
    absent = obj(Enrolment, "inscriptions.csv", "9100008")
    assert absent.person == obj(Person, "individus.csv", "5000003")
    assert (absent.result, absent.identity_confirmed) == (Result.ABSENT, True)
    assert obj(Enrolment, "inscriptions.csv", "9100010").result == Result.PENDING
    assert issue(run, "inscriptions.csv", "9100004").reason == "session_deferred"
    assert issue(run, "inscriptions.csv", "9100005").reason == "session_unknown"
    # The trainee without a nom is enrolled (once rejected with their person).
    assert obj(Enrolment, "inscriptions.csv", "9100006").person.last_name == ""
    assert issue(run, "inscriptions.csv", "9100007").reason == "enrolment_duplicate"
    assert issue(run, "inscriptions.csv", "9100009").reason == "enrolment_duplicate"


def test_certificates_keep_their_number_and_code(run):
    valid = obj(Certificate, "certificats.csv", "9100001")
    assert (valid.number, valid.verification_code) == ("SST22-0000001", "q3Xv9TzL0p2WbN8a")
    assert valid.session == obj(TrainingSession, "sessions.csv", "600001")
    assert valid.entity == obj(Entity, "entites.csv", OF_ID)
    assert (valid.programme_level.programme.code, valid.programme_level.level) == ("SST", 1)
    assert (valid.kind, valid.trainer_names) == (SessionKind.INITIAL, "DURAND Paul")
    assert valid.valid_until == datetime.date(2024, 9, 20)
    assert obj(Certificate, "certificats.csv", "9100002").number == "SST200000002"
    revoked = obj(Certificate, "certificats.csv", "9100003")
    assert revoked.revoked_reason == "Fraude constatée"
    assert revoked.revoked_at.astimezone(PARIS).date() == datetime.date(2022, 12, 15)
    reasons = {
        legacy_id: issue(run, "certificats.csv", legacy_id).reason
        for legacy_id in ("9100004", "9100005", "9100006", "9100007", "9100008")
    }
    assert reasons == {
        "9100004": "session_deferred",
        "9100005": "number_taken",
        "9100006": "code_invalid",
        "9100007": "dates_out_of_order",
        "9100008": "certificate_duplicate",
    }


@pytest.mark.parametrize(
    ("code", "state"),
    [("q3Xv9TzL0p2WbN8a", "Certificat valide"), ("Zk81-expired_code", "Certificat expiré"),
     ("RevokedCode123", "Certificat révoqué")],
)  # fmt: skip
def test_migrated_certificates_are_verifiable(run, client, code, state):
    with time_machine.travel(datetime.datetime(2023, 1, 16, 10, tzinfo=PARIS), tick=False):
        page = client.get(reverse("verification:verify_code", args=[code]))
    assert page.status_code == 200
    assert state in page.content.decode()


def test_migrated_certificate_is_found_by_its_printed_number(run, client):
    """With its holder's last name (the number alone shows nothing: docs/security/verification.md)."""
    certificate = Certificate.objects.select_related("person").get(
        verification_code="Zk81-expired_code"
    )
    found = client.post(
        reverse("verification:verify_form"),
        {"number": "sst20 0000002", "last_name": certificate.person.last_name},
    )
    assert found.status_code == 200
    assert certificate.number in found.content.decode()
    assert "Zk81-expired_code" not in found.content.decode()  # the QR code's secret stays one


def test_certificate_number_of_forprev_2_is_not_taken_again(db, tmp_path, run):
    existing = obj(Certificate, "certificats.csv", "9100001")
    existing.public_id = legacy_uuid("autre", "1")
    existing.save(update_fields=["public_id"])
    again = switchover_migrate(directory=tmp_path, wet=True)
    assert issue(again, "certificats.csv", "9100001").reason == "number_taken"
    assert again.balanced


def test_keys_are_legacy_uuids():
    keys = Keys("individus.csv")
    assert [keys(str(n)) for n in (1, 42, 5000001)] == [
        legacy_uuid("individus.csv", str(n)) for n in (1, 42, 5000001)
    ]


def test_a_person_is_linked_to_one_account_only(db, tmp_path):
    rows = migration_rows()
    rows["formateurs.csv"].append(
        {"id_formateur": "7004", "id_utilisateur": "88004", "id_individu": "5000003", "nom": "PETIT",
         "prenom": "Anne", "ids_entites": OF_ID}
    )  # fmt: skip
    run = migrate(tmp_path, rows)
    assert obj(Person, "individus.csv", "5000003").user == obj(User, "utilisateurs.csv", "88002")
    skipped = MigrationIssue.objects.get(run=run, file="formateurs.csv", legacy_id="7004")
    assert (skipped.reason, skipped.outcome) == ("person_link_skipped", Outcome.MIGRATED)
    assert "5000003 est déjà relié à un autre compte" in skipped.message
