"""Public verification pages: the same answer for every persona."""

import pytest

from tests.permissions import cases, check_case, row

MATRIX = [
    ("verification:verify_form", "get", None, row(default=200)),
    (
        "verification:verify_code",
        "get",
        lambda ctx: {"code": "code-inconnu"},
        row(default=404),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, url_name, method, kwargs, persona, expected):
    check_case(login_as(persona), {}, url_name, method, kwargs, expected)
