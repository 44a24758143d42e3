"""Public verification pages: the same answer for every persona."""

import pytest

from tests.permissions import cases, check_case, row


def holder(ctx):
    """A valid look-up by number: the number and its holder's last name."""
    certificate = ctx["certificate"]
    return {"number": certificate.number, "last_name": certificate.person.last_name}


MATRIX = [
    ("verification:verify_form", "get", None, row(default=200)),
    ("verification:verify_form", "post", None, row(default=200), holder),
    (
        "verification:verify_code",
        "get",
        lambda ctx: {"code": "code-inconnu"},
        row(default=404),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, closed_session, url_name, method, kwargs, persona, expected):
    context = {"certificate": closed_session.certificates.select_related("person").first()}
    check_case(login_as(persona), context, url_name, method, kwargs, expected)
