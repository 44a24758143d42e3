"""Permission matrix of the bulk-extension screens: the national role only."""

import pytest

from forprev.accreditations.services.extensions import ExtensionRule, extension_candidates
from tests.factories import AccreditationFactory
from tests.permissions import LOGIN, cases, check_case, row

NATIONAL_ONLY = row(default=403, anonymous=LOGIN, national=200)


def rule(ctx):
    """Prolong by six months the habilitations expiring on the day one of the entity's does."""
    day = AccreditationFactory(entity=ctx["entity"]).expires_on
    count = extension_candidates(
        ExtensionRule(expiring_from=day, expiring_to=day, months=6)
    ).count()
    return {
        "expiring_from": day.isoformat(),
        "expiring_to": day.isoformat(),
        "months": 6,
        "expected_count": count,
    }


MATRIX = [
    ("extensions:extension_preview", "get", None, NATIONAL_ONLY),
    # The rule the preview showed, confirmed: prolonged, back to the preview (302).
    (
        "extensions:extension_apply",
        "post",
        None,
        row(default=403, anonymous=LOGIN, national=302),
        rule,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, entity, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    check_case(client, {"entity": entity}, url_name, method, kwargs, expected)
