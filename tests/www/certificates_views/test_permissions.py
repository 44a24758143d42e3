"""Permission matrix of certificate downloads and revocation."""

import pytest

from tests.permissions import LOGIN, cases, check_case, row

SESSION_SCOPE = {"person": 404, "manager_elsewhere": 404, "instructor_elsewhere": 404}


def session(ctx):
    return {"public_id": ctx["session"].public_id}


def one(ctx):
    return {"public_id": ctx["session"].public_id, "number": ctx["certificate"].number}


MATRIX = [
    (
        "training:certificates_pdf",
        "get",
        session,
        row(
            default=200,
            anonymous=LOGIN,
            instructor=403,
            delegate_without_right=403,
            **SESSION_SCOPE,
        ),
    ),
    (
        "training:certificate_pdf",
        "get",
        one,
        row(
            default=200,
            anonymous=LOGIN,
            instructor=403,
            delegate_without_right=403,
            **SESSION_SCOPE,
        ),
    ),
    (
        "certificates:certificate_revoke",
        "get",
        lambda ctx: {"number": ctx["certificate"].number},
        row(default=403, anonymous=LOGIN, support=200, national=200),
    ),
    # Revoked with its reason, then shown as the public verification page shows it.
    (
        "certificates:certificate_revoke",
        "post",
        lambda ctx: {"number": ctx["certificate"].number},
        row(default=403, anonymous=LOGIN, support=302, national=302),
        lambda ctx: {"reason": "Délivré par erreur"},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, closed_session, url_name, method, kwargs, persona, expected):
    context = {"session": closed_session, "certificate": closed_session.certificates.first()}
    check_case(login_as(persona), context, url_name, method, kwargs, expected)
