"""Permission matrix of the application (demande d'habilitation) screens and actions."""

import pytest

from forprev.accreditations.enums import RequestStatus as S
from tests.permissions import LOGIN, cases, check_case, row


def in_state(status):
    return lambda ctx: {"public_id": ctx["applications"]["by_status"][status].public_id}


def document(ctx):
    doc = ctx["applications"]["document"]
    return {"public_id": doc.request.public_id, "document_id": doc.public_id}


ENTITY_SCOPE = {"person": 404, "manager_elsewhere": 404, "instructor_elsewhere": 404}
DENIED_IN_SCOPE = {"delegate": 403, "delegate_without_right": 403, "instructor": 403, "support": 403, "national": 403, "manager": 403}  # fmt: skip


def action(**allowed):
    """A POST action on ``entity``'s application: outside scope 404, in scope 403 unless allowed."""
    return row(default=403, anonymous=LOGIN, **ENTITY_SCOPE, **allowed)


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
    ("accreditations:document_add", "post", in_state(S.DRAFT), action(manager=302)),
    ("accreditations:trainer_propose", "post", in_state(S.DRAFT), action(manager=302)),
    (
        "accreditations:trainer_withdraw",
        "post",
        lambda ctx: {
            "public_id": ctx["applications"]["by_status"][S.DRAFT].public_id,
            "proposed_id": 999999,
        },
        action(manager=404),
    ),
    ("accreditations:comment_add", "post", in_state(S.DRAFT), action(manager=302, instructor=302)),
    ("accreditations:request_transmit", "post", in_state(S.DRAFT), action(manager=302)),
    (
        "accreditations:request_complete",
        "post",
        in_state(S.COMPLEMENTS_REQUESTED),
        action(manager=302),
    ),
    ("accreditations:request_take", "post", in_state(S.TRANSMITTED), action(instructor=302)),
    (
        "accreditations:request_ask_complements",
        "post",
        in_state(S.UNDER_REVIEW),
        action(instructor=302),
    ),
    ("accreditations:request_opinion", "post", in_state(S.UNDER_REVIEW), action(instructor=302)),
    ("accreditations:request_decide", "post", in_state(S.OPINION_GIVEN), action(national=302)),
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
