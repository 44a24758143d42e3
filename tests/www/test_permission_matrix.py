"""Permission matrix: every URL of the application × every persona → expected status.

``tests/test_consistency.py`` fails when a URL pattern has no row here.
"""

import pytest
from django.urls import reverse

from forprev.switchover.models import MigrationRun
from tests.permissions import LOGIN, cases, row

# (url name, method, kwargs builder, expected per persona)
MATRIX = [
    ("public:home", "get", None, row(default=200)),
    ("public:help", "get", None, row(default=200)),
    ("public:healthz", "get", None, row(default=200)),
    ("public:robots", "get", None, row(default=200)),
    ("public:sitemap", "get", None, row(default=200)),
    ("accounts:login", "get", None, row(default=302, anonymous=200)),
    ("accounts:logout", "post", None, row(default=302)),
    ("accounts:password_reset", "get", None, row(default=200)),
    ("accounts:password_reset_done", "get", None, row(default=200)),
    (
        "accounts:password_reset_confirm",
        "get",
        lambda ctx: {"uidb64": "MQ", "token": "bad-token"},
        row(default=200),
    ),
    ("accounts:password_reset_complete", "get", None, row(default=200)),
    (
        "accounts:otp_verify",
        "get",
        None,
        row(default=403, anonymous=LOGIN, instructor=302, instructor_elsewhere=302, support=302, national=302),
    ),
    (
        "accounts:otp_setup",
        "get",
        None,
        row(default=403, anonymous=LOGIN, instructor=302, instructor_elsewhere=302, support=302, national=302),
    ),
    ("accounts:my_info", "get", None, row(default=200, anonymous=LOGIN)),
    ("accounts:my_info_edit", "get", None, row(default=200, anonymous=LOGIN)),
    ("accounts:my_info_validate", "post", None, row(default=302)),
    ("accounts:password_change", "get", None, row(default=200, anonymous=LOGIN)),
    (
        "accounts:email_confirm",
        "get",
        lambda ctx: {"token": "anything"},
        row(default=200, anonymous=LOGIN),
    ),
    ("dashboard:home", "get", None, row(default=200, anonymous=LOGIN)),
    (
        "dashboard:choose_entity",
        "get",
        None,
        row(default=404, anonymous=LOGIN, manager=200, delegate=200, delegate_without_right=200, manager_elsewhere=200),
    ),
    (
        "entities:entity_list",
        "get",
        None,
        row(default=200, anonymous=LOGIN, person=403),
    ),
    (
        "entities:entity_detail",
        "get",
        lambda ctx: {"public_id": ctx["entity"].public_id},
        row(default=200, anonymous=LOGIN, person=404, manager_elsewhere=404, instructor_elsewhere=404),
    ),
    (
        "entities:entity_edit",
        "get",
        lambda ctx: {"public_id": ctx["entity"].public_id},
        row(
            default=403,
            anonymous=LOGIN,
            person=404,
            manager=200,
            manager_elsewhere=404,
            instructor=200,
            instructor_elsewhere=404,
        ),
    ),
    (
        "entities:delegate_list",
        "get",
        lambda ctx: {"public_id": ctx["entity"].public_id},
        row(
            default=200,
            anonymous=LOGIN,
            person=404,
            delegate=403,
            delegate_without_right=403,
            manager_elsewhere=404,
            instructor_elsewhere=404,
        ),
    ),
    (
        "entities:delegate_update",
        "post",
        lambda ctx: {"public_id": ctx["entity"].public_id, "membership_id": ctx["delegate_membership"].public_id},
        row(default=403, anonymous=LOGIN, person=404, manager=302, manager_elsewhere=404, instructor_elsewhere=404),
    ),
    (
        "entities:delegate_revoke",
        "post",
        lambda ctx: {"public_id": ctx["entity"].public_id, "membership_id": ctx["delegate_membership"].public_id},
        row(default=403, anonymous=LOGIN, person=404, manager=302, manager_elsewhere=404, instructor_elsewhere=404),
    ),
    (
        "referentials:index",
        "get",
        None,
        row(default=403, anonymous=LOGIN, instructor=200, instructor_elsewhere=200, support=200, national=200),
    ),
    ("audit:audit_log", "get", None, row(default=403, anonymous=LOGIN, support=200, national=200)),
    ("admin:index", "get", None, row(default=302, support=200, national=200)),
    ("api:openapi-json", "get", None, row(default=200)),
    ("api:list_programmes", "get", None, row(default=200)),
    ("api:list_caisses", "get", None, row(default=200)),
    ("api:api-root", "get", None, row(default=404)),
    # Reconciliation of the migration (richer cases: tests/www/switchover_views/test_reconciliation.py).
    ("switchover:reconciliation_list", "get", None, row(default=403, anonymous=LOGIN, instructor=200, instructor_elsewhere=200, support=200, national=200)),
    (
        "switchover:reconciliation_detail",
        "get",
        lambda ctx: {"public_id": MigrationRun.objects.create(source="export").public_id},
        row(default=403, anonymous=LOGIN, instructor=200, instructor_elsewhere=200, support=200, national=200),
    ),
    (
        "switchover:reconciliation_issues_csv",
        "get",
        lambda ctx: {"public_id": MigrationRun.objects.create(source="export").public_id},
        row(default=403, anonymous=LOGIN, instructor=200, instructor_elsewhere=200, support=200, national=200),
    ),
]  # fmt: skip

CASES = cases(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), CASES)
def test_permission_matrix(login_as, personas, entity, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    context = {
        "entity": entity,
        "delegate_membership": entity.memberships.get(user=personas["delegate_without_right"]),
    }
    url = reverse(url_name, kwargs=kwargs(context) if kwargs else None)
    response = getattr(client, method)(url)
    assert response.status_code == expected, (url, persona)


@pytest.mark.django_db
def test_staff_without_second_factor_is_sent_to_verification(client, personas):
    client.force_login(personas["instructor"])
    response = client.get(reverse("entities:entity_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:otp_verify"))
    # No device yet: the verification page sends them to the set-up page.
    assert client.get(response.url).url == reverse("accounts:otp_setup")


@pytest.mark.django_db
def test_admin_change_rights_follow_roles(login_as):
    client = login_as("national")
    assert client.get(reverse("admin:referentials_programme_changelist")).status_code == 200
    add_entity = client.get(reverse("admin:entities_entity_add"))
    assert add_entity.status_code == 403
    client = login_as("support")
    assert client.get(reverse("admin:referentials_programme_add")).status_code == 403
    assert client.get(reverse("admin:entities_entity_changelist")).status_code == 200
