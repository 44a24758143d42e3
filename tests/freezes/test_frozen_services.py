"""The domain services refuse a frozen action themselves (the API or any other caller included):
``FrozenError`` before anything is written."""

import pytest

from forprev.accreditations.models import AccreditationRequest
from forprev.accreditations.services.requests import request_create
from forprev.entities.application import entity_apply
from forprev.entities.enums import EntityKind
from forprev.entities.identifiers import make_nda, make_siret
from forprev.entities.models import Entity
from forprev.entities.services import entity_update_profile
from forprev.freezes.enums import FrozenAction
from forprev.freezes.services import FrozenError
from forprev.referentials.models import Department, ProgrammeLevel
from tests.factories import PASSWORD

from .factories import FeatureFreezeFactory

pytestmark = pytest.mark.django_db


def test_tronc_commun_freeze_stops_the_manager_not_the_caisse(personas, entity):
    FeatureFreezeFactory(action=FrozenAction.ENTITY_PROFILE)
    with pytest.raises(FrozenError) as caught:
        entity_update_profile(entity=entity, by=personas["manager"], changes={"city": "Aix"})
    assert caught.value.field is None
    entity_update_profile(entity=entity, by=personas["instructor"], changes={"city": "Aix"})
    entity.refresh_from_db()
    assert entity.city == "Aix"


def test_company_to_training_org_freeze_stops_the_instructor(personas, entity):
    FeatureFreezeFactory(action=FrozenAction.COMPANY_TO_TRAINING_ORG)
    # The object as a bound form leaves it: already changed in memory, not in the database.
    entity.kind = EntityKind.TRAINING_ORG
    changes = {"kind": EntityKind.TRAINING_ORG, "nda": make_nda(93, "13", 12_345)}
    with pytest.raises(FrozenError) as caught:
        entity_update_profile(entity=entity, by=personas["instructor"], changes=changes)
    assert caught.value.field == "kind"
    assert Entity.objects.get(pk=entity.pk).kind == EntityKind.COMPANY


def test_training_org_to_company_is_not_the_frozen_change(personas):
    from tests.factories import EntityFactory

    FeatureFreezeFactory(action=FrozenAction.COMPANY_TO_TRAINING_ORG)
    organisation = EntityFactory(training_org=True)
    entity_update_profile(
        entity=organisation, by=personas["instructor"], changes={"kind": EntityKind.COMPANY}
    )
    organisation.refresh_from_db()
    assert organisation.kind == EntityKind.COMPANY


@pytest.mark.parametrize("kind", ["initial", "renewal", "additional"])
def test_each_application_kind_has_its_freeze(personas, entity, kind):
    FeatureFreezeFactory(action=kind)
    sst = ProgrammeLevel.objects.get(programme__code="SST", level=1)
    with pytest.raises(FrozenError) as caught:
        request_create(entity=entity, kind=kind, programme_levels=[sst], by=personas["manager"])
    assert caught.value.field == "kind"
    assert not AccreditationRequest.objects.exists()


def test_public_application_stops_with_initial_applications(db):
    FeatureFreezeFactory(action=FrozenAction.INITIAL)
    entity_fields = {
        "kind": EntityKind.COMPANY,
        "name": "BOULANGERIE DES CALANQUES",
        "siret": make_siret(41_000_000),
        "address_line": "12 quai du Port",
        "postcode": "13002",
        "city": "Marseille",
        "department": Department.objects.get(code="13"),
    }
    manager_fields = {"first_name": "Lucie", "last_name": "Martin", "email": "lucie@exemple.fr"}
    with pytest.raises(FrozenError):
        entity_apply(entity_fields=entity_fields, manager_fields=manager_fields, password=PASSWORD)
    assert not Entity.objects.filter(siret=entity_fields["siret"]).exists()
