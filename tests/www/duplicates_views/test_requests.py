"""A trainer asks, from « Mes informations », for the merge of their duplicate account; support
compares, merges (the request closes) or answers « sans suite »."""

import pytest
from django.urls import reverse

from forprev.people.merging_models import MergeRequest, MergeRequestStatus, PersonMerge
from forprev.people.models import Person
from tests.factories import PASSWORD
from tests.www.duplicates_views.world import person

pytestmark = pytest.mark.django_db

CREATE = reverse("duplicates:request_create")


@pytest.fixture
def trainer_accounts():
    mine = person("Durand", "Léa", account=True)
    other = person("Durant", "Lea", account=True)
    return mine, other


def as_user(client, user):
    client.force_login(user)
    return client


def test_my_info_links_to_the_request_form(client, trainer_accounts, login_as):
    mine, _other = trainer_accounts
    page = as_user(client, mine.user).get(reverse("accounts:my_info")).content.decode()
    assert CREATE in page
    assert CREATE not in login_as("support").get(reverse("accounts:my_info")).content.decode()


@pytest.mark.parametrize(
    ("numero", "message"),
    [
        ("12345678", "3 lettres et 5 chiffres"),
        ("ZZZ99999", "Aucun compte ni individu"),
        ("own", "le numéro de ce compte"),
    ],
)
def test_bad_numbers_get_a_french_message_and_nothing_is_written(
    client, trainer_accounts, numero, message
):
    mine, _other = trainer_accounts
    numero = mine.forprev_id if numero == "own" else numero
    response = as_user(client, mine.user).post(
        CREATE, {"other_forprev_id": numero, "explanation": "Deux comptes"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MergeRequest.objects.exists()


def test_support_merges_the_two_accounts_the_trainer_named(client, trainer_accounts, login_as):
    mine, other = trainer_accounts
    trainer = as_user(client, mine.user)
    response = trainer.post(
        CREATE,
        {"other_forprev_id": other.forprev_id.lower(), "explanation": "Ancienne adresse"},
    )
    item = MergeRequest.objects.get()
    assert response.url == reverse("duplicates:request_detail", args=[item.public_id])
    again = trainer.post(CREATE, {"other_forprev_id": other.forprev_id, "explanation": "Encore"})
    assert "déjà signalé" in again.content.decode()
    assert "En attente" in trainer.get(response.url).content.decode()

    support = login_as("support")
    assert other.forprev_id in support.get(reverse("duplicates:queue")).content.decode()
    detail = support.get(response.url).content.decode()
    compare = reverse("duplicates:compare", args=[[mine.public_id, other.public_id]])
    assert f"{compare}?demande={item.public_id}" in detail
    page = support.get(compare, {"demande": str(item.public_id)}).content.decode()
    assert "Ancienne adresse" in page
    support.post(
        reverse("duplicates:merge", args=[[mine.public_id, other.public_id]]),
        {
            "kept": str(mine.public_id),
            "reason": "Demande du formateur",
            "demande": str(item.public_id),
        },  # fmt: skip
    )
    item.refresh_from_db()
    assert item.status == MergeRequestStatus.MERGED and item.handled_by is not None
    assert PersonMerge.objects.get().request == item
    assert not Person.objects.filter(pk=other.pk).exists()
    # The trainer logs in with the other account's numéro and lands on their kept account.
    client.logout()
    login = client.post(
        reverse("accounts:login"), {"username": other.forprev_id, "password": PASSWORD}
    )
    assert login.status_code == 302
    assert client.get(reverse("accounts:my_info")).context["account"] == mine.user


def test_a_request_about_other_people_is_not_closed_by_a_merge(trainer_accounts, login_as):
    mine, other = trainer_accounts
    item = MergeRequest.objects.create(
        requested_by=mine.user, other_forprev_id=other.forprev_id, explanation="?"
    )
    x, y = person("Petit", "Marc"), person("Peti", "Marc")
    login_as("support").post(
        reverse("duplicates:merge", args=[[x.public_id, y.public_id]]),
        {"kept": str(x.public_id), "reason": "Doublon", "demande": str(item.public_id)},
    )
    assert PersonMerge.objects.get().request is None
    item.refresh_from_db()
    assert item.status == MergeRequestStatus.PENDING


def test_support_answers_sans_suite(client, trainer_accounts, login_as):
    mine, other = trainer_accounts
    item = MergeRequest.objects.create(
        requested_by=mine.user, other_forprev_id=other.forprev_id, explanation="?"
    )
    url = reverse("duplicates:request_reject", args=[item.public_id])
    support = login_as("support")
    assert "fr-alert--error" in support.post(url, {"response": ""}).content.decode()
    support.post(url, {"response": "Ce compte est celui de votre homonyme."})
    item.refresh_from_db()
    assert item.status == MergeRequestStatus.REJECTED
    page = as_user(client, mine.user).get(reverse("duplicates:request_detail", args=[item.public_id]))  # fmt: skip
    assert "votre homonyme" in page.content.decode()
    assert login_as("support").post(url, {"response": "Encore"}).status_code == 403
