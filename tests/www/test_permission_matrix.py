"""Permission matrix: every URL of the application × every persona → expected status.

``tests/test_consistency.py`` fails when a URL pattern has no row here.
"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from forprev.accounts.services import EMAIL_CHANGE_SALT
from forprev.entities.forms import EntityProfileForm
from forprev.entities.rules import LOCKED_FIELDS, MANAGER_EDITABLE_FIELDS
from forprev.switchover.models import MigrationRun
from tests.factories import PASSWORD
from tests.permissions import LOGIN, NO_BODY, cases, check_case, form_data, row

NEW_PASSWORD = "Autre-Phrase-de-passe-2026!"
STAFF_OTP = {"instructor": 302, "instructor_elsewhere": 302, "support": 302, "national": 302}


def reset_link(ctx):
    """A real reset link of the « person » persona (the view moves the token to the session)."""
    user = ctx["personas"]["person"]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return {"uidb64": uid, "token": default_token_generator.make_token(user)}


def email_link(ctx):
    """The persona's own confirmation link of a pending e-mail change."""
    user = ctx["user"]
    if user is None:
        return {"token": "anything"}
    user.pending_email = f"nouvelle-{user.pk}@exemple.fr"
    user.save()
    return {"token": signing.dumps({"u": user.pk, "e": user.pending_email}, salt=EMAIL_CHANGE_SALT)}


def my_info(ctx):
    user = ctx["user"]
    email = user.email if user else "personne@exemple.fr"
    return {"last_name": "Martin", "first_name": "Lou", "email": email}


def own_entity(ctx):
    membership = ctx["user"].memberships.first() if ctx["user"] else None
    return {"entity": str(membership.entity.public_id) if membership else ""}


def tronc_commun(ctx):
    form = EntityProfileForm(
        instance=ctx["entity"], editable=LOCKED_FIELDS + MANAGER_EDITABLE_FIELDS
    )
    return form_data(form, phone="04 91 12 34 56")


def delegate_rights(ctx):
    return {f"m{ctx['delegate_membership'].pk}-rights": ["declare_sessions"]}


# (url name, method, kwargs builder, expected per persona)
MATRIX = [
    ("public:home", "get", None, row(default=200)),
    ("public:help", "get", None, row(default=200)),
    ("public:healthz", "get", None, row(default=200)),
    ("public:robots", "get", None, row(default=200)),
    ("public:sitemap", "get", None, row(default=200)),
    ("accounts:login", "get", None, row(default=302, anonymous=200)),
    # Logged in: sent to their space; anonymous: logged in as « person ».
    (
        "accounts:login",
        "post",
        None,
        row(default=302),
        lambda ctx: {"username": ctx["personas"]["person"].forprev_id, "password": PASSWORD},
    ),
    ("accounts:logout", "post", None, row(default=302), NO_BODY),
    ("accounts:password_reset", "get", None, row(default=200)),
    (
        "accounts:password_reset",
        "post",
        None,
        row(default=302),
        lambda ctx: {"email": ctx["personas"]["person"].email},
    ),
    ("accounts:password_reset_done", "get", None, row(default=200)),
    (
        "accounts:password_reset_confirm",
        "get",
        lambda ctx: {"uidb64": "MQ", "token": "bad-token"},
        row(default=200),
    ),
    (
        "accounts:password_reset_confirm",
        "post",
        reset_link,
        row(default=302),
        lambda ctx: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    ("accounts:password_reset_complete", "get", None, row(default=200)),
    (
        "accounts:otp_verify",
        "get",
        None,
        row(default=403, anonymous=LOGIN, instructor=302, instructor_elsewhere=302, support=302, national=302),
    ),
    # Staff already verified (the personas' session is): sent on; others have no second factor.
    ("accounts:otp_verify", "post", None, row(default=403, anonymous=LOGIN, **STAFF_OTP), lambda ctx: {"token": "123456"}),
    (
        "accounts:otp_setup",
        "get",
        None,
        row(default=403, anonymous=LOGIN, instructor=302, instructor_elsewhere=302, support=302, national=302),
    ),
    ("accounts:otp_setup", "post", None, row(default=403, anonymous=LOGIN, **STAFF_OTP), lambda ctx: {"token": "123456"}),
    ("accounts:my_info", "get", None, row(default=200, anonymous=LOGIN)),
    ("accounts:my_info_edit", "get", None, row(default=200, anonymous=LOGIN)),
    ("accounts:my_info_edit", "post", None, row(default=302, anonymous=LOGIN), my_info),
    ("accounts:my_info_validate", "post", None, row(default=302), NO_BODY),
    ("accounts:password_change", "get", None, row(default=200, anonymous=LOGIN)),
    (
        "accounts:password_change",
        "post",
        None,
        row(default=302, anonymous=LOGIN),
        lambda ctx: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    ("accounts:email_confirm", "get", email_link, row(default=200, anonymous=LOGIN)),
    ("accounts:email_confirm", "post", email_link, row(default=302, anonymous=LOGIN), NO_BODY),
    ("dashboard:home", "get", None, row(default=200, anonymous=LOGIN)),
    (
        "dashboard:choose_entity",
        "get",
        None,
        row(default=404, anonymous=LOGIN, manager=200, delegate=200, delegate_without_right=200, manager_elsewhere=200),
    ),
    (
        "dashboard:choose_entity",
        "post",
        None,
        row(default=404, anonymous=LOGIN, manager=302, delegate=302, delegate_without_right=302, manager_elsewhere=302),
        own_entity,
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
        "entities:entity_edit",
        "post",
        lambda ctx: {"public_id": ctx["entity"].public_id},
        row(
            default=403,
            anonymous=LOGIN,
            person=404,
            manager=302,
            manager_elsewhere=404,
            instructor=302,
            instructor_elsewhere=404,
        ),
        tronc_commun,
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
        delegate_rights,
    ),
    (
        "entities:delegate_revoke",
        "post",
        lambda ctx: {"public_id": ctx["entity"].public_id, "membership_id": ctx["delegate_membership"].public_id},
        row(default=403, anonymous=LOGIN, person=404, manager=302, manager_elsewhere=404, instructor_elsewhere=404),
        NO_BODY,
    ),
    (
        "referentials:index",
        "get",
        None,
        row(default=403, anonymous=LOGIN, instructor=200, instructor_elsewhere=200, support=200, national=200),
    ),
    ("audit:audit_log", "get", None, row(default=403, anonymous=LOGIN, support=200, national=200)),
    # The filter (maybe a person's name) is POSTed, the results kept under a search id (302).
    ("audit:audit_log", "post", None, row(default=403, anonymous=LOGIN, support=302, national=302), lambda ctx: {"objet": "VIEUX-PORT"}),
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
        "personas": personas,
        "user": personas[persona],
    }
    check_case(client, context, url_name, method, kwargs, expected)


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
