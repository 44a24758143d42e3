import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from forprev.accounts.enums import StaffRole
from forprev.accounts.models import IssuedForprevId, User
from forprev.accreditations.models import Accreditation, AccreditationRequest, RequestItem
from forprev.certificates.models import Certificate
from forprev.entities.enums import DelegateRight, EntityKind, MembershipRole
from forprev.entities.models import Entity, Membership
from forprev.entities.validators import nda_warnings, validate_nda, validate_siret
from forprev.people.models import Person
from forprev.referentials.models import Caisse
from forprev.trainers.models import TeamMembership, TrainerCertificate
from forprev.training.models import Enrolment, SessionTrainer, TrainingSession

SCALE = "0.002"  # 12 companies, 6 training organisations, 120 trainers, 300 sessions


def empty_database():
    """Start again from an empty database (numbers issued are normally kept forever). Plain
    DELETEs in dependency order: the ORM's would fetch every row for the audit signals."""
    from django.db import connection

    models = [
        Certificate, TrainerCertificate, TeamMembership, Enrolment, SessionTrainer,
        TrainingSession, Person, RequestItem, AccreditationRequest, Accreditation, Membership,
        Entity, User, IssuedForprevId,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def generate(scale=SCALE, seed=7):
    out, err = StringIO(), StringIO()
    call_command("generate_dataset", "--scale", scale, "--seed", str(seed), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return {
        "users": list(
            User.objects.order_by("forprev_id").values_list(
                "forprev_id", "email", "first_name", "last_name", "staff_role", "public_id"
            )
        ),
        "entities": list(
            Entity.objects.order_by("siret").values_list(
                "siret", "nda", "name", "postcode", "city", "department__code", "public_id"
            )
        ),
        "memberships": sorted(
            Membership.objects.values_list("user__forprev_id", "entity__siret", "role", "rights")
        ),
        "trainer_certificates": sorted(
            TrainerCertificate.objects.values_list(
                "holder__forprev_id", "programme_level_id", "issued_on", "valid_until", "public_id"
            )
        ),
        "sessions": list(
            TrainingSession.objects.order_by("public_id").values_list(
                "public_id", "entity__siret", "starts_on", "status", "place_city", "capacity"
            )
        ),
        "persons": list(
            Person.objects.order_by("forprev_id").values_list(
                "forprev_id", "last_name", "first_name", "birth_date", "email"
            )
        ),
        "certificates": list(
            Certificate.objects.order_by("number").values_list(
                "number", "verification_code", "person__forprev_id", "session__public_id"
            )
        ),
    }


@pytest.mark.django_db
def test_dataset_has_the_expected_counts_and_valid_identifiers():
    out, err = generate()

    assert Entity.objects.filter(kind=EntityKind.COMPANY).count() == 12
    assert Entity.objects.filter(kind=EntityKind.TRAINING_ORG).count() == 6
    managers = Membership.objects.filter(role=MembershipRole.MANAGER)
    assert managers.count() == 18
    assert set(managers.values_list("entity", flat=True)) == set(
        Entity.objects.values_list("pk", flat=True)
    )
    delegated = Membership.objects.filter(role=MembershipRole.DELEGATE)
    assert delegated.values("entity").distinct().count() == 6  # a third of the entities
    assert 6 <= delegated.count() <= 18
    for rights in delegated.values_list("rights", flat=True):
        assert rights and set(rights) <= set(DelegateRight.values)
    caisses = Caisse.objects.count()
    assert User.objects.filter(staff_role=StaffRole.INSTRUCTOR).count() == caisses
    assert User.objects.filter(staff_role=StaffRole.SUPPORT).exists()
    assert User.objects.filter(staff_role=StaffRole.NATIONAL).exists()
    plain = User.objects.filter(staff_role="", memberships__isnull=True, is_active=True)
    assert plain.filter(person__isnull=True).count() == 120  # trainers
    # Accounts opened at the closing of trainer-training sessions, for their passed trainees.
    trained = plain.filter(person__isnull=False).count()
    # + the inactive marker account
    assert User.objects.count() == caisses + 2 + 120 + trained + 18 + delegated.count() + 1

    for entity in Entity.objects.select_related("department"):
        validate_siret(entity.siret)
        if entity.kind == EntityKind.TRAINING_ORG:
            validate_nda(entity.nda)
            assert nda_warnings(entity.nda) == []
        else:
            assert entity.nda == ""
        code = entity.department.code
        assert entity.postcode.startswith("20" if code in {"2A", "2B"} else code)
        assert len(entity.postcode) == 5
    assert Entity.objects.exclude(caisse=F("department__caisse")).count() == 0
    assert Entity.objects.values("siret").distinct().count() == 18

    forprev_ids = list(User.objects.values_list("forprev_id", flat=True))
    assert all(re.fullmatch(r"^[A-Z]{3}\d{5}$", value) for value in forprev_ids)
    assert set(forprev_ids) <= set(IssuedForprevId.objects.values_list("value", flat=True))
    emails = [
        email.lower() for email in User.objects.exclude(email="").values_list("email", flat=True)
    ]
    assert len(emails) == len(set(emails))  # blank only for accounts opened at a closing

    assert "entreprises : 12" in out and "formateurs : 120" in out
    assert "entités : 18" in err  # progress goes to stderr


@pytest.mark.django_db
def test_entity_rows_pass_model_validation():
    generate()
    for entity in Entity.objects.all():
        entity.full_clean()


@pytest.mark.django_db
def test_same_seed_gives_the_same_data():
    generate(seed=11)
    first = snapshot()
    assert first["certificates"]
    empty_database()
    generate(seed=11)
    assert snapshot() == first


@pytest.mark.django_db
def test_another_seed_gives_other_data():
    generate(seed=11)
    first = snapshot()
    empty_database()
    generate(seed=12)
    second = snapshot()
    assert second["entities"] != first["entities"]
    assert second["certificates"] != first["certificates"]


@pytest.mark.django_db
def test_running_again_with_the_same_arguments_adds_nothing():
    generate()
    counts = (User.objects.count(), Entity.objects.count(), Membership.objects.count())
    out, _ = generate()
    assert (User.objects.count(), Entity.objects.count(), Membership.objects.count()) == counts
    assert "déjà présent" in out


@pytest.mark.django_db
@pytest.mark.parametrize("other", [{"seed": 8}, {"scale": "0.003"}])
def test_another_dataset_is_refused_while_one_is_there(other):
    generate()
    counts = (User.objects.count(), Entity.objects.count())
    with pytest.raises(CommandError, match="déjà présent"):
        generate(**other)
    assert (User.objects.count(), Entity.objects.count()) == counts


@pytest.mark.django_db
@pytest.mark.parametrize("scale", ["0", "-1", "100"])
def test_scale_out_of_range_is_refused(scale):
    with pytest.raises(CommandError, match="échelle"):
        generate(scale=scale)
    assert not Entity.objects.exists()


@pytest.mark.django_db
def test_synthetic_accounts_share_one_unusable_hash_outside_demo_mode(settings):
    settings.FORPREV_DEMO_MODE = False
    generate()
    accounts = User.objects.filter(is_active=True, person__isnull=True)  # not opened at closing
    hashes = set(accounts.values_list("password", flat=True))
    assert len(hashes) == 1  # computed once, not per row
    user = User.objects.filter(is_active=True).first()
    assert not user.check_password("Demo-Forprev-2026!")


@pytest.mark.django_db
def test_dataset_writes_no_audit_rows():
    from auditlog.models import LogEntry

    generate()
    assert not LogEntry.objects.exists()


@pytest.mark.django_db
def test_every_entity_gets_habilitations_and_some_apply(monkeypatch):
    from forprev.core.management.commands import generate_dataset

    # 180 entities; the steps after the habilitations are left out (they are slower at 0.02).
    names = [name for name, _ in generate_dataset.STEPS]
    monkeypatch.setattr(
        generate_dataset, "STEPS", generate_dataset.STEPS[: names.index("accreditations") + 1]
    )
    generate(0.02, 11)
    entities = Entity.objects.count()
    assert Accreditation.objects.values("entity").distinct().count() == entities
    for accreditation in Accreditation.objects.all()[:200]:
        accreditation.full_clean()
    assert AccreditationRequest.objects.exists()
    assert RequestItem.objects.count() == AccreditationRequest.objects.count()
    assert (
        Accreditation.objects.active_on(timezone.localdate()).count()
        < Accreditation.objects.count()
    )
