"""The permission-matrix harness: rows of expected statuses per persona, and the test body.

Each screen package declares ``MATRIX`` in ``tests/www/<package>/test_permissions.py`` (or the
main ``tests/www/test_permission_matrix.py``) and parametrizes with ``cases(MATRIX)``;
``tests/test_consistency.py`` checks that every URL name has a row in one of them.
"""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS

LOGIN = 302  # anonymous → login page


def row(**statuses):
    """Expected status per persona; ``default`` fills the rest."""
    default = statuses.pop("default")
    unknown = set(statuses) - set(PERSONAS)
    assert not unknown, f"unknown personas: {unknown}"
    return {persona: statuses.get(persona, default) for persona in PERSONAS}


def cases(matrix):
    """``matrix``: (url name, method, kwargs builder taking the context dict or None, row)."""
    return [
        pytest.param(name, method, kwargs, persona, expected[persona], id=f"{name}-{persona}")
        for name, method, kwargs, expected in matrix
        for persona in PERSONAS
    ]


def check_case(client, context, url_name, method, kwargs, expected, data=None):
    url = reverse(url_name, kwargs=kwargs(context) if kwargs else None)
    response = getattr(client, method)(url, data or {})
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
        response.close()
    assert response.status_code == expected, (url, response.status_code, expected)
    return response
