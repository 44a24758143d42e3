"""Permission matrix of the public application: everyone reaches the page; logged-in people get
an explanation instead of the form (tests/www/apply_views/test_apply.py)."""

import pytest

from tests.permissions import cases, check_case, row

MATRIX = [
    ("apply:start", "get", None, row(default=200)),
    # A logged-in person's POST is not processed: the explanation page again.
    ("apply:start", "post", None, row(default=200)),
]

CASES = cases(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), CASES)
def test_permission_matrix(login_as, entity, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    check_case(client, {"entity": entity}, url_name, method, kwargs, expected)
