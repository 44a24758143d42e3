"""Permission matrix of what happens after closing: support's changes, regularisations."""

import pytest

from forprev.training.enums import RegularisationKind
from forprev.training.models import RegularisationRequest
from forprev.training.regularisation_forms import AmendmentForm
from tests.permissions import LOGIN, cases, check_case, form_data, row

OUT_OF_SCOPE = {"person": 404, "manager_elsewhere": 404, "instructor_elsewhere": 404}


def session(ctx):
    return {"public_id": ctx["session"].public_id}


def request(ctx):
    return {"public_id": ctx["request"].public_id}


def amendment(ctx):
    """The session as it is, in another town, with the reason."""
    session = ctx["session"]
    initial = {
        "programme_level": session.programme_level_id,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "place_address": session.place_address,
        "place_city": session.place_city,
        "trainers": ", ".join(t.trainer.forprev_id for t in session.trainers.all()),
    }
    return form_data(
        AmendmentForm(initial=initial), place_city="Aubagne", reason="Erreur de commune"
    )


MATRIX = [
    (
        "training:session_amend",
        "get",
        session,
        row(default=403, anonymous=LOGIN, support=200, **OUT_OF_SCOPE),
    ),  # fmt: skip
    (
        "training:session_amend",
        "post",
        session,
        row(default=403, anonymous=LOGIN, support=302, **OUT_OF_SCOPE),
        amendment,
    ),
    # A delegate without a session right sees no regularisation (tests/www/test_delegate_rights.py).
    (
        "regularisations:request_list",
        "get",
        None,
        row(default=200, anonymous=LOGIN, person=403, delegate_without_right=403),
    ),
    (
        "regularisations:request_create",
        "get",
        None,
        row(default=403, anonymous=LOGIN, manager=200, manager_elsewhere=200),
    ),
    # A session the requester's entity has (the other entity's manager asks about a forgotten one).
    (
        "regularisations:request_create",
        "post",
        None,
        row(default=403, anonymous=LOGIN, manager=302, manager_elsewhere=302),
        lambda ctx: {
            "kind": "forgotten_session",
            "session": "",
            "explanation": "Session du 3 mars oubliée",
        },
    ),
    (
        "regularisations:request_detail",
        "get",
        request,
        row(default=200, anonymous=LOGIN, delegate_without_right=404, **OUT_OF_SCOPE),
    ),  # fmt: skip
    # The instructor of the caisse authorises.
    (
        "regularisations:request_decide",
        "post",
        request,
        row(
            default=403, anonymous=LOGIN, instructor=302, delegate_without_right=404, **OUT_OF_SCOPE
        ),
        lambda ctx: {"decision": "authorise", "reason": "Commune corrigée"},
    ),  # fmt: skip
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, closed_session, personas, url_name, method, kwargs, persona, expected):  # fmt: skip
    wrong_data = RegularisationRequest.objects.create(
        entity=closed_session.entity,
        session=closed_session,
        kind=RegularisationKind.WRONG_DATA,
        explanation="Mauvaise commune",
        requested_by=personas["manager"],
    )
    client = login_as(persona)
    check_case(
        client,
        {"session": closed_session, "request": wrong_data},
        url_name,
        method,
        kwargs,
        expected,
    )
