"""The national preview of a bulk extension: form, count and paginated list."""

import pytest
from django.urls import reverse

from forprev.accreditations.models import Extension
from tests.accreditations.factories import AccreditationFactory
from tests.factories import EntityFactory

from .conftest import RULE, D

URL = reverse("extensions:extension_preview")

pytestmark = pytest.mark.django_db


def test_empty_form_shows_date_inputs_and_no_preview(login_as):
    page = login_as("national").get(URL).content.decode()
    assert page.count('type="date"') == 2
    assert 'name="months"' in page
    assert "fr-input" in page
    assert "Aperçu" not in page
    assert "extension_apply" not in page and reverse("extensions:extension_apply") not in page


def test_preview_counts_and_lists_the_habilitations_with_their_new_expiry(login_as, expiring):
    response = login_as("national").get(URL, RULE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "4 habilitations seront prolongées de 9 mois." in page
    assert "31/01/2023" in page and "31/10/2023" in page
    assert "28/02/2023" in page and "28/11/2023" in page
    assert "01/04/2023" not in page
    assert 'name="expected_count" value="4"' in page
    assert "Prolonger les 4 habilitations" in page
    assert not Extension.objects.exists()


def test_preview_accepts_french_dates(login_as, expiring):
    page = login_as("national").get(
        URL, {"expiring_from": "01/01/2023", "expiring_to": "31/03/2023", "months": "9"}
    )
    assert "4 habilitations seront prolongées" in page.content.decode()


def test_preview_runs_a_constant_number_of_queries(
    login_as, expiring, django_assert_max_num_queries
):
    client = login_as("national")
    client.get(URL, RULE)  # warm the session
    with django_assert_max_num_queries(20) as few:
        client.get(URL, RULE)
    for _ in range(30):
        AccreditationFactory(entity=EntityFactory(), expires_on=D(2023, 2, 15))
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        page = client.get(URL, RULE).content.decode()
    assert "34 habilitations" in page
    assert len(many.captured_queries) == len(few.captured_queries)


def test_preview_is_paginated_and_keeps_the_rule(login_as):
    entity = EntityFactory()
    for day in range(1, 61):
        AccreditationFactory(
            entity=entity, expires_on=D(2023, 1, 1) + (D(2023, 1, 2) - D(2023, 1, 1)) * day
        )
    client = login_as("national")
    page = client.get(URL, RULE).content.decode()
    assert "60 habilitations" in page
    assert "page=2" in page and "expiring_from=2023-01-01" in page
    second = client.get(URL, {**RULE, "page": "2"}).content.decode()
    assert second.count("<tr>") == 1 + 10  # header + the last 10


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**RULE, "expiring_from": "2023-04-01"}, "La date de fin doit être postérieure"),
        ({**RULE, "months": "0"}, "supérieure ou égale à 1"),
        ({**RULE, "months": "99"}, "inférieure ou égale à 36"),
        ({**RULE, "months": "neuf"}, "Saisissez un nombre entier"),
        ({**RULE, "expiring_from": "janvier"}, "Saisissez une date valide"),
        ({**RULE, "expiring_to": "2023-02-30"}, "Saisissez une date valide"),
        ({**RULE, "expiring_from": "2023-01-01\x00"}, "Saisissez une date valide"),
        ({**RULE, "months": "9\x00"}, "Saisissez un nombre entier"),
        ({**RULE, "expiring_to": "9999-12-31"}, "hors des dates acceptées"),
        ({"expiring_from": "2023-01-01"}, "Ce champ est obligatoire"),
    ],
)
def test_bad_input_shows_a_french_message(login_as, expiring, data, message):
    response = login_as("national").get(URL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "habilitations seront prolongées" not in page


@pytest.mark.parametrize("page_number", ["abc", "-1", "999999", "\x00"])
def test_hostile_page_numbers_never_fail(login_as, expiring, page_number):
    response = login_as("national").get(URL, {**RULE, "page": page_number})
    assert response.status_code == 200
