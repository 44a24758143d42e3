"""A provisional entity (public application) has no rights over the SIRET/NDA it claims until
its caisse recognises it: not in the public directory, no sessions (so no certificates), not
matched by number at the switch-over."""

from datetime import date

import pytest
from django.utils import timezone

from forprev.accreditations.models import Accreditation
from forprev.accreditations.selectors import directory_entities, directory_entity_ids
from forprev.core.exceptions import DomainError
from forprev.entities.enums import EntityStatus
from forprev.entities.models import Entity
from forprev.referentials.models import ProgrammeLevel
from forprev.switchover.legacy.keys import legacy_uuid
from forprev.switchover.models import EntityReadiness, MigrationIssue
from forprev.training.services import session_create
from tests.factories import EntityFactory, MembershipFactory
from tests.switchover.legacy_files import ENT_ID, ENT_SIRET, check_fixture, clean_rows
from tests.switchover.test_migration import issue, migrate

check = check_fixture()


@pytest.fixture
def sst(db):
    return ProgrammeLevel.objects.get(programme__code="SST", level=1)


@pytest.mark.django_db
def test_provisional_entity_is_not_in_the_directory_even_with_an_active_habilitation(sst):
    """Cannot happen through the services (granting recognises the entity first); the directory
    does not rely on it."""
    today = timezone.localdate()
    recognised = EntityFactory(name="RECONNUE")
    provisional = EntityFactory(name="PROVISOIRE", status=EntityStatus.PROVISIONAL)
    for entity in (recognised, provisional):
        Accreditation.objects.create(
            entity=entity,
            programme_level=sst,
            starts_on=date(today.year - 1, 1, 1),
            expires_on=date(today.year + 2, 1, 1),
        )
    assert list(directory_entities(day=today)) == [recognised]
    assert list(directory_entity_ids(day=today)) == [recognised.public_id]


@pytest.mark.django_db
def test_manager_of_a_provisional_entity_cannot_declare_a_session(sst):
    entity = EntityFactory(status=EntityStatus.PROVISIONAL)
    manager = MembershipFactory(entity=entity).user
    today = timezone.localdate()
    with pytest.raises(DomainError) as raised:
        session_create(
            entity=entity,
            by=manager,
            trainer_logins=[],
            programme_level=sst,
            starts_on=today,
            ends_on=today,
        )
    assert "n'est pas habilitée" in raised.value.message
    assert not entity.sessions.exists()


@pytest.mark.django_db
def test_conformity_check_does_not_match_a_provisional_entity_by_siret(check):
    EntityFactory(siret=ENT_SIRET, in_lyon=True, status=EntityStatus.PROVISIONAL)
    rows = clean_rows()
    rows["utilisateurs.csv"][0]["email"] = ""
    run = check(rows)
    assert EntityReadiness.objects.get(run=run, legacy_id=ENT_ID).entity is None


@pytest.mark.django_db
def test_conformity_check_matches_the_recognised_entity_beside_a_provisional_claimant(check):
    EntityFactory(siret=ENT_SIRET, status=EntityStatus.PROVISIONAL)
    recognised = EntityFactory(siret=ENT_SIRET, in_lyon=True)
    run = check(clean_rows())
    assert EntityReadiness.objects.get(run=run, legacy_id=ENT_ID).entity == recognised


@pytest.mark.django_db
def test_migration_does_not_pour_forprev_1_data_into_a_provisional_entity(db, tmp_path):
    provisional = EntityFactory(
        in_lyon=True, siret=ENT_SIRET, name="DEMANDE PUBLIQUE", status=EntityStatus.PROVISIONAL
    )
    run = migrate(tmp_path)
    migrated = Entity.objects.get(public_id=legacy_uuid("entites.csv", ENT_ID))
    assert migrated.status == EntityStatus.RECOGNISED  # the database's default for bulk inserts
    assert migrated.siret == provisional.siret
    assert not provisional.sessions.exists()
    with pytest.raises(MigrationIssue.DoesNotExist):
        issue(run, "entites.csv", ENT_ID)  # migrated as its own entity, not « existing_entity »
    assert run.balanced
