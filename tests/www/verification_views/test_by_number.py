"""Verification by number: no name without a second factor, and no oracle on the number.

Forprev 1 numbers are sequential (``SST22-0048213``): looked up by number alone, the page would
let anyone list the ~850,000 holders' names. The certificate is shown only to a visitor who
also gives the holder's last name or birth date."""

import re
from datetime import date

import pytest
from django.utils import timezone

from forprev.certificates.models import Certificate
from forprev.people.models import Person
from forprev.training.models import Enrolment

URL = "/verifier/"
UNKNOWN_NUMBER = "SST22-0099999"


@pytest.fixture
def certificate(closed_session):
    """A Forprev 1 certificate as the switch-over keeps it (its number and code), held by
    « Élodie de La Fontaine épouse Nguyễn »."""
    certificate = closed_session.certificates.select_related("person").first()
    Person.objects.filter(pk=certificate.person_id).update(
        last_name="de La Fontaine épouse Nguyễn", first_name="Élodie", birth_date=date(1988, 2, 29)
    )
    Certificate.objects.filter(pk=certificate.pk).update(
        number="SST21-0031337", verification_code="q3Xv9TzL0p2WbN8a"
    )
    certificate.refresh_from_db()
    return certificate


def post(client, number, **fields):
    return client.post(URL, {"number": number, **fields})


def comparable(response, *numbers) -> str:
    """The page without what differs between any two responses (CSRF token, CSP nonce) and
    without the number the visitor typed, echoed in the form."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'nonce="[^"]+"', "", text)
    for number in numbers:
        text = text.replace(number, "NUMBER")
    return text


@pytest.mark.django_db
def test_the_number_alone_reveals_no_name(client, certificate):
    for response in (
        client.get(URL, {"number": certificate.number}),
        post(client, certificate.number),
        post(client, certificate.number, last_name="", birth_date=""),
    ):
        content = response.content.decode()
        assert "Élodie" not in content and "Fontaine" not in content
        assert "Certificat valide" not in content
        assert certificate.verification_code not in content
    asked = post(client, certificate.number).content.decode()
    assert "Indiquez aussi le nom du titulaire ou sa date de naissance" in asked


@pytest.mark.django_db
def test_a_get_with_the_number_only_fills_the_form_in(client, certificate):
    response = client.get(URL, {"number": "sst21 - 0031337"})
    assert response.status_code == 200
    assert 'value="SST21-0031337"' in response.content.decode()
    assert "Élodie" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factor",
    [
        {"last_name": "Durand"},
        {"last_name": "Fontaine-Martin"},
        {"birth_date": "1988-03-01"},
        {"last_name": "Nguyen", "birth_date": "1990-01-01"},  # every factor given must match
        {"last_name": "Durand", "birth_date": "1988-02-29"},
    ],
)
def test_a_wrong_second_factor_gets_the_same_page_as_an_unknown_number(client, certificate, factor):
    wrong = post(client, certificate.number, **factor)
    unknown = post(client, UNKNOWN_NUMBER, **factor)
    assert wrong.status_code == unknown.status_code == 404
    assert comparable(wrong, certificate.number) == comparable(unknown, UNKNOWN_NUMBER)
    assert "Élodie" not in wrong.content.decode()
    assert "Aucun certificat ne correspond" in wrong.content.decode()
    assert certificate.verification_code not in wrong.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factor",
    [
        {"last_name": "de La Fontaine épouse Nguyễn"},
        {"last_name": "DELAFONTAINE"},  # the birth name, without accents, case or spaces
        {"last_name": "Fontaine"},  # without its particles
        {"last_name": "nguyen"},  # the married name
        {"last_name": "  Nguyễn "},
        {"birth_date": "1988-02-29"},
        {"last_name": "Nguyen", "birth_date": "1988-02-29"},
    ],
)
def test_the_right_second_factor_shows_the_certificate_on_the_form_page(
    client, certificate, factor
):
    response = post(client, "sst21-0031337", **factor)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Certificat valide" in content and "Élodie" in content
    assert "SST21-0031337" in content
    assert certificate.verification_code not in content  # the QR code's secret stays one
    assert "1988" not in content  # the birth date is compared, never shown
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_state_is_shown_for_a_revoked_certificate(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_at=timezone.now(), revoked_reason="Fraude."
    )
    content = post(client, certificate.number, last_name="Nguyen").content.decode()
    assert "Certificat révoqué" in content and "Fraude." in content


@pytest.mark.django_db
def test_a_namesake_of_another_certificate_does_not_open_this_one(client, certificate, session):
    """The factor is compared with this number's holder, not with anyone of that name."""
    other = Person.objects.create(last_name="Martin", first_name="Léa", birth_date=date(2000, 1, 1))
    Enrolment.objects.create(session=session, person=other)
    response = post(client, certificate.number, last_name="Martin")
    assert response.status_code == 404 and "Élodie" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "number",
    [
        "SST21-0031337-XXXXXXXXXXXXXXXXX",  # longer than any number: refused, not cut
        "x" * 500,
        "\x00",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
    ],
)
def test_hostile_numbers_get_a_form_error_or_nothing_to_show(client, certificate, number):
    response = post(client, number, last_name="Nguyen")
    assert response.status_code in {200, 404}
    content = response.content.decode()
    assert "Élodie" not in content and "<script>alert(1)" not in content


@pytest.mark.django_db
def test_hostile_get_values_fill_nothing_dangerous(client):
    response = client.get(URL, {"number": "<script>\x00alert(1)</script>" * 20})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.django_db
def test_a_migrated_number_typed_with_spaces_and_dashes_is_found(client, certificate):
    response = post(client, " sst21 – 0031337 ", birth_date="1988-02-29")
    assert response.status_code == 200 and "Élodie" in response.content.decode()
