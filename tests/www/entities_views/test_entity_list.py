import pytest
from django.urls import reverse

from tests.factories import EntityFactory, MembershipFactory


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["national", "instructor", "manager"])
def test_entity_list_runs_a_constant_number_of_queries(
    login_as, persona, django_assert_max_num_queries, personas
):
    client = login_as(persona)
    # Two entities from the start: one membership and several take different paths (a single
    # entity is chosen at once), and the point is that thirty cost what two do.
    MembershipFactory(user=personas["manager"], entity=EntityFactory())
    client.get(reverse("entities:entity_list"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("entities:entity_list"))
    count_few = len(few.captured_queries)
    for _ in range(30):
        MembershipFactory(user=personas["manager"], entity=EntityFactory())
    with django_assert_max_num_queries(count_few) as many:
        response = client.get(reverse("entities:entity_list"))
    assert response.status_code == 200
    assert len(many.captured_queries) == count_few


@pytest.mark.django_db
def test_instructor_sees_only_the_entities_of_their_caisse(login_as, entity, other_entity):
    page = login_as("instructor").get(reverse("entities:entity_list")).content.decode()
    assert entity.name in page
    assert other_entity.name not in page


@pytest.mark.django_db
def test_search_by_name_or_siret(login_as, entity, other_entity):
    client = login_as("national")
    by_name = client.get(reverse("entities:entity_list"), {"q": "vieux-port"}).content.decode()
    assert entity.name in by_name and other_entity.name not in by_name
    spaced = " ".join([entity.siret[:3], entity.siret[3:6], entity.siret[6:9]])
    by_siret = client.get(reverse("entities:entity_list"), {"q": spaced}).content.decode()
    assert entity.name in by_siret and other_entity.name not in by_siret


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "-1", "999999", "1' OR '1'='1"])
def test_hostile_page_numbers_never_fail(login_as, entity, page):
    response = login_as("national").get(
        reverse("entities:entity_list"), {"page": page, "q": "x" * 500}
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_pagination_keeps_the_search(login_as):
    for index in range(60):
        EntityFactory(name=f"TRANSPORTS ALPHA {index:02d}")
    page = (
        login_as("national").get(reverse("entities:entity_list"), {"q": "alpha"}).content.decode()
    )
    assert "60 entités" in page
    assert "?q=alpha&amp;page=2" in page


@pytest.mark.django_db
def test_entity_page_gathers_accreditations_and_applications(login_as, entity, personas):
    from datetime import date

    from forprev.accreditations.models import Accreditation, AccreditationRequest
    from forprev.referentials.models import ProgrammeLevel

    Accreditation.objects.create(
        entity=entity,
        programme_level=ProgrammeLevel.objects.get(programme__code="SST", level=1),
        starts_on=date(2024, 1, 1),
        expires_on=date(2028, 12, 31),
    )
    AccreditationRequest.objects.create(
        entity=entity, kind="renewal", created_by=personas["manager"]
    )
    url = reverse("entities:entity_detail", args=[entity.public_id])
    page = login_as("instructor").get(url).content.decode()
    assert "31/12/2028" in page and "Renouvellement" in page
    page = login_as("delegate_without_right").get(url).content.decode()
    assert "31/12/2028" in page and "Renouvellement" not in page
