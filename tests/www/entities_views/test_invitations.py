"""Invitation pages: the inviter learns nothing, the link is bound and expires, e-mails are
limited and built on FORPREV_SITE_URL (docs/security/invitations.md)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forprev.accounts.models import User
from forprev.entities.enums import InvitationKind, InvitationState
from forprev.entities.models import Invitation, Membership
from forprev.trainers.models import TeamMembership
from tests.conftest import login
from tests.entities.factories import invite, link_of
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def delegates_url(entity):
    return reverse("entities:delegate_list", args=[entity.public_id])


def open_url(public_id, token):
    return reverse("entities:invitation_open", args=[public_id, token])


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    return _post


def normalised(response, typed):
    """The page without what differs by construction: CSRF tokens, the invitation's own
    UUIDs, and the identifier typed (echoed back by design)."""
    page = response.content.decode()
    page = CSRF_RE.sub("CSRF", page)
    page = UUID_RE.sub("UUID", page)
    return page.replace(typed, "TYPED")


@pytest.mark.parametrize(
    "url_name", ["entities:delegate_list", "trainers:team_list"], ids=["delegate", "trainer"]
)
def test_the_answer_is_identical_whoever_the_identifier_names(
    client, entity, personas, post, url_name
):
    """Unknown e-mail or numéro, a person, a staff account, a member already: the inviter gets
    the same redirect, the same page and the same e-mail count."""
    login(client, personas["manager"])
    kwargs = {"public_id": entity.public_id} if url_name.startswith("entities") else {}
    url = reverse(url_name, kwargs=kwargs)
    data = {"rights": ["exports"]} if url_name.startswith("entities") else {}
    person = UserFactory(first_name="Zéphyrine-Secrète", last_name="Personne-Existante")
    cases = {
        "unknown e-mail": "inconnue@exemple.fr",
        "person's e-mail": person.email,
        "support's e-mail": personas["support"].email,
        "member's e-mail": personas["delegate"].email,
        "unknown numéro": "ZZZ99999",
        "person's numéro": person.forprev_id,
        "member's numéro": personas["delegate_without_right"].forprev_id,
    }
    answers = {}
    for label, typed in cases.items():
        memberships_before = list(Membership.objects.values_list("pk", "user", "rights"))
        sent = len(mail.outbox)
        response = post(url, {"identifier": typed, **data})
        assert response.status_code == 302, label
        page = client.get(response.url)
        assert "Invitation enregistrée" in page.content.decode()
        answers[label] = (response.url, normalised(page, typed))
        if "@" in typed:  # a typed address is always written to, whoever holds it
            assert len(mail.outbox) - sent == 1, label
        assert list(Membership.objects.values_list("pk", "user", "rights")) == memberships_before
        Invitation.objects.all().delete()  # the next case starts from the same list
    first = next(iter(answers.values()))
    for label, answer in answers.items():
        assert answer == first, label
    assert not TeamMembership.objects.exists()
    text = "".join(a[1] for a in answers.values())
    assert "Personne-Existante".upper() not in text.upper() and "Zéphyrine" not in text


def test_the_pending_list_shows_what_was_typed_only(client, entity, personas, post):
    person = UserFactory(first_name="Zéphyrine-Cachée", last_name="Cachée")
    login(client, personas["manager"])
    post(delegates_url(entity), {"identifier": person.forprev_id})
    page = client.get(delegates_url(entity)).content.decode()
    assert person.forprev_id in page and "Invitations en attente" in page
    assert "Cachée".upper() not in page.upper() and person.email not in page


def test_email_links_use_the_site_url_even_with_a_hostile_host(
    client, entity, personas, post, settings
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.USE_X_FORWARDED_HOST = True
    settings.FORPREV_SITE_URL = "https://forprev.example.fr"
    login(client, personas["manager"])
    post(
        delegates_url(entity),
        {"identifier": "x@exemple.fr"},
        HTTP_HOST="evil.example",
        HTTP_X_FORWARDED_HOST="evil.example",
    )
    invitation = Invitation.objects.get()
    post(
        reverse("entities:invitation_resend", args=[entity.public_id, invitation.public_id]),
        HTTP_HOST="evil.example",
    )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        links = re.findall(r"https?://\S+", message.body)
        assert links and all(link.startswith("https://forprev.example.fr/") for link in links)
        assert "evil.example" not in message.body


def test_the_email_carries_no_text_of_the_inviter(client, entity, personas, post):
    manager = personas["manager"]
    manager.first_name, manager.last_name = "Gagnez", "www.arnaque.example"
    manager.save()
    login(client, manager)
    post(
        delegates_url(entity),
        {"identifier": "x@exemple.fr", "first_name": "Payez ici", "last_name": "Vite"},
    )
    body = mail.outbox[-1].subject + mail.outbox[-1].body
    for typed in ("Gagnez", "arnaque", "Payez", "Vite"):
        assert typed not in body


class TestRateLimits:
    def test_per_address_the_next_email_is_refused(self, client, entity, personas, post, settings):
        settings.FORPREV_INVITATION_EMAILS_PER_ADDRESS = 2
        login(client, personas["manager"])
        post(delegates_url(entity), {"identifier": "x@exemple.fr"})
        invitation = Invitation.objects.get()
        resend = reverse(
            "entities:invitation_resend", args=[entity.public_id, invitation.public_id]
        )
        post(resend)
        response = post(resend, follow=True)
        assert "Trop d&#x27;invitations" in response.content.decode()
        assert len(mail.outbox) == 2
        invitation.refresh_from_db()
        assert invitation.sent_count == 2

    def test_per_client_address(self, client, entity, personas, post, settings):
        settings.FORPREV_INVITATION_EMAILS_PER_CLIENT = 3
        login(client, personas["manager"])
        for n in range(4):
            response = post(delegates_url(entity), {"identifier": f"p{n}@exemple.fr"})
        assert response.status_code == 200 and "Trop d" in response.content.decode()
        assert len(mail.outbox) == 3 and Invitation.objects.count() == 3

    def test_per_entity_daily_ceiling(self, client, entity, personas, post, settings):
        settings.FORPREV_INVITATION_EMAILS_PER_ENTITY = 2
        login(client, personas["manager"])
        post(delegates_url(entity), {"identifier": "a@exemple.fr"})
        client.logout()
        login(client, personas["delegate"])  # another person, same entity, other page
        post(reverse("trainers:team_list"), {"identifier": "b@exemple.fr"})
        response = post(reverse("trainers:team_list"), {"identifier": "c@exemple.fr"})
        assert "Trop d" in response.content.decode()
        assert len(mail.outbox) == 2


class TestTheLink:
    def test_a_token_of_invitation_a_does_not_open_invitation_b(self, client, entity, personas):
        invitee = UserFactory()
        a, token_a = invite(entity, personas["manager"], "a@exemple.fr")
        b, _ = invite(entity, personas["manager"], invitee.email)
        client.force_login(invitee)
        assert client.get(open_url(b.public_id, token_a)).status_code == 404
        response = client.post(open_url(b.public_id, token_a), {"action": "accept"})
        assert response.status_code == 404
        assert not invitee.memberships.exists()

    def test_the_invitee_accepts_from_the_link(self, client, entity, personas):
        invitee = UserFactory()
        invitation, token = invite(entity, personas["manager"], invitee.forprev_id)
        anonymous = client.get(open_url(invitation.public_id, token))
        assert "Connectez-vous" in anonymous.content.decode()
        response = client.post(open_url(invitation.public_id, token), {"action": "accept"})
        assert response.status_code == 302 and "/connexion/" in response.url
        client.force_login(invitee)
        page = client.get(open_url(invitation.public_id, token)).content.decode()
        assert entity.name in page and "Accepter" in page
        client.post(open_url(invitation.public_id, token), {"action": "accept"})
        assert invitee.memberships.get().entity == entity

    def test_another_logged_in_user_cannot_accept(self, client, entity, personas):
        invitee = UserFactory()
        invitation, token = invite(entity, personas["manager"], invitee.email)
        for intruder in (UserFactory(), personas["manager_elsewhere"], personas["support"]):
            client.logout()
            login(client, intruder)
            assert client.get(open_url(invitation.public_id, token)).status_code == 200
            answer = client.post(open_url(invitation.public_id, token), {"action": "accept"})
            assert answer.status_code == 403
            accept = reverse("entities:invitation_accept", args=[invitation.public_id])
            assert client.post(accept).status_code == 404
            assert not Membership.objects.filter(user=intruder, entity=entity).exists()
        assert not invitee.memberships.exists()

    @pytest.mark.parametrize("state", ["withdrawn", "declined", "expired", "accepted"])
    def test_a_closed_invitation_link_is_refused(self, client, entity, personas, state):
        invitee = UserFactory()
        invitation, token = invite(entity, personas["manager"], invitee.email)
        if state == "expired":
            Invitation.objects.filter(pk=invitation.pk).update(
                expires_at=timezone.now() - timedelta(minutes=1)
            )
        else:
            Invitation.objects.filter(pk=invitation.pk).update(
                state=state, answered_at=timezone.now()
            )
        client.force_login(invitee)
        page = client.get(open_url(invitation.public_id, token)).content.decode()
        assert "Accepter" not in page
        if state == "expired":  # whom to ask
            assert "a expiré" in page and f"gestionnaire de {entity.name}" in page
        response = client.post(open_url(invitation.public_id, token), {"action": "accept"})
        assert response.status_code == 403
        accept = reverse("entities:invitation_accept", args=[invitation.public_id])
        client.post(accept)
        assert not invitee.memberships.exists()

    def test_resend_kills_the_old_link(self, client, entity, personas, post):
        invitation, old = invite(entity, personas["manager"], "x@exemple.fr")
        login(client, personas["manager"])
        post(reverse("entities:invitation_resend", args=[entity.public_id, invitation.public_id]))
        _, new = link_of(mail.outbox[-1])
        client.logout()
        assert client.get(open_url(invitation.public_id, old)).status_code == 404
        assert client.get(open_url(invitation.public_id, new)).status_code == 200

    def test_a_person_without_account_creates_it_and_joins(self, client, entity, personas):
        invitation, token = invite(
            entity, personas["manager"], "nouvelle@exemple.fr", kind=InvitationKind.TRAINER
        )
        url = open_url(invitation.public_id, token)
        assert "Créer mon compte" in client.get(url).content.decode()
        weak = client.post(
            url,
            {
                "action": "create",
                "last_name": "Nguyen",
                "first_name": "Linh",
                "password1": "court",
                "password2": "court",
            },
        )
        assert weak.status_code == 200 and not User.objects.filter(email="nouvelle@exemple.fr")
        response = client.post(
            url,
            {
                "action": "create",
                "last_name": "Nguyen",
                "first_name": "Linh",
                "password1": "Un-Mot-de-passe-2026!",
                "password2": "Un-Mot-de-passe-2026!",
            },
        )
        assert response.status_code == 302
        user = User.objects.get(email="nouvelle@exemple.fr")
        assert TeamMembership.objects.active().get(trainer=user).entity == entity
        home = client.get(reverse("dashboard:home"))
        assert user.forprev_id in home.content.decode()  # told their login identifier
        # The link cannot open a second account.
        client.logout()
        again = client.post(url, {"action": "create", "last_name": "X", "first_name": "Y"})
        assert again.status_code == 403

    def test_a_logged_in_user_cannot_use_the_account_creation(self, client, entity, personas):
        invitation, token = invite(entity, personas["manager"], "nouvelle@exemple.fr")
        client.force_login(UserFactory())
        response = client.post(
            open_url(invitation.public_id, token),
            {
                "action": "create",
                "last_name": "N",
                "first_name": "L",
                "password1": "Un-Mot-de-passe-2026!",
                "password2": "Un-Mot-de-passe-2026!",
            },
        )
        assert response.status_code == 403
        assert not User.objects.filter(email="nouvelle@exemple.fr").exists()

    def test_a_staff_account_sees_it_cannot_join(self, client, entity, personas):
        invitation, token = invite(entity, personas["manager"], personas["support"].email)
        login(client, personas["support"])
        page = client.get(open_url(invitation.public_id, token)).content.decode()
        assert "ne peut pas rejoindre une entité" in page
        assert (
            client.post(open_url(invitation.public_id, token), {"action": "accept"}).status_code
            == 403
        )
        assert not Membership.objects.filter(user=personas["support"]).exists()


class TestMyInvitations:
    def test_listed_on_the_dashboard_and_accepted(self, client, entity, personas):
        invitee = UserFactory()
        invitation, _ = invite(entity, personas["manager"], invitee.email, rights=["exports"])
        client.force_login(invitee)
        home = client.get(reverse("dashboard:home")).content.decode()
        assert entity.name in home and reverse("entities:invitation_list") in home
        page = client.get(reverse("entities:invitation_list")).content.decode()
        assert "Réaliser des exports" in page
        client.post(reverse("entities:invitation_accept", args=[invitation.public_id]))
        assert invitee.memberships.get().rights == ["exports"]
        after = client.get(reverse("entities:invitation_list")).content.decode()
        assert "Accepter l&#x27;invitation" not in after and "Aucune invitation" in after

    def test_declined_leaves_the_invitee_untouched(self, client, entity, personas):
        invitee = UserFactory()
        invitation, _ = invite(entity, personas["manager"], invitee.email)
        client.force_login(invitee)
        client.post(reverse("entities:invitation_decline", args=[invitation.public_id]))
        invitation.refresh_from_db()
        assert invitation.state == InvitationState.DECLINED and not invitee.memberships.exists()
        client.post(reverse("entities:invitation_accept", args=[invitation.public_id]))
        assert not invitee.memberships.exists()

    def test_someone_elses_invitation_is_not_found(self, client, entity, personas):
        invitation, _ = invite(entity, personas["manager"], UserFactory().email)
        client.force_login(UserFactory())
        assert entity.name not in client.get(reverse("entities:invitation_list")).content.decode()
        for name in ("entities:invitation_accept", "entities:invitation_decline"):
            assert client.post(reverse(name, args=[invitation.public_id])).status_code == 404
        invitation.refresh_from_db()
        assert invitation.state == InvitationState.PENDING

    def test_a_manager_of_another_entity_cannot_withdraw_or_resend(self, client, entity, personas):
        invitation, _ = invite(entity, personas["manager"], "x@exemple.fr")
        other = MembershipFactory().user
        client.force_login(other)
        for name in ("entities:invitation_withdraw", "entities:invitation_resend"):
            url = reverse(name, args=[entity.public_id, invitation.public_id])
            assert client.post(url).status_code == 404
        invitation.refresh_from_db()
        assert invitation.state == InvitationState.PENDING and invitation.sent_count == 1

    def test_withdraw_from_the_pending_list(self, client, entity, personas, post):
        invitation, token = invite(entity, personas["manager"], "x@exemple.fr")
        login(client, personas["manager"])
        post(reverse("entities:invitation_withdraw", args=[entity.public_id, invitation.public_id]))
        invitation.refresh_from_db()
        assert invitation.state == InvitationState.WITHDRAWN
        client.logout()
        assert "retirée" in client.get(open_url(invitation.public_id, token)).content.decode()
