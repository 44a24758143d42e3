"""Permission matrix of the switch-over pages: a manager's to-do list, the readiness dashboard
(caisses and national level), an entity's findings, the CSV exports."""

import pytest

from tests.permissions import LOGIN, NO_BODY, cases, check_case, row
from tests.www.switchover_views.world import OF_ID, personas_run

STAFF_ONLY = row(
    default=403,
    anonymous=LOGIN,
    instructor=200,
    instructor_elsewhere=200,
    support=200,
    national=200,
)


def personas_entity(ctx):
    return {"legacy_id": OF_ID}


MATRIX = [
    # The manager (CEH) of the active entity; other members and staff have no such list.
    ("switchover:todo_list", "get", None, row(default=403, anonymous=LOGIN, manager=200, manager_elsewhere=200)),
    ("switchover:readiness", "get", None, STAFF_ONLY),
    # Starting the check of the export on the server: whoever follows the dashboard (302 back).
    (
        "switchover:readiness_check_start",
        "post",
        None,
        row(default=403, anonymous=LOGIN, instructor=302, instructor_elsewhere=302, support=302, national=302),
        NO_BODY,
    ),
    ("switchover:readiness_export", "get", None, STAFF_ONLY),
    ("switchover:findings_export", "get", None, STAFF_ONLY),
    # The personas' entity is Carsat Sud-Est's: another caisse's instructor does not find it.
    (
        "switchover:readiness_entity",
        "get",
        personas_entity,
        row(default=403, anonymous=LOGIN, instructor=200, instructor_elsewhere=404, support=200, national=200),
    ),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, entity, other_entity, tmp_path, settings, url_name, method, kwargs, persona, expected):  # fmt: skip
    personas_run(tmp_path / "export", entity, other_entity)
    settings.FORPREV_SWITCHOVER_EXPORT_DIR = str(tmp_path / "export")
    client = login_as(persona)
    check_case(client, {}, url_name, method, kwargs, expected)
