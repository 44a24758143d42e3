"""Permission matrix of the bulk-extension screens: the national role only."""

import pytest

from tests.permissions import LOGIN, cases, check_case, row

NATIONAL_ONLY = row(default=403, anonymous=LOGIN, national=200)

MATRIX = [
    ("extensions:extension_preview", "get", None, NATIONAL_ONLY),
    # An empty POST: the national role sees the form errors (200), nothing is written.
    ("extensions:extension_apply", "post", None, NATIONAL_ONLY),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, entity, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    check_case(client, {"entity": entity}, url_name, method, kwargs, expected)
