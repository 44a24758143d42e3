"""Decision letters (letters.py): dated the day of the decision whenever downloaded, with a
stable reference, the signatory, and for a refusal the « voies et délais de recours »."""

import importlib
import re

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from forprev.accreditations.enums import Decision, RequestStatus
from forprev.accreditations.letters import decision_letter_html, decision_letter_pdf
from forprev.accreditations.models import AccreditationRequest
from forprev.accreditations.services.decision import request_decide
from tests.www.accreditations_views.conftest import make_application

from .dossiers import complete_dossier

RECOURS = "Voies et délais de recours"


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def pending(personas, entity):
    application = make_application(
        entity, personas["manager"], RequestStatus.OPINION_GIVEN, transmitted_at=timezone.now()
    )
    return application


def decide(application, national, decision, *, day="2026-03-10 15:00 +0100", reason=""):
    with time_machine.travel(day, tick=False):
        if decision == Decision.GRANTED:
            complete_dossier(application)
        request_decide(request=application, by=national, decision=decision, reason=reason)
    application.refresh_from_db()
    return application


@pytest.mark.django_db
def test_letter_downloaded_later_keeps_the_decision_date_and_reference(personas, pending):
    granted = decide(pending, personas["national"], Decision.GRANTED)
    assert re.fullmatch(r"HAB-2026-\d{6}", granted.decision_reference)
    with time_machine.travel("2026-11-20 09:00 +0100", tick=False):
        first = text(decision_letter_html(granted))
    with time_machine.travel("2027-01-05 09:00 +0100", tick=False):
        second = text(decision_letter_html(AccreditationRequest.objects.get(pk=granted.pk)))
    assert "le 10 mars 2026" in first
    assert "20 novembre 2026" not in first and "5 janvier 2027" not in second
    assert f"Réf. : {granted.decision_reference}" in first
    assert first == second  # the same letter, whenever downloaded


@pytest.mark.django_db
def test_letter_names_the_signatory_stored_at_decision_time(personas, pending, settings):
    settings.FORPREV_DECISION_SIGNATORY_ROLE = "Pour la présidente de la commission, le chargé"
    granted = decide(pending, personas["national"], Decision.GRANTED)
    settings.FORPREV_DECISION_SIGNATORY_ROLE = "Un autre libellé, plus tard"
    letter = text(decision_letter_html(granted))
    assert "Pour la présidente de la commission, le chargé" in letter
    assert "Un autre libellé" not in letter
    assert personas["national"].full_name in letter


@pytest.mark.django_db
def test_references_are_unique_per_decision(personas, entity, pending):
    other = make_application(entity, personas["manager"], RequestStatus.OPINION_GIVEN)
    first = decide(pending, personas["national"], Decision.GRANTED)
    second = decide(other, personas["national"], Decision.REFUSED, reason="Non conforme.")
    assert first.decision_reference != second.decision_reference


@pytest.mark.django_db
def test_refusal_letter_gives_the_appeal_routes_and_a_grant_letter_does_not(
    personas, entity, pending
):
    refused = decide(
        make_application(entity, personas["manager"], RequestStatus.OPINION_GIVEN),
        personas["national"],
        Decision.REFUSED,
        reason="Aucun formateur certifié.",
    )
    letter = text(decision_letter_html(refused))
    assert RECOURS in letter
    assert "recours gracieux auprès de votre caisse de rattachement, Carsat Sud-Est" in letter
    assert "tribunal administratif" in letter and "deux mois à compter de sa notification" in letter
    granted = decide(pending, personas["national"], Decision.GRANTED)
    letter = text(decision_letter_html(granted))
    assert RECOURS not in letter and "tribunal" not in letter


@pytest.mark.django_db
def test_letter_is_a_pdf(personas, pending):
    refused = decide(pending, personas["national"], Decision.REFUSED, reason="Non conforme.")
    assert decision_letter_pdf(refused).startswith(b"%PDF-")


@pytest.mark.django_db
def test_migration_gives_existing_decisions_a_reference_date_and_signatory(personas, entity):
    """Decisions taken before the fields existed: the migration's backfill fills them."""
    migration = importlib.import_module(
        "forprev.accreditations.migrations.0005_decision_reference_and_removed_documents"
    )
    with time_machine.travel("2025-06-02 10:00 +0200", tick=False):
        old = make_application(entity, personas["manager"], RequestStatus.REFUSED)
    AccreditationRequest.objects.filter(pk=old.pk).update(
        decided_at=None, decided_by=personas["national"]
    )
    dated = make_application(
        entity,
        personas["manager"],
        RequestStatus.GRANTED,
        decided_at=timezone.make_aware(timezone.datetime(2024, 12, 31, 23, 30)),
    )
    draft = make_application(entity, personas["manager"])
    migration.backfill_decisions(apps, None)
    old.refresh_from_db()
    dated.refresh_from_db()
    draft.refresh_from_db()
    assert old.decision_reference == f"HAB-2025-{old.pk:06d}"
    assert old.decided_at is not None
    assert old.decision_signatory_name == personas["national"].full_name
    assert dated.decision_reference == f"HAB-2024-{dated.pk:06d}"
    assert draft.decision_reference is None
    before = old.decision_reference
    migration.backfill_decisions(apps, None)  # idempotent
    old.refresh_from_db()
    assert old.decision_reference == before
