import pytest
from django.core import mail
from django.urls import reverse

from forprev.accounts.models import User
from forprev.entities.models import Membership
from tests.factories import UserFactory


def list_url(entity):
    return reverse("entities:delegate_list", args=[entity.public_id])


@pytest.fixture
def add(login_as, entity, django_capture_on_commit_callbacks):
    client = login_as("manager")

    def _add(**data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(list_url(entity), data, follow=True)

    return _add


@pytest.mark.django_db
@pytest.mark.parametrize("by", ["forprev_id", "email"])
def test_manager_names_an_existing_person_with_chosen_rights(add, entity, by):
    person = UserFactory(email="Jean.Martin@exemple.fr")
    login = person.forprev_id.lower() if by == "forprev_id" else "JEAN.MARTIN@exemple.fr"
    response = add(login=login, rights=["declare_sessions", "exports"])
    assert "est délégué(e)" in response.content.decode()
    membership = Membership.objects.get(user=person, entity=entity, revoked_at=None)
    assert membership.rights == ["declare_sessions", "exports"]


@pytest.mark.django_db
def test_a_person_without_account_is_invited_by_email(add, entity):
    add(
        login="nouvelle.personne@exemple.fr",
        last_name="Nguyen",
        first_name="Linh",
        rights=["exports"],
    )
    user = User.objects.get(email="nouvelle.personne@exemple.fr")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, entity=entity).exists()
    assert mail.outbox[-1].to == ["nouvelle.personne@exemple.fr"]
    assert user.forprev_id in mail.outbox[-1].body and "/reinitialiser/" in mail.outbox[-1].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"login": "ZZZ99999"}, "Aucun compte ne porte ce numéro"),
        ({"login": "inconnu@exemple.fr"}, "indiquez ses nom et prénom"),
        ({"login": "x", "rights": ["fly"]}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_delegate_requests_get_a_french_message_and_change_nothing(add, entity, data, message):
    before = Membership.objects.count(), User.objects.count()
    response = add(**data)
    assert message in response.content.decode()
    assert (Membership.objects.count(), User.objects.count()) == before


@pytest.mark.django_db
def test_staff_and_existing_members_cannot_be_named(add, personas):
    assert "ne peut pas être délégué" in add(login=personas["support"].email).content.decode()
    assert "fait déjà partie" in add(login=personas["delegate"].forprev_id).content.decode()


@pytest.mark.django_db
def test_manager_changes_rights_and_revokes(login_as, entity, personas):
    membership = entity.memberships.get(user=personas["delegate_without_right"])
    client = login_as("manager")
    client.post(
        reverse("entities:delegate_update", args=[entity.public_id, membership.public_id]),
        {f"m{membership.pk}-rights": ["view_requests"]},
    )
    membership.refresh_from_db()
    assert membership.rights == ["view_requests"]
    delegate_client = login_as("delegate_without_right")
    assert delegate_client.get(reverse("accreditations:request_list")).status_code == 200
    login_as("manager").post(
        reverse("entities:delegate_revoke", args=[entity.public_id, membership.public_id])
    )
    membership.refresh_from_db()
    assert membership.revoked_at is not None
    detail = reverse("entities:entity_detail", args=[entity.public_id])
    assert login_as("delegate_without_right").get(detail).status_code == 404


@pytest.mark.django_db
def test_the_manager_cannot_be_revoked_through_the_delegate_pages(login_as, entity, personas):
    manager_membership = entity.memberships.get(user=personas["manager"])
    response = login_as("manager").post(
        reverse("entities:delegate_revoke", args=[entity.public_id, manager_membership.public_id])
    )
    assert response.status_code == 404
