"""The whole application journey through the pages, and its bad paths."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from forprev.accreditations.enums import AccreditationStatus, RequestStatus
from forprev.accreditations.models import Accreditation, AccreditationRequest, RequestDocument
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.models import TeamMembership
from tests.accreditations.dossiers import certified_trainer, complete_dossier
from tests.accreditations.sample_files import jpeg_bytes, png_bytes
from tests.conftest import login

from .conftest import PDF_BYTES, make_application


def url(name, application, **extra):
    return reverse(f"accreditations:{name}", args=[application.public_id], **extra)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def complete_entity(entity):
    entity.head_name = "Mme Claire Fabre"
    entity.phone = "04 91 00 00 00"
    entity.contact_email = "contact@boulangerie.fr"
    entity.save()
    return entity


@pytest.fixture
def as_(client, personas):
    def _as(name):
        client.logout()
        return login(client, personas[name])

    return _as


@pytest.mark.django_db
def test_whole_journey_from_draft_to_active_accreditation(
    as_, complete_entity, personas, django_capture_on_commit_callbacks
):
    sst = ProgrammeLevel.objects.get(programme__code="SST", level=1)
    prap = ProgrammeLevel.objects.get(programme__code="PRAP-IBC", level=1)
    client = as_("manager")
    response = client.post(
        reverse("accreditations:request_create"),
        {"kind": "initial", "programme_levels": [sst.pk, prap.pk]},
    )
    application = AccreditationRequest.objects.get(entity=complete_entity)
    assert response.url == url("request_detail", application)
    assert application.items.count() == 2  # cumul
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("request_transmit", application), follow=True)
    assert "Le dossier est incomplet" in " ".join(messages_of(response))
    application.refresh_from_db()
    assert application.status == RequestStatus.DRAFT
    for kind in ["commitment", "pedagogical_programme", "kbis", "trainer_certificates"]:
        upload = SimpleUploadedFile(f"{kind}.pdf", PDF_BYTES, content_type="application/pdf")
        client.post(
            url("document_add", application), {"document-kind": kind, "document-file": upload}
        )
    assert application.documents.count() == 4
    refused = client.post(url("request_transmit", application), follow=True)
    assert "certificat « Formateur SST »" in " ".join(messages_of(refused))
    for level in (sst, prap):  # one trainer of the team certified for each dispositif
        trainer = certified_trainer(level)
        TeamMembership.objects.create(
            entity=complete_entity, trainer=trainer, added_by=personas["manager"]
        )
        client.post(url("trainer_propose", application), {"trainer-login": trainer.forprev_id})
    assert application.proposed_trainers.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("request_transmit", application))
    application.refresh_from_db()
    assert application.status == RequestStatus.TRANSMITTED
    assert any("Carsat" in m.body or application.entity.name in m.body for m in mail.outbox)

    client = as_("instructor")
    queue = client.get(reverse("accreditations:request_list")).content.decode()
    assert complete_entity.name in queue
    client.post(url("request_take", application))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("request_ask_complements", application),
            {"complements-message": "Le programme pédagogique manque."},
        )
    application.refresh_from_db()
    assert application.status == RequestStatus.COMPLEMENTS_REQUESTED
    assert mail.outbox[-1].to == [personas["manager"].email]

    client = as_("manager")
    client.post(url("request_complete", application), {"complete-message": "Programme ajouté."})
    client = as_("instructor")
    client.post(
        url("request_opinion", application), {"opinion-opinion": "favourable", "opinion-reason": ""}
    )
    application.refresh_from_db()
    assert application.status == RequestStatus.OPINION_GIVEN

    client = as_("national")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("request_decide", application),
            {"decision-decision": "granted", "decision-reason": ""},
        )
    application.refresh_from_db()
    assert application.status == RequestStatus.GRANTED
    accreditations = Accreditation.objects.filter(entity=complete_entity)
    assert accreditations.count() == 2
    today = timezone.localdate()
    for accreditation in accreditations:
        assert accreditation.starts_on == today
        assert accreditation.state == AccreditationStatus.ACTIVE
        assert (accreditation.expires_on - today).days in range(1820, 1830)  # 5 years
    # The timeline, visible to the manager, tells every step.
    page = as_("manager").get(url("request_detail", application)).content.decode()
    for step in [
        "Demande créée",
        "Demande transmise",
        "Prise en charge",
        "Compléments demandés",
        "Compléments apportés",
        "Avis de la caisse",
        "Décision de la commission nationale",
    ]:
        assert step in page


@pytest.mark.django_db
def test_transmission_lists_missing_mandatory_fields(as_, entity, personas):
    application = make_application(entity, personas["manager"])
    response = as_("manager").post(url("request_transmit", application), follow=True)
    text = " ".join(messages_of(response))
    assert "Complétez le tronc commun" in text
    assert "responsable" in text and "téléphone" in text
    application.refresh_from_db()
    assert application.status == RequestStatus.DRAFT


@pytest.mark.django_db
def test_transmission_refused_while_another_application_is_under_review(
    as_, complete_entity, personas
):
    make_application(complete_entity, personas["manager"], RequestStatus.UNDER_REVIEW)
    draft = make_application(complete_entity, personas["manager"])
    response = as_("manager").post(url("request_transmit", draft), follow=True)
    assert "en cours d'instruction" in " ".join(messages_of(response))
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00binary", "PDF, PNG et JPEG"),
        ("faux.pdf", b"<html>not a pdf</html>", "PDF, PNG et JPEG"),
        ("vide.pdf", b"", "vide"),
        ("enorme.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1), "taille maximale"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    as_, entity, personas, name, content, message
):
    application = make_application(entity, personas["manager"])
    upload = SimpleUploadedFile(name, content)
    response = as_("manager").post(
        url("document_add", application),
        {"document-kind": "other", "document-file": upload},
        follow=True,
    )
    assert any(message in m for m in messages_of(response)), messages_of(response)
    assert not RequestDocument.objects.filter(request=application).exists()


@pytest.mark.django_db
def test_png_and_jpeg_are_accepted(as_, entity, personas):
    application = make_application(entity, personas["manager"])
    client = as_("manager")
    for name, content in [
        ("scan.png", png_bytes()),  # real images: a signature alone is refused
        ("photo.jpg", jpeg_bytes()),
    ]:
        client.post(
            url("document_add", application),
            {"document-kind": "kbis", "document-file": SimpleUploadedFile(name, content)},
        )
    assert set(application.documents.values_list("content_type", flat=True)) == {
        "image/png",
        "image/jpeg",
    }


@pytest.mark.django_db
def test_unfavourable_opinion_and_refusal_need_reasons(as_, entity, personas):
    under_review = make_application(entity, personas["manager"], RequestStatus.UNDER_REVIEW)
    response = as_("instructor").post(
        url("request_opinion", under_review), {"opinion-opinion": "unfavourable"}, follow=True
    )
    assert "doit être motivé" in " ".join(messages_of(response))
    under_review.refresh_from_db()
    assert under_review.status == RequestStatus.UNDER_REVIEW
    pending = make_application(entity, personas["manager"], RequestStatus.OPINION_GIVEN)
    response = as_("national").post(
        url("request_decide", pending), {"decision-decision": "refused"}, follow=True
    )
    assert "doit être motivé" in " ".join(messages_of(response))
    response = as_("national").post(
        url("request_decide", pending), {"decision-decision": "peut-être"}, follow=True
    )
    pending.refresh_from_db()
    assert pending.status == RequestStatus.OPINION_GIVEN
    assert not Accreditation.objects.exists()


@pytest.mark.django_db
def test_refusal_creates_no_accreditation(as_, entity, personas):
    pending = make_application(entity, personas["manager"], RequestStatus.OPINION_GIVEN)
    as_("national").post(
        url("request_decide", pending),
        {"decision-decision": "refused", "decision-reason": "Dossier incomplet."},
    )
    pending.refresh_from_db()
    assert pending.status == RequestStatus.REFUSED
    assert not Accreditation.objects.exists()


@pytest.mark.django_db
def test_double_decision_creates_accreditations_once(as_, entity, personas):
    pending = make_application(entity, personas["manager"], RequestStatus.OPINION_GIVEN)
    complete_dossier(pending)
    client = as_("national")
    first = client.post(url("request_decide", pending), {"decision-decision": "granted"})
    second = client.post(url("request_decide", pending), {"decision-decision": "granted"})
    assert (first.status_code, second.status_code) == (302, 403)
    assert Accreditation.objects.count() == 1


@pytest.mark.django_db
def test_queue_filters_and_counts_with_constant_queries(
    as_, entity, personas, django_assert_max_num_queries
):
    client = as_("instructor")
    make_application(
        entity, personas["manager"], RequestStatus.TRANSMITTED, transmitted_at=timezone.now()
    )
    client.get(reverse("accreditations:request_list"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("accreditations:request_list"))
    for _ in range(25):
        make_application(
            entity, personas["manager"], RequestStatus.TRANSMITTED, transmitted_at=timezone.now()
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("accreditations:request_list")).content.decode()
    assert "Transmise : 26" in page
    filtered = client.get(
        reverse("accreditations:request_list"), {"status": "granted"}
    ).content.decode()
    assert "Aucune demande ne correspond" in filtered
    for hostile in ["\x00", "x" * 3000, "-5"]:
        assert (
            client.get(
                reverse("accreditations:request_list"),
                {"older_than_days": hostile, "status": hostile},
            ).status_code
            == 200
        )


@pytest.mark.django_db
def test_decision_letter_is_a_pdf_once_decided(as_, entity, personas):
    draft = make_application(entity, personas["manager"])
    client = as_("manager")
    assert client.get(url("decision_letter", draft)).status_code == 404
    pending = make_application(
        entity, personas["manager"], RequestStatus.OPINION_GIVEN, transmitted_at=timezone.now()
    )
    complete_dossier(pending)
    as_("national").post(url("request_decide", pending), {"decision-decision": "granted"})
    response = as_("manager").get(url("decision_letter", pending))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert entity.siret in response["Content-Disposition"]


@pytest.mark.django_db
def test_manager_proposes_and_withdraws_trainers_by_numero_forprev(as_, entity, personas):
    from forprev.trainers.models import TeamMembership
    from tests.factories import UserFactory

    trainer = UserFactory(first_name="Théo", last_name="Dubois")
    TeamMembership.objects.create(entity=entity, trainer=trainer, added_by=personas["manager"])
    outsider = UserFactory(first_name="Zoé", last_name="Inconnue")
    draft = make_application(entity, personas["manager"])
    client = as_("manager")
    client.post(url("trainer_propose", draft), {"trainer-login": trainer.forprev_id.lower()})
    assert list(draft.proposed_trainers.values_list("trainer", flat=True)) == [trainer.pk]
    again = client.post(
        url("trainer_propose", draft), {"trainer-login": trainer.forprev_id}, follow=True
    )
    assert "déjà proposé" in " ".join(messages_of(again))
    # Unknown, staff or not in the team: one refusal, no name (no attaching anyone by numéro).
    for typed in ("ZZZ00000", personas["support"].forprev_id, outsider.forprev_id, outsider.email):
        refused = client.post(url("trainer_propose", draft), {"trainer-login": typed}, follow=True)
        assert "Aucun formateur de votre équipe" in " ".join(messages_of(refused))
        assert "INCONNUE" not in refused.content.decode().upper()
    assert list(draft.proposed_trainers.values_list("trainer", flat=True)) == [trainer.pk]
    proposed = draft.proposed_trainers.get()
    client.post(reverse("accreditations:trainer_withdraw", args=[draft.public_id, proposed.pk]))
    assert not draft.proposed_trainers.exists()
