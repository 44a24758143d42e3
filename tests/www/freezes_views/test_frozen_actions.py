"""A freeze in force refuses its action on the server — a forged POST included — with its
message in the page and nothing written; the action's button opens the message instead."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from forprev.accreditations.models import AccreditationRequest
from forprev.entities.enums import EntityKind
from forprev.entities.identifiers import make_nda
from forprev.entities.models import Entity
from forprev.freezes.enums import FrozenAction
from forprev.referentials.models import ProgrammeLevel
from tests.freezes.factories import MESSAGE, FeatureFreezeFactory
from tests.www.entities_views.test_entity_edit import edit_url, form_data

pytestmark = pytest.mark.django_db


def detail_url(entity):
    return reverse("entities:entity_detail", args=[entity.public_id])


def entity_log_count(entity):
    return LogEntry.objects.get_for_object(entity).count()


# --- Tronc commun, by the entity -------------------------------------------------------------


def test_forged_post_of_the_tronc_commun_is_refused_with_the_message(login_as, entity, page_of):
    FeatureFreezeFactory(action=FrozenAction.ENTITY_PROFILE)
    client = login_as("manager")
    logged = entity_log_count(entity)
    html = page_of(client.post(edit_url(entity), form_data(entity, trade_name="Le Fournil")))
    assert MESSAGE in html
    assert "la modification du tronc commun par l&#x27;entité n&#x27;est plus possible" in html
    entity.refresh_from_db()
    assert entity.trade_name == ""
    assert entity_log_count(entity) == logged


def test_frozen_tronc_commun_shows_a_pop_up_button_not_the_form(login_as, entity, page_of):
    FeatureFreezeFactory(action=FrozenAction.ENTITY_PROFILE)
    client = login_as("manager")
    detail = page_of(client.get(detail_url(entity)))
    assert 'aria-controls="freeze-entity-profile"' in detail
    assert '<dialog id="freeze-entity-profile" class="fr-modal"' in detail
    assert MESSAGE in detail
    assert edit_url(entity) not in detail
    edit = page_of(client.get(edit_url(entity)))
    assert 'id="frozen-action"' in edit and MESSAGE in edit
    assert 'name="trade_name"' not in edit


def test_the_caisse_still_corrects_a_frozen_tronc_commun(login_as, entity, page_of):
    FeatureFreezeFactory(action=FrozenAction.ENTITY_PROFILE)
    client = login_as("instructor")
    assert edit_url(entity) in page_of(client.get(detail_url(entity)))
    response = client.post(edit_url(entity), form_data(entity, trade_name="Le Fournil"))
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.trade_name == "Le Fournil"


@pytest.mark.parametrize("when", ["upcoming", "over"])
def test_tronc_commun_is_open_before_and_after_the_freeze(login_as, entity, page_of, when):
    FeatureFreezeFactory(action=FrozenAction.ENTITY_PROFILE, **{when: True})
    client = login_as("manager")
    assert edit_url(entity) in page_of(client.get(detail_url(entity)))
    response = client.post(edit_url(entity), form_data(entity, trade_name="Le Fournil"))
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.trade_name == "Le Fournil"


# --- E > OF, by the caisse -------------------------------------------------------------------


def test_forged_company_to_training_org_is_refused_for_the_instructor(login_as, entity, page_of):
    FeatureFreezeFactory(action=FrozenAction.COMPANY_TO_TRAINING_ORG)
    client = login_as("instructor")
    assert MESSAGE in page_of(client.get(edit_url(entity)))  # the type field's hint
    data = form_data(entity, kind="training_org", nda=make_nda(93, "13", 12_345), city="Aix")
    html = page_of(client.post(edit_url(entity), data))
    assert "le passage d&#x27;entreprise à organisme de formation" in html
    entity.refresh_from_db()
    assert (entity.kind, entity.nda, entity.city) == (EntityKind.COMPANY, "", "Marseille")


def test_other_changes_go_on_while_company_to_training_org_is_frozen(login_as, entity):
    FeatureFreezeFactory(action=FrozenAction.COMPANY_TO_TRAINING_ORG)
    response = login_as("instructor").post(edit_url(entity), form_data(entity, city="Aix"))
    assert response.status_code == 302
    entity.refresh_from_db()
    response = login_as("manager").post(edit_url(entity), form_data(entity, trade_name="X"))
    assert response.status_code == 302
    entity.refresh_from_db()
    assert (entity.city, entity.trade_name, entity.kind) == ("Aix", "X", EntityKind.COMPANY)


def test_company_to_training_org_is_open_once_the_freeze_is_over(login_as, entity):
    FeatureFreezeFactory(action=FrozenAction.COMPANY_TO_TRAINING_ORG, over=True)
    data = form_data(entity, kind="training_org", nda=make_nda(93, "13", 12_345))
    assert login_as("instructor").post(edit_url(entity), data).status_code == 302
    entity.refresh_from_db()
    assert entity.kind == EntityKind.TRAINING_ORG


# --- Applications: initial, renewal, additional ----------------------------------------------


def create_url():
    return reverse("accreditations:request_create")


def application_data(kind):
    sst = ProgrammeLevel.objects.get(programme__code="SST", level=1)
    return {"kind": kind, "programme_levels": [sst.pk]}


@pytest.mark.parametrize("kind", ["initial", "renewal", "additional"])
def test_forged_application_of_a_frozen_kind_is_refused(login_as, entity, page_of, kind):
    FeatureFreezeFactory(action=kind)
    client = login_as("manager")
    html = page_of(client.post(create_url(), application_data(kind)))
    assert MESSAGE in html
    assert not AccreditationRequest.objects.exists()


def test_with_every_kind_frozen_new_application_opens_the_pop_up(login_as, entity, page_of):
    for action in (FrozenAction.INITIAL, FrozenAction.RENEWAL, FrozenAction.ADDITIONAL):
        FeatureFreezeFactory(action=action, message=f"Message {action.value}.")
    client = login_as("manager")
    html = page_of(client.get(reverse("accreditations:request_list")))
    assert 'aria-controls="freeze-request-create"' in html
    assert f'href="{create_url()}"' not in html
    for kind in ("initial", "renewal", "additional"):
        assert f"Message {kind}." in html
    create = page_of(client.get(create_url()))
    assert 'id="frozen-action"' in create and 'name="kind"' not in create


def test_one_kind_frozen_leaves_the_others_open(login_as, entity, page_of):
    FeatureFreezeFactory(action=FrozenAction.RENEWAL)
    client = login_as("manager")
    assert f'href="{create_url()}"' in page_of(client.get(reverse("accreditations:request_list")))
    create = page_of(client.get(create_url()))
    assert MESSAGE in create and 'name="kind"' in create
    response = client.post(create_url(), application_data("initial"))
    assert response.status_code == 302
    assert AccreditationRequest.objects.get().kind == "initial"


@pytest.mark.parametrize("when", ["upcoming", "over"])
def test_applications_are_open_before_and_after_the_freeze(login_as, entity, when):
    FeatureFreezeFactory(action=FrozenAction.INITIAL, **{when: True})
    response = login_as("manager").post(create_url(), application_data("initial"))
    assert response.status_code == 302
    assert AccreditationRequest.objects.count() == 1


# --- The public application (first step of an initial application) ---------------------------


def test_public_application_is_refused_while_initial_applications_are_frozen(client, page_of):
    from tests.www.apply_views.test_apply import company

    FeatureFreezeFactory(action=FrozenAction.INITIAL)
    form = page_of(client.get(reverse("apply:start")))
    assert MESSAGE in form and 'name="siret"' not in form
    entities = Entity.objects.count()
    html = page_of(client.post(reverse("apply:start"), company()))
    assert MESSAGE in html
    assert Entity.objects.count() == entities
    assert not AccreditationRequest.objects.exists()
