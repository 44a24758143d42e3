import pytest
from django.core import mail
from django.urls import reverse

from forprev.accounts.models import User
from forprev.entities.models import Invitation, Membership
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
def test_manager_invites_an_existing_person_who_becomes_delegate_on_accepting(
    add, entity, by, client
):
    person = UserFactory(email="Jean.Martin@exemple.fr")
    login = person.forprev_id.lower() if by == "forprev_id" else "JEAN.MARTIN@exemple.fr"
    response = add(identifier=login, rights=["declare_sessions", "exports"])
    page = response.content.decode()
    assert "Invitation enregistrée" in page and person.full_name not in page
    assert not Membership.objects.filter(user=person).exists()
    invitation = Invitation.objects.get(entity=entity)
    client.force_login(person)
    client.post(reverse("entities:invitation_accept", args=[invitation.public_id]))
    membership = Membership.objects.get(user=person, entity=entity, revoked_at=None)
    assert membership.rights == ["declare_sessions", "exports"]


@pytest.mark.django_db
def test_a_person_without_account_is_invited_by_email_and_no_account_is_created(add, entity):
    add(identifier="nouvelle.personne@exemple.fr", rights=["exports"])
    assert not User.objects.filter(email="nouvelle.personne@exemple.fr").exists()
    assert Invitation.objects.get(entity=entity).identifier == "nouvelle.personne@exemple.fr"
    assert mail.outbox[-1].to == ["nouvelle.personne@exemple.fr"]
    assert "/entites/invitations/" in mail.outbox[-1].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"identifier": "Jean Martin"}, "Saisissez une adresse électronique"),
        ({"identifier": "x@exemple.fr", "rights": ["fly"]}, "Sélectionnez un choix valide"),
        ({"identifier": "\x00"}, "Le caractère nul n’est pas autorisé"),
    ],
)
def test_bad_invitations_get_a_french_message_and_change_nothing(add, entity, data, message):
    before = Membership.objects.count(), User.objects.count(), Invitation.objects.count()
    response = add(**data)
    assert message in response.content.decode()
    assert (Membership.objects.count(), User.objects.count(), Invitation.objects.count()) == before


@pytest.mark.django_db
def test_the_manager_does_not_see_numeros_of_members_but_the_caisse_does(
    login_as, entity, personas
):
    numero = personas["delegate"].forprev_id
    page = login_as("manager").get(list_url(entity)).content.decode()
    assert personas["delegate"].full_name in page and numero not in page
    detail = reverse("entities:entity_detail", args=[entity.public_id])
    page = login_as("delegate").get(detail).content.decode()
    assert personas["manager"].forprev_id not in page
    assert numero in login_as("instructor").get(list_url(entity)).content.decode()


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
