import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_session_certificates_download_as_one_pdf_and_one_by_one(login_as, closed_session):
    client = login_as("manager")
    response = client.get(reverse("training:certificates_pdf", args=[closed_session.public_id]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    certificate = closed_session.certificates.first()
    single = client.get(
        reverse("training:certificate_pdf", args=[closed_session.public_id, certificate.number])
    )
    assert single.content.startswith(b"%PDF-")
    assert certificate.number in single["Content-Disposition"]
    assert len(single.content) < len(response.content)


@pytest.mark.django_db
def test_no_pdf_for_a_session_without_certificates(login_as, session):
    client = login_as("manager")
    assert (
        client.get(reverse("training:certificates_pdf", args=[session.public_id])).status_code
        == 404
    )


@pytest.mark.django_db
def test_support_revokes_with_a_reason_and_verification_says_so(login_as, closed_session, client):
    certificate = closed_session.certificates.first()
    url = reverse("certificates:certificate_revoke", args=[certificate.number])
    support = login_as("support")
    empty = support.post(url, {"reason": "  "})
    assert empty.status_code == 200
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    support.post(url, {"reason": "Session déclarée par erreur."})
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Session déclarée par erreur."
    again = support.post(url, {"reason": "Encore"})
    assert "déjà révoqué" in again.content.decode()
    client.logout()
    page = client.get(reverse("verification:verify_code", args=[certificate.verification_code]))
    assert "Certificat révoqué" in page.content.decode()


@pytest.mark.django_db
def test_trainees_with_an_address_receive_their_certificate_pdf(
    session, certified_trainer, personas, django_capture_on_commit_callbacks
):
    from datetime import date

    from django.core import mail

    from forprev.people.models import Person
    from forprev.training.closing import session_close
    from forprev.training.enums import Result, SessionStatus
    from forprev.training.models import Enrolment

    for index, email in enumerate(["ines@exemple.fr", "", "hugo@exemple.fr", ""]):
        person = Person.objects.create(
            last_name=f"Moreau{index}", first_name="Inès", birth_date=date(1994, 5, 12), email=email
        )
        Enrolment.objects.create(
            session=session,
            person=person,
            result=Result.PASSED if index < 3 else Result.FAILED,
            identity_confirmed=True,
        )
    session.status = SessionStatus.VALIDATED
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        session_close(session=session, by=personas["manager"])
    assert sorted(m.to[0] for m in mail.outbox) == ["hugo@exemple.fr", "ines@exemple.fr"]
    attachment = mail.outbox[0].attachments[0]
    assert attachment.mimetype == "application/pdf" and attachment.content.startswith(b"%PDF-")
    assert "/verifier/" in mail.outbox[0].body
