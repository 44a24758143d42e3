"""The whole habilitation journey in a real browser: apply as a new entity → confirm the e-mail
address by its link (provisional entity) → transmit → the caisse asks for complements → the
manager completes → favourable opinion → national decision (the entity recognised) → active
habilitation → decision letter (PDF) → listed in /annuaire/."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from forprev.accounts.models import User
from forprev.core.demo import DEMO_PASSWORD
from forprev.entities.enums import EntityStatus
from forprev.entities.identifiers import make_siret
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.models import TeamMembership
from tests.accreditations.dossiers import certified_trainer

from .conftest import assert_accessible, log_in

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.browser

ENTITY_NAME = "BOULANGERIE DES CALANQUES"


def forget_last_totp(user: User) -> None:
    """A TOTP code is accepted once per 30-second step; the test logs the same staff member in
    twice within a step, as no human would: let the device accept the current code again."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).update(last_t=-1)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_url(lambda url: "/espace/" not in url)


def fill_application(page: Page) -> None:
    page.goto("/demander-une-habilitation/")
    page.locator("input[name=kind][value=company]").check(force=True)
    values = {
        "name": ENTITY_NAME,
        "siret": make_siret(55512345, 7),
        "address_line": "3 quai de Rive-Neuve",
        "postcode": "13007",
        "city": "Marseille",
        "head_name": "M. Karim Haddad",
        "phone": "04 91 33 33 33",
        "contact_email": "contact@calanques.fr",
        "last_name": "Haddad",
        "first_name": "Karim",
        "email": "karim.haddad@calanques.fr",
        "password1": DEMO_PASSWORD,
        "password2": DEMO_PASSWORD,
    }
    for name, value in values.items():
        page.locator(f"[name={name}]").fill(value)
    page.locator("select[name=department]").select_option("13")
    page.locator("input[name=consent]").check(force=True)
    assert_accessible(page)


def open_application(page: Page) -> None:
    page.goto("/habilitations/demandes/")
    page.get_by_role("link", name=ENTITY_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ENTITY_NAME)


def confirm_address(page: Page) -> None:
    """Follow the link of the confirmation e-mail (its path: the mail names FORPREV_SITE_URL,
    not the live server) and create the account."""
    (message,) = [m for m in mail.outbox if m.to == ["karim.haddad@calanques.fr"]]
    path = re.search(r"https?://[^/\s]+(/demander-une-habilitation/confirmer/\S+/)", message.body)
    page.goto(path.group(1))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirmer votre adresse")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer mon adresse et créer le compte").click()


def test_apply_review_decide_and_publish(page: Page, demo_users, live_server):
    mail.outbox = []
    fill_application(page)
    page.get_by_role("button", name="Créer le compte de l'entité").click()
    page.wait_for_url(lambda url: url.endswith("/courriel-envoye/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vérifiez votre messagerie")
    assert_accessible(page)
    assert not User.objects.filter(email="karim.haddad@calanques.fr").exists()
    confirm_address(page)
    page.wait_for_url(lambda url: url.endswith("/espace/"))
    manager = User.objects.get(email="karim.haddad@calanques.fr")
    entity = manager.memberships.get().entity
    assert entity.status == EntityStatus.PROVISIONAL

    page.goto("/habilitations/demandes/nouvelle/")
    page.locator("select[name=kind]").select_option("initial")
    page.get_by_label("SST — Acteur SST").check(force=True)
    assert_accessible(page)
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.locator(".fr-badge")).to_contain_text("Brouillon")
    assert_accessible(page)
    for kind in ["commitment", "pedagogical_programme", "kbis", "trainer_certificates"]:
        page.locator("select[name='document-kind']").select_option(kind)
        page.locator("input[name='document-file']").set_input_files(
            {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
        )
        page.get_by_role("button", name="Ajouter le document").click()
        expect(page.get_by_role("link", name=f"{kind}.pdf", exact=True)).to_be_visible()
    # A piece uploaded by mistake is removed from the draft, after a confirmation page.
    page.locator("select[name='document-kind']").select_option("other")
    page.locator("input[name='document-file']").set_input_files(
        {"name": "erreur.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Ajouter le document").click()
    page.get_by_role("link", name="Retirer erreur.pdf").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Retirer une pièce du dossier")
    assert_accessible(page)
    page.get_by_role("button", name="Retirer la pièce").click()
    expect(page.get_by_text("La pièce « erreur.pdf » est retirée du dossier.")).to_be_visible()
    expect(page.get_by_role("link", name="erreur.pdf", exact=True)).to_have_count(0)
    # The dossier needs a trainer of the team holding a valid « Formateur SST » certificate.
    expect(page.get_by_text("Dossier incomplet")).to_be_visible()
    trainer = certified_trainer(
        ProgrammeLevel.objects.get(programme__code="SST", level=1), last_name="Quennevillard"
    )
    TeamMembership.objects.create(entity=entity, trainer=trainer, added_by=manager)
    page.get_by_label("Numéro Forprev du formateur").fill(trainer.forprev_id)
    page.get_by_role("button", name="Proposer ce formateur").click()
    expect(page.get_by_text("Dossier complet")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Transmettre la demande").click()
    expect(page.locator(".fr-badge")).to_contain_text("Transmise")
    log_out(page)

    log_in(page, demo_users["instructor"])
    open_application(page)
    page.get_by_role("button", name="Prendre en charge l'instruction").click()
    page.get_by_label("Compléments attendus").fill("Merci de joindre l'engagement signé.")
    page.get_by_role("button", name="Demander des compléments").click()
    expect(page.locator(".fr-badge")).to_contain_text("Compléments demandés")
    assert_accessible(page)
    log_out(page)

    log_in(page, manager)
    open_application(page)
    page.get_by_role("button", name="Signaler à la caisse").click()
    expect(page.locator(".fr-badge")).to_contain_text("Complétée")
    log_out(page)

    forget_last_totp(demo_users["instructor"])
    log_in(page, demo_users["instructor"])
    open_application(page)
    page.locator("input[name='opinion-opinion'][value=favourable]").check(force=True)
    page.get_by_role("button", name="Rendre l'avis").click()
    expect(page.locator(".fr-badge")).to_contain_text("Avis de la caisse rendu")
    log_out(page)

    log_in(page, demo_users["national"])
    open_application(page)
    page.locator("input[name='decision-decision'][value=granted]").check(force=True)
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator(".fr-badge")).to_contain_text("Habilitation accordée")
    assert_accessible(page)
    log_out(page)

    log_in(page, manager)
    open_application(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le courrier de décision (PDF)").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    log_out(page)

    entity.refresh_from_db()
    assert entity.status == EntityStatus.RECOGNISED  # the grant recognised it
    page.goto("/annuaire/?nom=calanques")
    expect(page.get_by_role("link", name=ENTITY_NAME)).to_be_visible()
    assert_accessible(page)
