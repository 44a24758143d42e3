import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def user(db):
    return UserFactory(first_name="Awa", last_name="N'Diaye", email="awa.ndiaye@exemple.fr")


@pytest.fixture
def edit(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)

    def _edit(follow=False, **changes):
        data = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "current_password": PASSWORD,
        }
        data.update(changes)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:my_info_edit"), data, follow=follow)

    return _edit


def test_names_change_at_once(edit, user):
    assert edit(first_name="Awa-Marie").status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Awa-Marie"
    assert mail.outbox == []


def test_new_email_takes_effect_only_once_confirmed(
    client, edit, user, django_capture_on_commit_callbacks
):
    assert edit(email="Awa.Nouvelle@Exemple.fr").status_code == 302
    user.refresh_from_db()
    assert user.email == "awa.ndiaye@exemple.fr"
    assert user.pending_email == "awa.nouvelle@exemple.fr"
    assert mail.outbox[0].to == ["awa.nouvelle@exemple.fr"]
    link = re.search(
        r"https?://[^/\s]+(/mes-informations/adresse/\S+/)", mail.outbox[0].body
    ).group(1)
    assert client.get(link).status_code == 200  # a confirmation page, nothing changed yet
    user.refresh_from_db()
    assert user.email == "awa.ndiaye@exemple.fr"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    user.refresh_from_db()
    assert user.email == "awa.nouvelle@exemple.fr"
    assert user.pending_email == ""
    assert mail.outbox[-1].to == ["awa.ndiaye@exemple.fr"]  # the old address is told
    # The link is single-use.
    response = client.post(link, follow=True)
    assert "invalide, expiré ou déjà utilisé" in response.content.decode()


def test_an_address_held_by_another_account_gets_the_same_answer_and_cannot_be_taken(edit, user):
    """The page must not tell a signed-in user whether an address has an account: the answer
    is the one of a free address; the address's owner is told instead, and no link exists."""
    UserFactory(email="deja.pris@exemple.fr")
    taken = edit(email="DEJA.Pris@exemple.fr", follow=True)
    user.refresh_from_db()
    assert user.pending_email == ""
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["deja.pris@exemple.fr"]
    assert "/mes-informations/adresse/" not in notice.body  # nothing to confirm
    assert "déjà celle de votre compte" in notice.body
    free = edit(email="libre@exemple.fr", follow=True)
    assert taken.status_code == free.status_code == 200
    assert "déjà utilisée" not in taken.content.decode()
    taken_messages = [str(m) for m in taken.context["messages"]]
    free_messages = [str(m) for m in free.context["messages"]]
    assert [m.replace("deja.pris@exemple.fr", "@") for m in taken_messages] == [
        m.replace("libre@exemple.fr", "@") for m in free_messages
    ]


def test_empty_names_and_bad_email_are_refused_in_french(edit):
    response = edit(first_name="  ", email="pas-une-adresse")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in content or "Le prénom est obligatoire" in content
    assert "adresse de courriel valide" in content


def test_confirmation_link_of_another_account_is_refused(client, edit, user):
    edit(email="awa.nouvelle@exemple.fr")
    link = re.search(r"(/mes-informations/adresse/\S+/)", mail.outbox[0].body).group(1)
    intruder = UserFactory()
    client.force_login(intruder)
    client.post(link)
    intruder.refresh_from_db()
    assert intruder.email != "awa.nouvelle@exemple.fr"


def test_tampered_confirmation_link_is_refused(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:email_confirm", args=["forged:token"]), follow=True)
    assert "invalide, expiré ou déjà utilisé" in response.content.decode()


def test_validate_my_information_records_when(client, user):
    client.force_login(user)
    assert user.info_validated_at is None
    client.post(reverse("accounts:my_info_validate"))
    user.refresh_from_db()
    assert user.info_validated_at is not None
    page = client.get(reverse("accounts:my_info")).content.decode()
    assert user.forprev_id in page


def test_names_change_without_the_current_password(edit, user):
    assert edit(first_name="Awa-Marie", current_password="").status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Awa-Marie"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "Saisissez votre mot de passe actuel"),
        ("Pas-le-bon-2026!", "Mot de passe actuel incorrect"),
    ],
)
def test_new_email_needs_the_current_password(edit, user, password, message):
    response = edit(email="voleur@exemple.fr", current_password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.pending_email == ""
    assert mail.outbox == []


def test_guessing_the_current_password_is_throttled(edit, user, settings):
    settings.FORPREV_REAUTH_ATTEMPTS_PER_15_MINUTES = 3
    for attempt in range(3):
        edit(email="voleur@exemple.fr", current_password=f"Essai-{attempt}-2026!")
    response = edit(email="voleur@exemple.fr")  # the right password, too late
    assert "Trop d&#x27;essais du mot de passe actuel" in response.content.decode()
    user.refresh_from_db()
    assert user.pending_email == ""


def test_email_change_confirmations_are_rate_limited_per_account(edit, user, settings):
    settings.FORPREV_ACCOUNT_EMAILS_PER_HOUR = 2
    for n in range(2):
        assert edit(email=f"adresse{n}@exemple.fr").status_code == 302
    response = edit(email="adresse9@exemple.fr")
    assert response.status_code == 200
    assert "Trop de demandes de changement d&#x27;adresse" in response.content.decode()
    assert len(mail.outbox) == 2
