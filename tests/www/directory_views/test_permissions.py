"""Permission matrix of the public directory: open to every persona, logged in or not."""

import pytest

from tests.factories import AccreditationFactory
from tests.permissions import cases, check_case, row

# (url name, method, kwargs builder, expected per persona)
MATRIX = [
    ("directory:entity_list", "get", None, row(default=200)),
    ("directory:session_list", "get", None, row(default=200)),
    (
        "directory:entity_detail",
        "get",
        lambda ctx: {"public_id": ctx["entity"].public_id},
        row(default=200),
    ),
    # An entity without an active habilitation has no public page, whoever asks.
    (
        "directory:entity_detail",
        "get",
        lambda ctx: {"public_id": ctx["other_entity"].public_id},
        row(default=404),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_directory_permissions(
    login_as, entity, other_entity, url_name, method, kwargs, persona, expected
):
    AccreditationFactory(entity=entity)
    AccreditationFactory(entity=other_entity, withdrawn=True)
    context = {"entity": entity, "other_entity": other_entity}
    check_case(login_as(persona), context, url_name, method, kwargs, expected)
