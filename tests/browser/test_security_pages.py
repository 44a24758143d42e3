"""The pages the security work added, reached as people reach them (links from e-mails, forms),
each passing axe-core: accepting an invitation, enrolling a staff member's authenticator, the
public application's confirmation, and the verification by number with its second factor."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from forprev.certificates.models import Certificate
from forprev.entities.enums import InvitationKind, MembershipRole
from forprev.entities.invitations import invitation_create
from forprev.entities.models import Entity
from tests.factories import PASSWORD, UserFactory

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+")


def _last_link(fragment: str) -> str:
    """The path of the last link containing ``fragment`` in the e-mails sent."""
    for message in reversed(mail.outbox):
        for link in LINK.findall(message.body):
            if fragment in link:
                return urlsplit(link).path
    raise AssertionError(f"no e-mail with a link to {fragment}")


def test_an_invitation_is_read_and_accepted_from_its_link(page: Page, demo_users):
    manager = demo_users["manager"]
    entity = Entity.objects.filter(
        memberships__user=manager, memberships__role=MembershipRole.MANAGER
    ).first()
    invitation_create(
        entity=entity,
        by=manager,
        kind=InvitationKind.TRAINER,
        identifier="nouvelle.formatrice@exemple.fr",
    )
    page.goto(_last_link("/entites/invitations/"))
    expect(page.locator("h1")).to_contain_text("nvitation")
    assert_accessible(page)  # an invitee without account: the form to create it

    log_in(page, demo_users["trainer"])
    page.goto("/entites/invitations/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)  # « Mes invitations », with the demo's pending one


def test_a_staff_member_enrols_an_authenticator_only_through_the_emailed_link(
    page: Page, demo_users
):
    UserFactory(email="instructrice.nouvelle@exemple.fr", instructor=True)
    page.goto("/connexion/")
    page.get_by_label("Numéro Forprev ou adresse électronique").fill(
        "instructrice.nouvelle@exemple.fr"
    )
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/connexion/double-authentification/")
    assert page.locator("svg").count() == 0  # no QR code with the password alone
    assert_accessible(page)
    page.get_by_role("button", name="Recevoir le lien d'activation par courriel").click()
    expect(page.locator(".fr-alert, .fr-notice").first).to_be_visible()
    page.goto(_last_link("/connexion/double-authentification/"))
    assert_accessible(page)  # the link's page: a button, nothing used up by opening it
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator("svg").first).to_be_visible()  # the QR code, for this session only
    assert_accessible(page)


def test_the_application_pages_after_the_form(page: Page, demo_users):
    page.goto("/demander-une-habilitation/courriel-envoye/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    response = page.goto("/demander-une-habilitation/confirmer/lien-abime/")
    assert response is not None and response.status in {404, 410}
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)  # a damaged link: what happened and how to start again


def test_verification_by_number_needs_the_holders_name(page: Page, demo_users):
    certificate = Certificate.objects.select_related("person").order_by("pk").first()
    assert certificate is not None, "the demo issues certificates"
    page.goto("/verifier/")
    page.get_by_label("Numéro du certificat").fill(certificate.number)
    page.get_by_label("Nom du titulaire").fill("Quelquun-Dautre")
    page.get_by_role("button", name="Vérifier").click()
    holder = re.compile(re.escape(certificate.person.last_name), re.IGNORECASE)
    expect(page.locator("main")).not_to_contain_text(holder)
    assert_accessible(page)
    page.get_by_label("Numéro du certificat").fill(certificate.number)
    page.get_by_label("Nom du titulaire").fill(certificate.person.last_name.lower())
    page.get_by_role("button", name="Vérifier").click()
    expect(page.locator("main")).to_contain_text(holder)
    assert_accessible(page)
