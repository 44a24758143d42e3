from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from forprev.certificates.models import Certificate
from forprev.people.models import Person
from forprev.training.closing import session_close
from forprev.training.enums import Result, SessionStatus
from forprev.training.models import Enrolment


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def closed_session(session, certified_trainer, personas):
    """Three passed, one failed, one absent (overrides the shared fixture)."""
    for index, result in enumerate([Result.PASSED] * 3 + [Result.FAILED, Result.ABSENT]):
        person = Person.objects.create(
            last_name=f"Durand{index}",
            first_name="Zoé",
            birth_date=date(1990, 1, 1),
            email=f"zoe{index}@exemple.fr",
        )
        Enrolment.objects.create(
            session=session, person=person, result=result, identity_confirmed=True
        )
    session.status = SessionStatus.VALIDATED
    session.save()
    session_close(session=session, by=personas["manager"])
    session_close(session=session, by=personas["manager"])  # a second closing changes nothing
    return session


@pytest.mark.django_db
def test_closing_issues_one_certificate_per_passed_trainee(closed_session):
    certificates = Certificate.objects.filter(session=closed_session)
    assert certificates.count() == 3
    certificate = certificates.first()
    assert certificate.issued_on == closed_session.ends_on
    assert (certificate.valid_until - certificate.issued_on).days in range(725, 735)  # 24 months
    assert len(set(certificates.values_list("number", flat=True))) == 3


@pytest.mark.django_db
def test_verification_by_code_shows_details_and_nothing_private(client, closed_session):
    certificate = Certificate.objects.filter(session=closed_session).first()
    page = client.get(reverse("verification:verify_code", args=[certificate.verification_code]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Certificat valide" in content
    assert certificate.person.first_name in content and closed_session.entity.name in content
    assert certificate.person.email not in content
    assert "01/01/1990" not in content  # no birth date
    assert certificate.person.forprev_id not in content


@pytest.mark.django_db
def test_verification_by_number_with_the_holders_name_shows_it_on_the_form_page(
    client, closed_session
):
    certificate = Certificate.objects.filter(session=closed_session).first()
    response = client.post(
        reverse("verification:verify_form"),
        {"number": certificate.number.lower(), "last_name": certificate.person.last_name},
    )
    content = response.content.decode()
    assert response.status_code == 200  # on the form's page: no redirect to the secret code
    assert "Certificat valide" in content and certificate.person.first_name in content
    assert certificate.verification_code not in content
    missing = client.post(
        reverse("verification:verify_form"), {"number": "CZZZZZZZZZZ", "last_name": "Durand0"}
    )
    assert missing.status_code == 404 and "Aucun certificat" in missing.content.decode()


@pytest.mark.django_db
def test_verification_by_code_states(client, closed_session):
    certificate = Certificate.objects.filter(session=closed_session).first()
    certificate.issued_on = timezone.localdate() - timedelta(days=800)
    certificate.valid_until = timezone.localdate() - timedelta(days=70)
    certificate.save()
    expired = client.get(reverse("verification:verify_code", args=[certificate.verification_code]))
    assert "Certificat expiré" in expired.content.decode()
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = "Erreur de saisie."
    certificate.save()
    revoked = client.get(reverse("verification:verify_code", args=[certificate.verification_code]))
    assert (
        "Certificat révoqué" in revoked.content.decode()
        and "Erreur de saisie." in revoked.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["\x00", "x" * 500, "../../etc/passwd", "%00"])
def test_hostile_codes_get_not_found(client, code):
    assert client.get(f"/verifier/{code}/").status_code in {404}


@pytest.mark.django_db
def test_guessing_is_throttled(client, settings):
    settings.FORPREV_VERIFY_PER_MINUTE = 5
    statuses = [client.get(f"/verifier/devine-{n}/").status_code for n in range(8)]
    assert statuses[:5] == [404] * 5
    assert statuses[5:] == [429] * 3


@pytest.mark.django_db
def test_many_scanned_pages_do_not_reset_the_throttle(client, settings):
    """Pages have a cache of their own: in local memory a full cache drops a third of its keys,
    which must never be the throttling counters."""
    from forprev.certificates import page_cache

    settings.FORPREV_VERIFY_PER_MINUTE = 5
    statuses = [client.get(f"/verifier/devine-{n}/").status_code for n in range(5)]
    assert statuses == [404] * 5
    today = timezone.localdate()
    for n in range(3000):  # more than any local-memory cache keeps
        page_cache.keep_page(f"code{n}", today, "<p>page</p>")
    assert client.get("/verifier/devine-6/").status_code == 429


@pytest.mark.django_db
def test_the_throttle_counts_per_minute_and_per_address(client, settings):
    import time_machine

    settings.FORPREV_VERIFY_PER_MINUTE = 3
    with time_machine.travel("2026-11-27 10:00:00 +0000", tick=False) as traveller:
        assert [client.get(f"/verifier/x{n}/").status_code for n in range(4)] == [404] * 3 + [429]
        other = client.get("/verifier/y/", REMOTE_ADDR="198.51.100.7")
        assert other.status_code == 404  # another address has its own counter
        traveller.shift(61)  # the minute is over
        assert client.get("/verifier/x5/").status_code == 404
