"""Certificates taken over from Forprev 1 keep their numbers (``SST22-0048213``, up to 20
characters, where new ones have 11) and their codes: they are found, downloaded and revoked like
the others."""

import pytest
from django.urls import reverse

from forprev.certificates import page_cache
from forprev.certificates.models import Certificate

MIGRATED_NUMBER = "SST22-0048213"
LONGEST_NUMBER = "AMIANTE22-0001234567"  # 20 characters, the field's length
MIGRATED_CODE = "q3Xv9TzL0p2WbN8a"  # Forprev 1's codes are 16 characters


def migrated(certificate, number=MIGRATED_NUMBER, code=MIGRATED_CODE):
    """The certificate as the switch-over writes it: Forprev 1's number and code kept."""
    Certificate.objects.filter(pk=certificate.pk).update(number=number, verification_code=code)
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def certificate(closed_session):
    return migrated(closed_session.certificates.select_related("person").first())


def test_the_number_field_holds_forprev_1_numbers():
    assert Certificate._meta.get_field("number").max_length >= len(LONGEST_NUMBER)
    assert page_cache.CODE_RE.match(MIGRATED_CODE)


@pytest.mark.django_db
def test_the_session_page_lists_it_with_its_pdf_link(login_as, closed_session, certificate):
    page = login_as("manager").get(
        reverse("training:session_detail", args=[closed_session.public_id])
    )
    content = page.content.decode()
    assert page.status_code == 200 and MIGRATED_NUMBER in content
    assert reverse(
        "training:certificate_pdf", args=[closed_session.public_id, MIGRATED_NUMBER]
    ) in (content)


@pytest.mark.django_db
@pytest.mark.parametrize("number", [MIGRATED_NUMBER, LONGEST_NUMBER])
def test_its_pdf_downloads(login_as, closed_session, number):
    certificate = migrated(closed_session.certificates.first(), number=number)
    response = login_as("manager").get(
        reverse("training:certificate_pdf", args=[closed_session.public_id, certificate.number])
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert f"certificat-{number}.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_number_longer_than_any_is_not_cut_to_another(login_as, closed_session):
    """Cutting the typed number (the pages once cut it at 11 characters) would answer for
    another certificate: a longer number is simply unknown."""
    certificate = migrated(closed_session.certificates.first(), number=LONGEST_NUMBER)
    too_long = certificate.number + "X"
    manager, support = login_as("manager"), login_as("support")
    pdf = reverse("training:certificate_pdf", args=[closed_session.public_id, too_long])
    assert manager.get(pdf).status_code == 404
    revoke = reverse("certificates:certificate_revoke", args=[too_long])
    assert support.get(revoke).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("number", [MIGRATED_NUMBER, LONGEST_NUMBER])
def test_support_revokes_it_and_both_verifications_say_so(login_as, client, closed_session, number):
    certificate = migrated(closed_session.certificates.select_related("person").first(), number)
    support = login_as("support")
    url = reverse("certificates:certificate_revoke", args=[number])
    assert url.endswith(f"/{number}/revoquer/")
    assert support.get(url).status_code == 200
    assert client.get(f"/verifier/{MIGRATED_CODE}/").status_code == 200  # page cached, valid
    response = support.post(url, {"reason": "Reprise erronée."})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_reason == "Reprise erronée."
    client.logout()
    by_code = client.get(f"/verifier/{MIGRATED_CODE}/").content.decode()
    assert "Certificat révoqué" in by_code and "Reprise erronée." in by_code
    by_number = client.post(
        "/verifier/", {"number": number.lower(), "last_name": certificate.person.last_name}
    ).content.decode()
    assert "Certificat révoqué" in by_number and number in by_number


@pytest.mark.django_db
def test_its_qr_code_and_its_number_verify(client, certificate):
    by_code = client.get(f"/verifier/{MIGRATED_CODE}/")
    assert by_code.status_code == 200 and MIGRATED_NUMBER in by_code.content.decode()
    by_number = client.post(
        "/verifier/", {"number": "sst22-0048213", "birth_date": certificate.person.birth_date}
    )
    assert by_number.status_code == 200
    assert certificate.person.first_name in by_number.content.decode()
