import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from forprev.accounts.models import User
from forprev.accreditations.models import Accreditation, AccreditationRequest
from forprev.core.demo import DEMO_PASSWORD, load_demo
from forprev.entities.models import Entity


@pytest.mark.django_db
def test_demo_is_idempotent_and_valid(settings):
    load_demo()
    counts = (
        User.objects.count(),
        Entity.objects.count(),
        AccreditationRequest.objects.count(),
        Accreditation.objects.count(),
    )
    load_demo()
    assert (
        User.objects.count(),
        Entity.objects.count(),
        AccreditationRequest.objects.count(),
        Accreditation.objects.count(),
    ) == counts
    assert set(AccreditationRequest.objects.values_list("status", flat=True)) >= {
        "draft",
        "transmitted",
        "under_review",
        "complements_requested",
        "opinion_given",
        "granted",
        "refused",
    }
    states = {a.state for a in Accreditation.objects.all()}
    assert {"active", "expired"} <= states
    for entity in Entity.objects.all():
        entity.full_clean()  # valid SIRETs, NDAs, postcodes
    assert Entity.objects.values("caisse").distinct().count() >= 5


@pytest.mark.django_db
def test_demo_manager_logs_in_with_numero_or_email(client):
    load_demo()
    manager = User.objects.get(email="manager@demo.forprev.fr")
    for login in (manager.forprev_id, "Manager@Demo.Forprev.fr"):
        client.logout()
        response = client.post(
            reverse("accounts:login"), {"username": login, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, login


@pytest.mark.django_db
def test_demo_command_refuses_outside_demo_mode(settings):
    settings.FORPREV_DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("demo_data")


@pytest.mark.django_db
def test_demo_has_sessions_in_every_state_and_certificates_of_every_kind():
    from forprev.certificates.models import Certificate, CertificateState
    from forprev.trainers.models import TrainerCertificate
    from forprev.training.models import RegularisationRequest, SessionAmendment, TrainingSession

    load_demo()
    counts = (TrainingSession.objects.count(), Certificate.objects.count())
    load_demo()
    assert (TrainingSession.objects.count(), Certificate.objects.count()) == counts
    assert set(TrainingSession.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "validated",
        "closed",
    }
    assert {c.state for c in Certificate.objects.all()} == set(CertificateState)
    assert RegularisationRequest.objects.filter(status="pending").exists()
    assert SessionAmendment.objects.exists()
    assert Certificate.objects.filter(revised_at__isnull=False).exists()
    assert TrainerCertificate.objects.exists()
