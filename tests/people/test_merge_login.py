"""After a merge, the removed numéro Forprev (and the e-mail of the deactivated account) log into
the kept account, and a search by the old number finds the kept person; undo ends the alias."""

from datetime import date

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from forprev.accounts.backends import axes_username
from forprev.accounts.models import User
from forprev.people.merging import merge_undo, person_for_forprev_id, persons_merge
from forprev.people.models import Person
from tests.factories import PASSWORD
from tests.www.duplicates_views.world import person

pytestmark = pytest.mark.django_db

OLD_PASSWORD = "Ancien-Mot-de-passe-1!"


def post_login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def logged_in_as(client):
    return client.get(reverse("accounts:my_info")).context["account"]


@pytest.fixture
def twins(personas):
    kept = person("Durand", "Léa", account=True)
    removed = person("Durant", "Lea", account=True)
    removed.user.password = make_password(OLD_PASSWORD)
    removed.user.save()
    return kept, removed


@pytest.mark.parametrize("login", ["numero", "numero_lower", "email"])
def test_the_removed_account_logins_lead_to_the_kept_account(client, personas, twins, login):
    kept, removed = twins
    persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Deux comptes")
    username = {
        "numero": removed.forprev_id,
        "numero_lower": removed.forprev_id.lower(),
        "email": removed.user.email.upper(),
    }[login]
    assert post_login(client, username).status_code == 302  # the kept account's password
    assert logged_in_as(client) == kept.user
    client.logout()
    # The old password does not open anything any more.
    assert post_login(client, username, OLD_PASSWORD).status_code == 200


def test_failed_logins_by_alias_count_for_the_kept_account(personas, twins):
    kept, removed = twins
    persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Deux comptes")
    assert axes_username(None, {"username": removed.forprev_id}) == kept.user.forprev_id
    assert axes_username(None, {"username": removed.user.email}) == kept.user.forprev_id


def test_undo_gives_the_removed_account_its_logins_back(client, personas, twins):
    kept, removed = twins
    merge = persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Erreur")
    merge_undo(merge=merge, by=personas["support"])
    assert User.objects.with_login(removed.forprev_id).get() == removed.user
    assert post_login(client, removed.forprev_id, OLD_PASSWORD).status_code == 302
    assert logged_in_as(client) == removed.user
    assert Person.objects.by_forprev_id(removed.forprev_id).get() == removed


def test_an_account_of_the_removed_person_alone_goes_to_the_kept_person(client, personas):
    kept = person("Durand", "Léa")
    removed = person("Durant", "Lea", account=True)
    persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Doublon")
    kept.refresh_from_db()
    assert kept.user == removed.user and kept.user.is_active
    assert post_login(client, removed.forprev_id).status_code == 302
    assert logged_in_as(client) == kept.user


def test_the_number_of_a_trainee_without_account_logs_into_the_kept_account(client, personas):
    kept = person("Durand", "Léa", account=True)
    removed = person("Durant", "Lea", born=date(1985, 6, 14))
    persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Doublon")
    assert post_login(client, removed.forprev_id).status_code == 302
    assert logged_in_as(client) == kept.user


def test_unknown_and_deactivated_logins_stay_refused(client, personas):
    someone = person("Durand", "Léa", account=True)
    someone.user.is_active = False
    someone.user.save()
    assert post_login(client, someone.forprev_id).status_code == 200
    assert post_login(client, "ZZZ99999").status_code == 200
    assert not User.objects.with_login("inconnu@exemple.fr").exists()


def test_search_by_the_old_number_finds_the_kept_person(personas, twins):
    kept, removed = twins
    persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Deux comptes")
    assert person_for_forprev_id(f" {removed.forprev_id.lower()} ") == kept
    assert person_for_forprev_id(kept.forprev_id) == kept
    assert person_for_forprev_id("ZZZ99999") is None


def test_a_trainer_invited_by_the_old_number_is_the_kept_account(personas, twins, entity):
    from forprev.trainers.services import team_invitation_accept, team_invite_trainer

    kept, removed = twins
    persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Deux comptes")
    invitation = team_invite_trainer(
        entity=entity, by=personas["manager"], identifier=removed.forprev_id
    )
    assert invitation.invitee == kept.user
    membership = team_invitation_accept(invitation=invitation, user=kept.user)
    assert membership.trainer == kept.user


def test_the_verification_page_shows_the_kept_holder_at_once(client, closed_session, personas):
    from forprev.certificates.models import Certificate

    certificate = Certificate.objects.filter(session=closed_session).first()
    removed = certificate.person
    kept = person("Lefort-Martin", "Jules", born=removed.birth_date)
    url = reverse("verification:verify_code", args=[certificate.verification_code])
    assert "LEFORT-MARTIN" not in client.get(url).content.decode()  # now cached
    merge = persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Doublon")
    assert "LEFORT-MARTIN" in client.get(url).content.decode()
    merge_undo(merge=merge, by=personas["support"])
    assert "LEFORT-MARTIN" not in client.get(url).content.decode()
