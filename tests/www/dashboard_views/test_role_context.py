import pytest
from django.urls import reverse

from tests.factories import EntityFactory, MembershipFactory, UserFactory


@pytest.fixture
def two_entities_manager(db):
    user = UserFactory(first_name="Camille", last_name="Lefèvre")
    first = MembershipFactory(user=user, entity=EntityFactory(name="PREMIERE ENTITE")).entity
    second = MembershipFactory(
        user=user, entity=EntityFactory(name="SECONDE ENTITE"), delegate=True
    ).entity
    return user, first, second


def test_person_of_several_entities_chooses_the_active_one(client, two_entities_manager):
    user, first, second = two_entities_manager
    client.force_login(user)
    assert client.get(reverse("dashboard:home")).url == reverse("dashboard:choose_entity")
    response = client.post(reverse("dashboard:choose_entity"), {"entity": str(second.public_id)})
    assert response.url == reverse("dashboard:home")
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "LEFÈVRE Camille" in page
    assert "(Délégué)" in page and "SECONDE ENTITE" in page


def test_choosing_an_entity_one_does_not_belong_to_is_refused(client, two_entities_manager):
    user, _, _ = two_entities_manager
    foreign = EntityFactory(name="ENTITE ETRANGERE")
    client.force_login(user)
    response = client.post(
        reverse("dashboard:choose_entity"), {"entity": str(foreign.public_id)}, follow=True
    )
    assert "Choisissez une des entités proposées" in response.content.decode()
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_header_shows_person_role_and_entity_like_the_old_tool(login_as, entity):
    page = login_as("manager").get(reverse("dashboard:home")).content.decode()
    assert "Utilisateur :" in page
    assert "(Gestionnaire (CEH))" in page
    assert f"Entité : <strong>{entity.name}</strong>" in page


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        (
            "manager",
            ["Habilitations", "Mon compte", "Aide et contact"],
            ["Référentiels", "Administration", "Journal des modifications"],
        ),
        ("instructor", ["Habilitations", "Référentiels"], ["Journal des modifications"]),
        ("support", ["Habilitations", "Référentiels", "Journal des modifications"], []),
        ("person", ["Mon compte", "Aide et contact"], ["Habilitations", "Référentiels"]),
    ],
)
def test_main_sections_follow_the_role(login_as, persona, shown, hidden):
    page = login_as(persona).get(reverse("dashboard:home")).content.decode()
    nav = page[page.index('id="navigation"') : page.index("</nav>", page.index('id="navigation"'))]
    for label in shown:
        assert label in nav
    for label in hidden:
        assert label not in nav


def test_revoked_membership_gives_no_access(client, entity):
    membership = MembershipFactory(entity=entity)
    from django.utils import timezone

    membership.revoked_at = timezone.now()
    membership.save()
    client.force_login(membership.user)
    url = reverse("entities:entity_detail", args=[entity.public_id])
    assert client.get(url).status_code == 404
