"""Permission matrix of what happens after closing: support's changes, regularisations."""

import pytest

from forprev.training.enums import RegularisationKind
from forprev.training.models import RegularisationRequest
from tests.permissions import LOGIN, cases, check_case, row

OUT_OF_SCOPE = {"person": 404, "manager_elsewhere": 404, "instructor_elsewhere": 404}


def session(ctx):
    return {"public_id": ctx["session"].public_id}


def request(ctx):
    return {"public_id": ctx["request"].public_id}


MATRIX = [
    (
        "training:session_amend",
        "get",
        session,
        row(default=403, anonymous=LOGIN, support=200, **OUT_OF_SCOPE),
    ),  # fmt: skip
    ("regularisations:request_list", "get", None, row(default=200, anonymous=LOGIN, person=403)),
    (
        "regularisations:request_create",
        "get",
        None,
        row(default=403, anonymous=LOGIN, manager=200, manager_elsewhere=200),
    ),
    (
        "regularisations:request_detail",
        "get",
        request,
        row(default=200, anonymous=LOGIN, **OUT_OF_SCOPE),
    ),  # fmt: skip
    # An empty decision: the instructor of the caisse gets the form back with its errors.
    (
        "regularisations:request_decide",
        "post",
        request,
        row(default=403, anonymous=LOGIN, instructor=200, **OUT_OF_SCOPE),
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
