"""A revoked certificate is never shown as valid, an expired one says since when: the session
page, the person page, the trainer space, the PDF, the e-mail and the public verification all
say the state the one rule gives (``certificate_state_on``)."""

from datetime import date, timedelta

import pytest
import weasyprint
from django.urls import reverse
from django.utils import timezone

from forprev.certificates.models import Certificate
from forprev.certificates.services import certificate_revoke
from forprev.certificates.tasks import send_certificate_email
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.enums import CertificateSource
from forprev.trainers.models import TrainerCertificate
from tests.conftest import login

pytestmark = pytest.mark.django_db

REASON = "Stagiaire absent le second jour (Zéphyrin Qwertz)."


@pytest.fixture
def revoked(closed_session, personas):
    certificate = closed_session.certificates.order_by("person__last_name").first()
    return certificate_revoke(certificate=certificate, by=personas["support"], reason=REASON)


@pytest.fixture
def expired(closed_session):
    """Another certificate of the session, expired since 1 March 2024."""
    certificate = closed_session.certificates.order_by("person__last_name")[1]
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=date(2022, 3, 1), valid_until=date(2024, 2, 29)
    )
    certificate.refresh_from_db()
    return certificate


def _line_of(page: str, certificate) -> str:
    """The session page's line of ``certificate`` (its <li>)."""
    start = page.rindex("<li>", 0, page.index(certificate.number))
    return page[start : page.index("</li>", start)]


def test_session_page_says_revoked_and_expired_never_valid_until(
    login_as, closed_session, revoked, expired
):
    page = login_as("manager").get(
        reverse("training:session_detail", args=[closed_session.public_id])
    )
    html = page.content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    revoked_line = _line_of(html, revoked)
    assert f"Révoqué le {today}" in revoked_line and "fr-badge--error" in revoked_line
    assert "Zéphyrin Qwertz" in revoked_line
    assert "valable jusqu" not in revoked_line.lower()
    expired_line = _line_of(html, expired)
    assert "Expiré depuis le 01/03/2024" in expired_line
    assert "valable jusqu" not in expired_line.lower()
    valid = closed_session.certificates.exclude(pk__in=[revoked.pk, expired.pk]).first()
    valid_line = _line_of(html, valid)
    assert f"Valable jusqu'au {valid.valid_until:%d/%m/%Y}" in valid_line


def test_person_page_says_revoked_with_its_day_and_expired_since(
    login_as, closed_session, revoked, expired
):
    client = login_as("support")
    html = client.get(reverse("people:person_detail", args=[revoked.person.public_id]))
    html = html.content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Révoqué le {today}" in html and "Zéphyrin Qwertz" in html
    other = client.get(reverse("people:person_detail", args=[expired.person.public_id]))
    assert "Expiré depuis le 01/03/2024" in other.content.decode()


def test_trainer_space_says_revoked_and_expired(client, trainer):
    level = ProgrammeLevel.objects.get(programme__code="SST", level=2)
    today = timezone.localdate()
    TrainerCertificate.objects.create(
        holder=trainer,
        programme_level=level,
        issued_on=today - timedelta(days=100),
        valid_until=today + timedelta(days=900),
        source=CertificateSource.RECORDED,
        revoked_at=timezone.now(),
        revoked_reason="Certificat enregistré sur la mauvaise personne.",
    )
    TrainerCertificate.objects.create(
        holder=trainer,
        programme_level=level,
        issued_on=date(2020, 1, 10),
        valid_until=date(2023, 1, 9),
        source=CertificateSource.RECORDED,
    )
    html = login(client, trainer).get(reverse("trainers:my_space")).content.decode()
    assert f"Révoqué le {today:%d/%m/%Y}" in html
    assert "mauvaise personne" in html
    assert "Expiré depuis le 10/01/2023" in html
    assert ">Valide<" not in html


@pytest.fixture
def printed(monkeypatch):
    """The HTML each PDF is made from (WeasyPrint's input), the PDF itself a stub."""
    pages = []

    class FakeHTML:
        def __init__(self, *, string):
            pages.append(string)

        def write_pdf(self):
            return b"%PDF-1.7 stub"

    monkeypatch.setattr(weasyprint, "HTML", FakeHTML)
    return pages


def test_pdf_of_a_revoked_certificate_carries_the_revoked_mark(
    login_as, closed_session, revoked, printed
):
    client = login_as("manager")
    response = client.get(
        reverse("training:certificate_pdf", args=[closed_session.public_id, revoked.number])
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    html = printed[-1]
    assert 'class="revoked-mark"' in html and "RÉVOQUÉ" in html
    assert f"révoqué le {timezone.localdate():%d/%m/%Y}" in html
    assert "Zéphyrin Qwertz" in html
    assert "Valable jusqu" not in html


def test_session_pdf_marks_only_the_revoked_page(login_as, closed_session, revoked, printed):
    login_as("manager").get(reverse("training:certificates_pdf", args=[closed_session.public_id]))
    html = printed[-1]
    assert html.count('<section class="page') == 4
    assert html.count('class="revoked-mark"') == 1
    assert html.count("Valable jusqu") == 3


def test_pdf_of_an_expired_certificate_says_since_when(login_as, closed_session, expired, printed):
    login_as("manager").get(
        reverse("training:certificate_pdf", args=[closed_session.public_id, expired.number])
    )
    assert "Expiré depuis le 01/03/2024" in printed[-1]
    assert 'class="revoked-mark"' not in printed[-1]


def test_certificate_email_says_expired_since_not_valid_until(closed_session, expired, mailoutbox):
    expired.person.email = "zephyrin.qwertz@exemple.fr"
    expired.person.save()
    send_certificate_email.enqueue(certificate_id=expired.pk)
    (message,) = mailoutbox
    assert "Expiré depuis le 01/03/2024." in message.body
    assert "Valable jusqu" not in message.body


def test_certificate_email_of_a_valid_certificate_says_valid_until(closed_session, mailoutbox):
    certificate = closed_session.certificates.first()
    certificate.person.email = "zephyrin.qwertz@exemple.fr"
    certificate.person.save()
    send_certificate_email.enqueue(certificate_id=certificate.pk)
    (message,) = mailoutbox
    assert f"Valable jusqu'au {certificate.valid_until:%d/%m/%Y}." in message.body


def test_no_email_for_a_revoked_certificate(revoked, mailoutbox):
    revoked.person.email = "zephyrin.qwertz@exemple.fr"
    revoked.person.save()
    send_certificate_email.enqueue(certificate_id=revoked.pk)
    assert mailoutbox == []


def test_verification_says_revoked_on_which_day_and_why(client, revoked):
    url = reverse("verification:verify_code", args=[revoked.verification_code])
    html = client.get(url).content.decode()
    assert "Certificat révoqué" in html
    assert f"Révoqué le {timezone.localdate():%d/%m/%Y}." in html
    assert "Zéphyrin Qwertz" in html
    assert (
        "Valable jusqu&#x27;au"
        in client.get(
            reverse(
                "verification:verify_code",
                args=[
                    revoked.session.certificates.exclude(pk=revoked.pk).first().verification_code
                ],
            )
        ).content.decode()
    )  # the words a valid certificate gets, never given to the revoked one
    assert "Valable jusqu&#x27;au " + f"{revoked.valid_until:%d/%m/%Y}." not in html


def test_verification_says_expired_since(client, expired):
    url = reverse("verification:verify_code", args=[expired.verification_code])
    assert "Expiré depuis le 01/03/2024." in client.get(url).content.decode()


def test_revocation_drops_the_cached_page_of_the_signed_out_visitor(
    client, closed_session, personas
):
    certificate = closed_session.certificates.first()
    url = reverse("verification:verify_code", args=[certificate.verification_code])
    assert "Certificat valide" in client.get(url).content.decode()  # now cached
    certificate_revoke(certificate=certificate, by=personas["support"], reason=REASON)
    html = client.get(url).content.decode()
    assert "Certificat révoqué" in html and "Certificat valide" not in html
