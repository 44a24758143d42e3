"""Applying a bulk extension from the national page: same count as the preview, once."""

import pytest
from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from forprev.accreditations.models import Accreditation, Extension
from tests.accreditations.factories import AccreditationFactory

from .conftest import RULE, D

PREVIEW = reverse("extensions:extension_preview")
APPLY = reverse("extensions:extension_apply")

pytestmark = pytest.mark.django_db


def preview_count(client):
    return client.get(PREVIEW, RULE).context["page"].paginator.count


def expiries(accreditations):
    return [Accreditation.objects.get(pk=a.pk).expires_on for a in accreditations]


def test_apply_changes_what_the_preview_counted_then_nothing(
    login_as, personas, expiring, django_capture_on_commit_callbacks
):
    client = login_as("national")
    count = preview_count(client)
    assert count == 4
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY, {**RULE, "expected_count": count})
    assert response.status_code == 302
    assert response.url == f"{PREVIEW}?expiring_from=2023-01-01&expiring_to=2023-03-31&months=9"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "4 habilitations prolongées de 9 mois."
    ]
    assert Extension.objects.count() == count
    assert expiries(expiring["inside"]) == [
        D(2023, 10, 31),
        D(2023, 11, 28),
        D(2023, 12, 31),
        D(2023, 10, 1),
    ]
    assert set(Extension.objects.values_list("created_by", flat=True)) == {personas["national"].pk}
    # Audited, with the national agent as actor.
    entries = LogEntry.objects.filter(action=LogEntry.Action.UPDATE, actor=personas["national"])
    assert entries.count() == 4
    assert {entry.remote_addr for entry in entries} == {"127.0.0.1"}
    assert len(mail.outbox) == 3  # one per entity (one manager each)

    # Afterwards the preview of the same rule is empty and says it was applied.
    page = client.get(PREVIEW, RULE).content.decode()
    assert "Aucune habilitation à prolonger pour cette règle." in page
    assert "4 habilitations ont déjà été prolongées par cette règle." in page

    # The same rule again changes nothing.
    response = client.post(APPLY, RULE)
    assert response.status_code == 200
    assert "Aucune habilitation à prolonger" in response.content.decode()
    assert Extension.objects.count() == 4
    assert len(mail.outbox) == 3


def test_apply_without_confirmed_count_applies_too(login_as, expiring):
    response = login_as("national").post(APPLY, RULE)
    assert response.status_code == 302
    assert Extension.objects.count() == 4


def test_apply_refuses_a_count_changed_since_the_preview(login_as, expiring):
    client = login_as("national")
    count = preview_count(client)
    AccreditationFactory(entity=expiring["inside"][0].entity, expires_on=D(2023, 2, 1))
    response = client.post(APPLY, {**RULE, "expected_count": count})
    page = response.content.decode()
    assert response.status_code == 200
    assert "a changé depuis l&#x27;aperçu (4 → 5)" in page
    assert "5 habilitations seront prolongées" in page  # the fresh preview, to confirm again
    assert not Extension.objects.exists()


def test_apply_refuses_an_empty_window(login_as, expiring):
    response = login_as("national").post(
        APPLY, {"expiring_from": "2030-01-01", "expiring_to": "2030-12-31", "months": "3"}
    )
    assert response.status_code == 200
    assert "Aucune habilitation à prolonger" in response.content.decode()
    assert not Extension.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**RULE, "expiring_from": "2023-04-01"}, "La date de fin doit être postérieure"),
        ({**RULE, "months": "0"}, "supérieure ou égale à 1"),
        ({**RULE, "months": "99"}, "inférieure ou égale à 36"),
        ({**RULE, "expiring_to": "demain"}, "Saisissez une date valide"),
        ({**RULE, "expiring_from": "\x00"}, "Saisissez une date valide"),
        ({**RULE, "months": "\x00"}, "Saisissez un nombre entier"),
        ({**RULE, "expected_count": "\x00"}, "Le nombre confirmé est illisible"),
        ({**RULE, "expiring_to": "9999-12-31"}, "hors des dates acceptées"),
        ({}, "Ce champ est obligatoire"),
    ],
)
def test_bad_input_is_refused_in_french_and_writes_nothing(login_as, expiring, data, message):
    before = expiries(expiring["inside"])
    response = login_as("national").post(APPLY, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Extension.objects.exists()
    assert expiries(expiring["inside"]) == before
    assert not LogEntry.objects.filter(action=LogEntry.Action.UPDATE).exists()


def test_apply_is_post_only(login_as):
    assert login_as("national").get(APPLY, RULE).status_code == 405


@pytest.mark.parametrize("persona", ["manager", "instructor", "support"])
def test_other_roles_cannot_apply(login_as, expiring, persona):
    assert login_as(persona).post(APPLY, RULE).status_code == 403
    assert not Extension.objects.exists()
