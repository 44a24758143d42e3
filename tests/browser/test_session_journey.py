"""The whole life of a session in a real browser: the manager declares it, imports 10 trainees
from an XLSX file, submits it; the trainer validates; the manager closes it and downloads the
certificates; the QR code's page says the certificate is valid; support then corrects the place
and the certificates are regenerated. axe-core runs on every page of the way."""

import io
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from forprev.certificates.models import Certificate
from forprev.certificates.pdf import certificates_html, verification_url
from forprev.referentials.models import ProgrammeLevel
from forprev.training.enums import SessionStatus
from forprev.training.models import TrainingSession

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

TRAINEES = [
    ("Arnaud", "Chloé"), ("Besson", "Karim"), ("Carpentier", "Élodie"), ("Duval", "Mathis"),
    ("Étienne", "Sarah"), ("Fournier", "Noah"), ("Gauthier", "Léna"), ("Hamel", "Rayan"),
    ("Imbert", "Jade"), ("Joly", "Timéo"),
]  # fmt: skip


def _xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Prénom", "Date de naissance", "E-mail"])
    for index, (last, first) in enumerate(TRAINEES):
        sheet.append([last, first, date(1980 + index, 1 + index, 10 + index), ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _choose_entity(page: Page, name: str) -> None:
    page.goto("/espace/entite/")
    page.locator(".fr-radio-group", has_text=name).locator("label").click()
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/espace/")


def test_session_from_declaration_to_regenerated_certificates(page: Page, demo_users):
    trainer = demo_users["trainer"]
    yesterday = timezone.localdate() - timedelta(days=1)

    # The manager declares a finished session and imports its trainees.
    log_in(page, demo_users["manager"])
    _choose_entity(page, "FORMASUD PREVENTION")
    page.goto("/sessions/nouvelle/")
    assert_accessible(page)
    page.get_by_label("Premier jour").fill((yesterday - timedelta(days=1)).isoformat())
    page.get_by_label("Dernier jour").fill(yesterday.isoformat())
    sst = ProgrammeLevel.objects.get(programme__code="SST", level=1)
    page.get_by_label("Dispositif et niveau").select_option(value=str(sst.pk))
    page.get_by_label("Type").select_option(value="initial")
    page.get_by_label("Adresse du lieu").fill("8 rue de la République")
    page.get_by_label("Commune du lieu").fill("Marseille")
    page.get_by_label("Nombre de places").fill("10")
    # Picked from the équipe pédagogique (the numéro could be typed as well).
    page.locator("label", has_text=trainer.full_name).click()
    page.get_by_role("button", name="Déclarer la session").click()
    expect(page.get_by_text("La session est déclarée")).to_be_visible()
    session = TrainingSession.objects.get(place_address="8 rue de la République")
    session_path = f"/sessions/{session.public_id}/"

    page.get_by_role("link", name="Importer des stagiaires (CSV ou XLSX)").click()
    page.locator("input[name=file]").set_input_files(
        {
            "name": "stagiaires.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": _xlsx(),
        }
    )
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.get_by_text("Carpentier")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer l'inscription de ces stagiaires").click()
    expect(page.get_by_text("10 stagiaires inscrits")).to_be_visible()
    page.get_by_role("button", name="Soumettre au formateur").click()
    expect(page.get_by_text("soumise au formateur pour validation")).to_be_visible()

    # The trainer confirms identities and results.
    page.context.clear_cookies()
    log_in(page, trainer)
    page.goto(session_path)
    page.get_by_role("link", name="Valider la session (résultats)").click()
    assert_accessible(page)
    # The shortcuts fill every row (no script: each is a submit button), then validate.
    page.get_by_role("button", name="Identité vérifiée pour tous").click()
    page.get_by_role("button", name="Tous reçus").click()
    for fieldset in page.locator("fieldset").all():
        expect(fieldset.get_by_label("Identité vérifiée")).to_be_checked()
        expect(fieldset.get_by_label("Certifié", exact=True)).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Valider les résultats").click()
    expect(page.get_by_text("Session validée")).to_be_visible()

    # The manager closes it and downloads the certificates of the whole session.
    page.context.clear_cookies()
    log_in(page, demo_users["manager"])
    _choose_entity(page, "FORMASUD PREVENTION")
    page.goto(session_path)
    page.get_by_role("link", name="Clôturer la session").click()
    expect(page.get_by_text("10 certificats seront délivrés")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Je confirme la clôture").click()
    page.get_by_role("button", name="Clôturer définitivement").click()
    expect(page.get_by_text("La session est clôturée.")).to_be_visible()
    assert_accessible(page)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert Certificate.objects.filter(session=session).count() == 10
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Télécharger tous les certificats de la session (PDF)"
        ).click()
    pdf_path = download_info.value.path()
    with open(pdf_path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The QR code's address: the public page says the certificate is valid, without login.
    certificate = Certificate.objects.filter(session=session).order_by("number").first()
    page.context.clear_cookies()
    page.goto(urlsplit(verification_url(certificate)).path)
    expect(page.get_by_text("Certificat valide")).to_be_visible()
    expect(page.get_by_text(certificate.person.last_name.upper()).first).to_be_visible()
    assert_accessible(page)

    # Support corrects the place of the closed session: the certificates are regenerated.
    log_in(page, demo_users["support"])
    page.goto(session_path)
    page.get_by_role("link", name="Modifier la session clôturée").click()
    assert_accessible(page)
    page.get_by_label("Commune du lieu").fill("Aix-en-Provence")
    page.get_by_label("Motif de la modification").fill("Commune mal saisie par l'entité.")
    page.get_by_role("button", name="Enregistrer la modification").click()
    expect(page.get_by_text("ses certificats sont régénérés")).to_be_visible()
    expect(page.get_by_text("Certificats régénérés le")).to_be_visible()
    expect(page.get_by_text("Commune mal saisie par l'entité.")).to_be_visible()
    assert_accessible(page)
    certificates = list(
        Certificate.objects.filter(session=session).select_related(
            "person", "session", "entity", "programme_level__programme"
        )
    )
    assert all(c.revised_at is not None for c in certificates)
    assert "Aix-en-Provence" in certificates_html(certificates)
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Télécharger tous les certificats de la session (PDF)"
        ).click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
