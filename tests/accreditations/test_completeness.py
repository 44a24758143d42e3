"""Completeness of the dossier (completeness.py): what each dispositif requires, and the
favourable opinion, the grant and the transmission refused while something is missing."""

import datetime

import pytest
from django.utils import timezone

from forprev.accreditations.completeness import PROGRAMME_REQUIREMENTS, dossier_completeness
from forprev.accreditations.enums import Decision, Opinion, RequestStatus
from forprev.accreditations.models import Accreditation, ProposedTrainer
from forprev.accreditations.services.decision import request_decide
from forprev.accreditations.services.requests import request_transmit
from forprev.accreditations.services.review import request_give_opinion
from forprev.core.exceptions import DomainError
from forprev.referentials.models import Programme, ProgrammeLevel
from tests.www.accreditations_views.conftest import make_application

from .dossiers import add_piece, certified_trainer, complete_dossier, fill_profile

TODAY = datetime.date(2026, 11, 27)


def level(code, number):
    return ProgrammeLevel.objects.get(programme__code=code, level=number)


@pytest.fixture
def incomplete(personas, entity):
    """The application of the issue: under review, no document, no trainer."""
    fill_profile(entity)
    return make_application(entity, personas["manager"], RequestStatus.UNDER_REVIEW)


@pytest.fixture
def pending(personas, entity):
    fill_profile(entity)
    return make_application(entity, personas["manager"], RequestStatus.OPINION_GIVEN)


@pytest.mark.django_db
def test_favourable_opinion_on_an_empty_dossier_is_refused_naming_what_is_missing(
    personas, incomplete
):
    with pytest.raises(DomainError) as refused:
        request_give_opinion(
            request=incomplete, by=personas["instructor"], opinion=Opinion.FAVOURABLE, reason=""
        )
    message = refused.value.message
    assert message.startswith("Le dossier est incomplet : un avis favorable ne peut pas être rendu")
    for missing in [
        "Engagement signé au cahier des charges",
        "Programme pédagogique",
        "Extrait Kbis ou avis de situation SIRENE",
        "Certificats des formateurs proposés",
        "certificat « Formateur SST » en cours de validité (pour SST — Acteur SST)",
    ]:
        assert missing in message
    incomplete.refresh_from_db()
    assert (incomplete.status, incomplete.opinion) == (RequestStatus.UNDER_REVIEW, "")
    assert not incomplete.events.filter(kind="opinion").exists()


@pytest.mark.django_db
def test_unfavourable_opinion_stays_possible_on_an_incomplete_dossier(personas, incomplete):
    request_give_opinion(
        request=incomplete,
        by=personas["instructor"],
        opinion=Opinion.UNFAVOURABLE,
        reason="Aucun formateur certifié proposé.",
    )
    incomplete.refresh_from_db()
    assert incomplete.status == RequestStatus.OPINION_GIVEN


@pytest.mark.django_db
def test_favourable_opinion_on_a_complete_dossier(personas, incomplete):
    complete_dossier(incomplete)
    request_give_opinion(
        request=incomplete, by=personas["instructor"], opinion=Opinion.FAVOURABLE, reason=""
    )
    incomplete.refresh_from_db()
    assert incomplete.opinion == Opinion.FAVOURABLE


@pytest.mark.django_db
def test_grant_of_an_incomplete_dossier_is_refused_and_creates_nothing(personas, pending):
    with pytest.raises(DomainError, match="l'habilitation ne peut pas être accordée") as refused:
        request_decide(request=pending, by=personas["national"], decision=Decision.GRANTED)
    assert "Programme pédagogique" in refused.value.message
    assert "Formateur SST" in refused.value.message
    pending.refresh_from_db()
    assert (pending.status, pending.decision, pending.decision_reference) == (
        RequestStatus.OPINION_GIVEN,
        "",
        None,
    )
    assert not Accreditation.objects.exists()


@pytest.mark.django_db
def test_refusal_of_an_incomplete_dossier_stays_possible(personas, pending):
    request_decide(
        request=pending, by=personas["national"], decision=Decision.REFUSED, reason="Incomplet."
    )
    pending.refresh_from_db()
    assert pending.status == RequestStatus.REFUSED


@pytest.mark.django_db
def test_grant_of_a_complete_dossier(personas, pending):
    complete_dossier(pending)
    (accreditation,) = request_decide(
        request=pending, by=personas["national"], decision=Decision.GRANTED
    )
    assert accreditation.programme_level == level("SST", 1)


@pytest.mark.django_db
def test_a_trainer_certificate_expired_or_revoked_by_the_decision_day_does_not_count(
    personas, pending
):
    (trainer,) = complete_dossier(pending)
    certificate = trainer.trainer_certificates.get()
    certificate.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    certificate.save()
    with pytest.raises(DomainError, match="Formateur SST"):
        request_decide(request=pending, by=personas["national"], decision=Decision.GRANTED)
    certificate.valid_until = timezone.localdate() + datetime.timedelta(days=10)
    certificate.revoked_at = timezone.now()
    certificate.save()
    with pytest.raises(DomainError, match="Formateur SST"):
        request_decide(request=pending, by=personas["national"], decision=Decision.GRANTED)


@pytest.mark.django_db
def test_a_trainer_certified_for_another_dispositif_or_without_certificate_does_not_count(
    personas, entity, incomplete
):
    for kind in ["commitment", "pedagogical_programme", "kbis", "trainer_certificates"]:
        add_piece(incomplete, kind)
    prap_trainer = certified_trainer(level("PRAP-IBC", 1))
    uncertified = certified_trainer(level("SST", 1))
    uncertified.trainer_certificates.all().delete()
    for trainer in (prap_trainer, uncertified):
        ProposedTrainer.objects.create(request=incomplete, trainer=trainer)
    completeness = dossier_completeness(incomplete, day=timezone.localdate())
    assert completeness.missing == [
        "un formateur proposé titulaire d'un certificat « Formateur SST » en cours de validité "
        "(pour SST — Acteur SST)"
    ]
    # A formateur de formateurs SST may train actors too (the closing rule: any higher level).
    top = certified_trainer(level("SST", 2), last_name="Zyxwvutsrq")
    ProposedTrainer.objects.create(request=incomplete, trainer=top)
    completeness = dossier_completeness(incomplete, day=timezone.localdate())
    assert completeness.is_complete
    assert completeness.trainers[0].certified == (top.full_name,)


@pytest.mark.django_db
def test_each_level_needs_its_own_certified_trainer_and_single_level_dispositifs_none(
    personas, entity
):
    fill_profile(entity)
    application = make_application(entity, personas["manager"])
    application.items.all().delete()
    for code, number in [("SST", 2), ("TMS-PROS", 1), ("AMIANTE-SS4", 2)]:
        application.items.create(programme_level=level(code, number))
    completeness = dossier_completeness(application, day=TODAY)
    assert [check.level_label for check in completeness.trainers] == ["SST — Formateur SST"]
    assert completeness.trainers[0].certificate_label == "Formateur de formateurs SST"
    assert "Certificats des formateurs proposés" in completeness.missing_pieces


@pytest.mark.django_db
def test_a_dispositif_missing_from_the_table_follows_the_referentiel(personas, entity):
    programme = Programme.objects.create(code="NOUVEAU", name="Nouveau dispositif")
    actor = ProgrammeLevel.objects.create(programme=programme, level=1, label="Acteur nouveau")
    ProgrammeLevel.objects.create(programme=programme, level=2, label="Formateur nouveau")
    assert "NOUVEAU" not in PROGRAMME_REQUIREMENTS
    application = make_application(entity, personas["manager"])
    application.items.all().delete()
    application.items.create(programme_level=actor)
    (check,) = dossier_completeness(application, day=TODAY).trainers
    assert check.certificate_label == "Formateur nouveau"


@pytest.mark.django_db
def test_training_organisation_needs_the_nda_receipt_not_the_kbis(personas):
    from tests.factories import EntityFactory, MembershipFactory

    org = EntityFactory(training_org=True)
    manager = MembershipFactory(entity=org).user
    application = make_application(org, manager)
    kinds = [piece.kind for piece in dossier_completeness(application, day=TODAY).pieces]
    assert "nda_receipt" in kinds and "kbis" not in kinds


@pytest.mark.django_db
def test_transmission_refused_without_a_certified_trainer(personas, entity):
    fill_profile(entity)
    draft = make_application(entity, personas["manager"])
    for kind in ["commitment", "pedagogical_programme", "kbis", "trainer_certificates"]:
        add_piece(draft, kind)
    with pytest.raises(DomainError, match="Le dossier est incomplet") as refused:
        request_transmit(request=draft, by=personas["manager"])
    assert "Formateur SST" in refused.value.message
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT
    complete_dossier(draft)
    request_transmit(request=draft, by=personas["manager"])
    draft.refresh_from_db()
    assert draft.status == RequestStatus.TRANSMITTED


@pytest.mark.django_db
def test_completeness_reads_in_constant_queries(personas, entity, django_assert_num_queries):
    fill_profile(entity)
    application = make_application(entity, personas["manager"])
    complete_dossier(application)
    with django_assert_num_queries(5):
        dossier_completeness(application, day=TODAY)
    for _ in range(5):
        add_piece(application, "other")
        ProposedTrainer.objects.create(
            request=application, trainer=certified_trainer(level("SST", 1))
        )
    application.items.create(programme_level=level("PRAP-IBC", 1))
    with django_assert_num_queries(5):
        dossier_completeness(application, day=TODAY)
