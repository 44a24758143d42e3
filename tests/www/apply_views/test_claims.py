"""The caisse sees every claim on a SIRET/NDA (entity list and page) and recognises one entity;
the provisional entity's own members are only told to contact their caisse."""

import pytest
from django.urls import reverse

from forprev.entities.enums import EntityStatus
from forprev.entities.identifiers import make_nda, make_siret
from tests.factories import EntityFactory, MembershipFactory

SIRET = make_siret(71_000_000)


@pytest.fixture
def claims(db):
    """A recognised company in Lyon and two provisional claimants of its SIRET in Marseille."""
    holder = EntityFactory(in_lyon=True, siret=SIRET, name="TITULAIRE LYONNAIS")
    first = EntityFactory(siret=SIRET, name="DEMANDE UN", status=EntityStatus.PROVISIONAL)
    second = EntityFactory(siret=SIRET, name="DEMANDE DEUX", status=EntityStatus.PROVISIONAL)
    return holder, first, second


def page(client, entity):
    response = client.get(reverse("entities:entity_detail", args=[entity.public_id]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_instructor_sees_every_claimant_of_the_siret_on_the_entity_page(login_as, claims):
    holder, first, second = claims
    html = page(login_as("instructor"), first)
    assert "Entité provisoire" in html
    assert "SIRET revendiqué par plusieurs demandes" in html
    assert "TITULAIRE LYONNAIS" in html and "Carsat Rhône-Alpes" in html
    assert "Reconnue par la caisse" in html
    # The claimant of the instructor's caisse is a link; the other caisse's entity is not.
    assert reverse("entities:entity_detail", args=[second.public_id]) in html
    assert reverse("entities:entity_detail", args=[holder.public_id]) not in html
    assert "Reconnaître l&#x27;entité" in html or "Reconnaître l'entité" in html


@pytest.mark.django_db
def test_the_other_caisse_sees_the_claims_on_its_recognised_entity(login_as, claims):
    holder, _first, _second = claims
    html = page(login_as("instructor_elsewhere"), holder)
    assert "SIRET revendiqué par plusieurs demandes" in html
    assert "DEMANDE UN" in html and "DEMANDE DEUX" in html
    assert "Entité provisoire" not in html
    assert "Reconnaître" not in html


@pytest.mark.django_db
def test_entity_list_flags_provisional_and_contested_entities(login_as, claims):
    response = login_as("national").get(reverse("entities:entity_list"))
    html = response.content.decode()
    assert html.count("SIRET revendiqué par plusieurs demandes") == 3
    assert html.count(">Provisoire</span>") == 2


@pytest.mark.django_db
def test_entity_list_flags_a_contested_nda(login_as):
    nda = make_nda(93, "13", 4242)
    EntityFactory(training_org=True, nda=nda)
    EntityFactory(training_org=True, nda=nda, status=EntityStatus.PROVISIONAL)
    html = login_as("national").get(reverse("entities:entity_list")).content.decode()
    assert html.count("NDA revendiqué par plusieurs demandes") == 2


@pytest.mark.django_db
def test_entity_list_flags_cost_no_query_per_row(login_as, claims, django_assert_max_num_queries):
    client = login_as("national")
    client.get(reverse("entities:entity_list"))  # warm-up (session, role context)
    EntityFactory.create_batch(10, status=EntityStatus.PROVISIONAL)
    # 13 rows; a query per row would be 21 (the filters' choices and the total cost 3 of the 8).
    with django_assert_max_num_queries(8):
        assert client.get(reverse("entities:entity_list")).status_code == 200


@pytest.mark.django_db
def test_manager_of_a_provisional_claimant_is_told_to_contact_the_caisse_not_who_else_claims(
    client, claims
):
    _holder, first, _second = claims
    manager = MembershipFactory(entity=first).user
    client.force_login(manager)
    html = page(client, first).replace("&#x27;", "'")
    assert "Votre compte est provisoire" in html
    assert "Un autre compte revendique déjà ce SIRET" in html
    assert "Carsat Sud-Est" in html
    for other in ("TITULAIRE LYONNAIS", "DEMANDE DEUX"):
        assert other not in html
    assert "Reconnaître" not in html


@pytest.mark.django_db
def test_instructor_recognises_a_provisional_entity(login_as, db):
    entity = EntityFactory(status=EntityStatus.PROVISIONAL, name="À RECONNAÎTRE")
    client = login_as("instructor")
    response = client.post(reverse("apply:entity_recognise", args=[entity.public_id]))
    assert response.status_code == 302
    assert response.url == reverse("entities:entity_detail", args=[entity.public_id])
    entity.refresh_from_db()
    assert entity.status == EntityStatus.RECOGNISED
    html = client.get(response.url).content.decode()
    assert "est reconnue" in html
    assert "Entité provisoire" not in html


@pytest.mark.django_db
def test_recognition_refused_while_another_recognised_entity_holds_the_siret(login_as, claims):
    _holder, first, _second = claims
    client = login_as("instructor")
    response = client.post(reverse("apply:entity_recognise", args=[first.public_id]))
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "TITULAIRE LYONNAIS (Carsat Rhône-Alpes), déjà reconnue, détient ce SIRET" in html
    first.refresh_from_db()
    assert first.status == EntityStatus.PROVISIONAL


@pytest.mark.django_db
def test_recognising_a_recognised_entity_is_forbidden(login_as, entity):
    response = login_as("instructor").post(
        reverse("apply:entity_recognise", args=[entity.public_id])
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_recognise_answers_only_post(login_as, db):
    entity = EntityFactory(status=EntityStatus.PROVISIONAL)
    response = login_as("instructor").get(
        reverse("apply:entity_recognise", args=[entity.public_id])
    )
    assert response.status_code == 405
    entity.refresh_from_db()
    assert entity.status == EntityStatus.PROVISIONAL
