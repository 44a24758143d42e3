"""Permission matrix of the trainers screens."""

import pytest

from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.models import TeamMembership
from tests.factories import UserFactory
from tests.permissions import LOGIN, NO_BODY, cases, check_case, row

NO_ENTITY = {"person": 403, "instructor": 403, "instructor_elsewhere": 403, "support": 403, "national": 403}  # fmt: skip


def membership(ctx):
    return {"membership_id": ctx["team_membership"].public_id}


MATRIX = [
    ("trainers:team_list", "get", None, row(default=200, anonymous=LOGIN, **NO_ENTITY)),
    (
        "trainers:team_list",
        "post",
        None,
        row(default=302, anonymous=LOGIN, delegate_without_right=403, **NO_ENTITY),
        lambda ctx: {"identifier": "formatrice@exemple.fr"},
    ),
    (
        "trainers:team_remove",
        "post",
        membership,
        row(
            default=302,
            anonymous=LOGIN,
            delegate_without_right=403,
            manager_elsewhere=404,
            **NO_ENTITY,
        ),
        NO_BODY,
    ),
    ("trainers:my_space", "get", None, row(default=200, anonymous=LOGIN)),
    (
        "trainers:certificate_record",
        "get",
        None,
        row(default=403, anonymous=LOGIN, support=200, national=200),
    ),
    (
        "trainers:certificate_record",
        "post",
        None,
        row(default=403, anonymous=LOGIN, support=302, national=302),
        lambda ctx: {
            "holder": UserFactory().forprev_id,
            "programme_level": ProgrammeLevel.objects.get(programme__code="SST", level=2).pk,
            "issued_on": "2025-01-15",
        },
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, personas, entity, url_name, method, kwargs, persona, expected):
    team_membership = TeamMembership.objects.create(
        entity=entity, trainer=UserFactory(), added_by=personas["manager"]
    )
    client = login_as(persona)
    check_case(
        client,
        {"entity": entity, "team_membership": team_membership},
        url_name,
        method,
        kwargs,
        expected,
    )
