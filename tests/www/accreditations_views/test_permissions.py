"""Permission matrix of the application (demande d'habilitation) screens and actions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forprev.accreditations.enums import RequestStatus as S
from forprev.accreditations.models import AccreditationRequest, ProposedTrainer
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.models import TeamMembership
from tests.accreditations.dossiers import complete_dossier
from tests.factories import UserFactory
from tests.permissions import LOGIN, NO_BODY, cases, check_case, row
from tests.www.accreditations_views.conftest import PDF_BYTES


def in_state(status):
    return lambda ctx: {"public_id": ctx["applications"]["by_status"][status].public_id}


def complete_in(status):
    """The application in ``status``, its dossier complete (a favourable opinion or a grant
    needs it)."""

    def kwargs(ctx):
        application = ctx["applications"]["by_status"][status]
        complete_dossier(application)
        return {"public_id": application.public_id}

    return kwargs


def document(ctx):
    doc = ctx["applications"]["document"]
    return {"public_id": doc.request.public_id, "document_id": doc.public_id}


def team_trainer(ctx):
    """A trainer of the entity's équipe pédagogique: only they can be proposed."""
    draft = ctx["applications"]["by_status"][S.DRAFT]
    trainer = UserFactory()
    TeamMembership.objects.create(entity=draft.entity, trainer=trainer, added_by=trainer)
    return {"trainer-login": trainer.forprev_id}


ENTITY_SCOPE = {"person": 404, "manager_elsewhere": 404, "instructor_elsewhere": 404}
DENIED_IN_SCOPE = {"delegate": 403, "delegate_without_right": 403, "instructor": 403, "support": 403, "national": 403, "manager": 403}  # fmt: skip


def action(**allowed):
    """A POST action on ``entity``'s application: outside scope 404, in scope 403 unless allowed."""
    return row(default=403, anonymous=LOGIN, **ENTITY_SCOPE, **allowed)


def proposed(ctx):
    """A trainer proposed on the draft, to withdraw."""
    draft = ctx["applications"]["by_status"][S.DRAFT]
    trainer = ProposedTrainer.objects.create(request=draft, trainer=UserFactory())
    return {"public_id": draft.public_id, "proposed_id": trainer.pk}


def only_draft(ctx):
    """The draft, with no other application of the entity in progress (one at a time), its
    dossier complete (tronc commun, pieces, a certified trainer)."""
    draft = ctx["applications"]["by_status"][S.DRAFT]
    AccreditationRequest.objects.filter(entity=draft.entity).exclude(pk=draft.pk).delete()
    entity = draft.entity
    entity.head_name, entity.phone = "Mme Claire Fabre", "04 91 00 00 00"
    entity.contact_email = "contact@boulangerie.fr"
    entity.save()
    complete_dossier(draft)
    return {"public_id": draft.public_id}


def new_document(ctx):
    pdf = SimpleUploadedFile("attestation.pdf", PDF_BYTES, content_type="application/pdf")
    return {"document-kind": "commitment", "document-file": pdf}


def new_request(ctx):
    level = ProgrammeLevel.objects.get(programme__code="SST", level=1)
    return {"kind": "initial", "programme_levels": [level.pk]}


MATRIX = [
    (
        "accreditations:request_list",
        "get",
        None,
        row(default=200, anonymous=LOGIN, person=403, delegate_without_right=403),
    ),
    (
        "accreditations:request_create",
        "get",
        None,
        row(default=403, anonymous=LOGIN, manager=200, manager_elsewhere=200),
    ),
    (
        "accreditations:request_create",
        "post",
        None,
        row(default=403, anonymous=LOGIN, manager=302, manager_elsewhere=302),
        new_request,
    ),
    (
        "accreditations:request_detail",
        "get",
        in_state(S.DRAFT),
        row(default=200, anonymous=LOGIN, delegate_without_right=403, **ENTITY_SCOPE),
    ),
    (
        "accreditations:document_download",
        "get",
        document,
        row(default=200, anonymous=LOGIN, delegate_without_right=403, **ENTITY_SCOPE),
    ),
    (
        "accreditations:decision_letter",
        "get",
        in_state(S.GRANTED),
        row(default=200, anonymous=LOGIN, delegate_without_right=403, **ENTITY_SCOPE),
    ),
    ("accreditations:document_add", "post", in_state(S.DRAFT), action(manager=302), new_document),
    (
        "accreditations:document_remove",
        "get",
        document,
        row(default=403, anonymous=LOGIN, manager=200, **ENTITY_SCOPE),
    ),
    ("accreditations:document_remove", "post", document, action(manager=302), NO_BODY),
    (
        "accreditations:trainer_propose",
        "post",
        in_state(S.DRAFT),
        action(manager=302),
        team_trainer,
    ),
    ("accreditations:trainer_withdraw", "post", proposed, action(manager=302), NO_BODY),
    (
        "accreditations:comment_add",
        "post",
        in_state(S.DRAFT),
        action(manager=302, instructor=302),
        lambda ctx: {"comment-body": "Pouvez-vous préciser le calendrier ?"},
    ),
    (
        "accreditations:request_transmit",
        "post",
        only_draft,
        action(manager=302),
        NO_BODY,
    ),
    (
        "accreditations:request_complete",
        "post",
        in_state(S.COMPLEMENTS_REQUESTED),
        action(manager=302),
        lambda ctx: {"complete-message": "L'attestation est ajoutée."},
    ),
    (
        "accreditations:request_take",
        "post",
        in_state(S.TRANSMITTED),
        action(instructor=302),
        NO_BODY,
    ),
    (
        "accreditations:request_ask_complements",
        "post",
        in_state(S.UNDER_REVIEW),
        action(instructor=302),
        lambda ctx: {"complements-message": "Il manque l'attestation d'assurance."},
    ),
    (
        "accreditations:request_opinion",
        "post",
        complete_in(S.UNDER_REVIEW),
        action(instructor=302),
        lambda ctx: {"opinion-opinion": "favourable", "opinion-reason": ""},
    ),
    (
        "accreditations:request_decide",
        "post",
        complete_in(S.OPINION_GIVEN),
        action(national=302),
        lambda ctx: {"decision-decision": "granted", "decision-reason": ""},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(
    login_as, entity, applications, url_name, method, kwargs, persona, expected
):
    client = login_as(persona)
    check_case(
        client, {"entity": entity, "applications": applications}, url_name, method, kwargs, expected
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in S if s != S.TRANSMITTED])
def test_instructor_cannot_take_an_application_in_another_state(login_as, applications, status):
    from django.urls import reverse

    application = applications["by_status"][status]
    response = login_as("instructor").post(
        reverse("accreditations:request_take", args=[application.public_id])
    )
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in S if s != S.OPINION_GIVEN])
def test_national_cannot_decide_before_the_caisse_opinion(login_as, applications, status):
    from django.urls import reverse

    application = applications["by_status"][status]
    response = login_as("national").post(
        reverse("accreditations:request_decide", args=[application.public_id]),
        {"decision-decision": "granted"},
    )
    assert response.status_code == 403
