"""Permission matrix of the scheduled jobs page: support and national only."""

import pytest

from tests.permissions import LOGIN, NO_BODY, cases, check_case, row

VIEWERS = row(default=403, anonymous=LOGIN, support=200, national=200)
RUNNERS = row(default=403, anonymous=LOGIN, support=302, national=302)

MATRIX = [
    ("scheduler:job_list", "get", None, VIEWERS),
    ("scheduler:job_run", "post", lambda ctx: {"key": "expiry-reminders"}, RUNNERS, NO_BODY),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name,method,kwargs,persona,expected", cases(MATRIX))
def test_scheduler_permissions(login_as, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    check_case(client, {}, url_name, method, kwargs, expected)
