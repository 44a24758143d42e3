"""The back office (``/admin/``) in the permission matrix: every registered model's pages and the
site's own pages × every persona and a superuser, against the policy written here (the same as
``forprev.accounts.rules``, restated so that a change of the code shows up as a failure):

- no persona without ``is_staff`` enters (anonymous, members, trainers, instructors: sent to the
  admin's login page, which only says the account has no access);
- support and national read référentiels, accounts, entities and the audit log, nothing else;
- national also adds, changes and deletes référentiels;
- superusers do anything the model's admin allows (some admins are read-only for everyone).

The consistency test (``tests/test_consistency.py``) finds the admin's URL names here.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from forprev.referentials.models import Caisse, Department
from tests.conftest import PERSONAS, login
from tests.factories import UserFactory
from tests.permissions import LOGIN, NO_BODY, check_case

ADMIN_PERSONAS = (*PERSONAS, "superuser")
STAFF = {"support", "national", "superuser"}
# Back-office sections support and national may read (accounts.rules.BACK_OFFICE_APPS).
READABLE_APPS = {"referentials", "accounts", "entities", "auditlog"}
EDITABLE_BY_NATIONAL = {"referentials"}
# What a model's admin refuses even to a superuser (read-only admins).
NO_ADD = {
    "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog", "auditlog.LogEntry",
    "django_tasks_database.DBTaskResult", "people.PersonMerge", "people.MergeRequest",
    "people.DuplicateCandidate", "switchover.ConformityRun", "switchover.MigrationRun",
    # Answered by their invitee, issued by a national administrator, run by the scheduler.
    "entities.Invitation", "entities.PendingApplication", "accounts.OtpEnrolment", "core.JobRun",
}  # fmt: skip
NO_DELETE = {
    "auditlog.LogEntry", "django_tasks_database.DBTaskResult", "people.PersonMerge",
    "people.MergeRequest", "people.DuplicateCandidate", "entities.Invitation", "core.JobRun",
}  # fmt: skip
# Not staff: the admin sends them to its login page (302).
OUTSIDE = 302


def may(persona, model, right):
    """The policy: may ``persona`` use ``right`` (view, add, change, delete) on ``model``?"""
    label, app = model._meta.label, model._meta.app_label
    if right == "add" and label in NO_ADD or right in ("delete",) and label in NO_DELETE:
        return False
    if persona == "superuser":
        return True
    if persona not in ("support", "national") or app not in READABLE_APPS:
        return False
    return right == "view" or (persona == "national" and app in EDITABLE_BY_NATIONAL)


def expected(persona, model, view, exists=True):
    if persona not in STAFF:
        return OUTSIDE
    if view == "history" and not exists:
        return 302  # the history page looks the object up before the rights
    right = {"changelist": "view", "history": "view", "change": "view", "add": "add"}
    allowed = may(persona, model, right.get(view, view))
    if not allowed:
        return 403
    if view in ("change", "history", "delete") and not exists:
        return 302  # the admin's « this object does not exist » redirect
    return 200


MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
MODEL_VIEWS = ("changelist", "add", "change", "history", "delete")


def _name(model, view):
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"


def _world_object(model):
    return model._default_manager.order_by("pk").first()


# -- The matrix the consistency test reads: every admin URL name × method. ---------------------
# The model pages' rows are generated (one per model and view); the GET cases run in
# test_admin_model_pages below, one test per model for speed; the POST cases of every model
# check the refusals, and Department's the allowed actions with valid bodies.
MATRIX = (
    [
        (_name(model, view), method, None, dict.fromkeys(PERSONAS, None), NO_BODY)
        for model in MODELS
        for view in MODEL_VIEWS
        for method in (("get",) if view == "history" else ("get", "post"))
    ]
    + [
        ("admin:index", "get", None, dict.fromkeys(PERSONAS, None)),
        ("admin:app_list", "get", None, dict.fromkeys(PERSONAS, None)),
        ("admin:login", "get", None, dict.fromkeys(PERSONAS, None)),
        ("admin:logout", "post", None, dict.fromkeys(PERSONAS, None), NO_BODY),
        ("admin:password_change", "get", None, dict.fromkeys(PERSONAS, None)),
        ("admin:password_change", "post", None, dict.fromkeys(PERSONAS, None), NO_BODY),
        ("admin:password_change_done", "get", None, dict.fromkeys(PERSONAS, None)),
        ("admin:jsi18n", "get", None, dict.fromkeys(PERSONAS, None)),
        ("admin:autocomplete", "get", None, dict.fromkeys(PERSONAS, None)),
        ("admin:view_on_site", "get", None, dict.fromkeys(PERSONAS, None)),
    ]
    + [
        (name, "get", None, dict.fromkeys(PERSONAS, None))
        for name in ("admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode")
    ]
)


@pytest.fixture
def as_persona(client, personas):
    superuser = UserFactory(is_superuser=True)

    def _as(persona):
        client.logout()
        return login(client, superuser if persona == "superuser" else personas[persona])

    return _as


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_admin_model_pages(as_persona, closed_session, model):
    """GET of the changelist, add, change, history and delete pages; a POST to each is refused
    to every persona without the right (403, or the admin's login page outside the staff)."""
    instance = _world_object(model)
    object_id = str(instance.pk) if instance else "0"
    failures = []
    for persona in ADMIN_PERSONAS:
        client = as_persona(persona)
        for view in MODEL_VIEWS:
            kwargs = {} if view in ("changelist", "add") else {"object_id": object_id}
            url = reverse(_name(model, view), kwargs=kwargs)
            want = expected(persona, model, view, exists=instance is not None)
            got = client.get(url).status_code
            if got != want:
                failures.append(f"GET {view} {persona}: {got} ≠ {want}")
            if view == "history" or want == 200 or (want == 302 and persona in STAFF):
                continue  # allowed: the valid POSTs are Department's (test_admin_post below)
            body = {"post": "yes", "action": "delete_selected", "_selected_action": object_id}
            got = client.post(url, body).status_code
            if got != want:
                failures.append(f"POST {view} {persona}: {got} ≠ {want}")
    assert not failures, failures


def _department(ctx):
    return Department.objects.create(
        code="Z1", name="Département d'essai", caisse=Caisse.objects.first()
    )


def department_change(ctx):
    department = ctx["department"] = _department(ctx)
    return {"object_id": department.pk}


def department_form(ctx):
    """The change form as displayed, the name changed."""
    department = ctx["department"]
    return {"code": department.code, "name": "Essai renommé", "caisse": department.caisse_id}


def department_delete(ctx):
    ctx["department"] = _department(ctx)
    return {"object_id": ctx["department"].pk}


NEW_DEPARTMENT = {"code": "Z2", "name": "Autre département d'essai"}
ALLOWED = {"superuser": 302, "national": 302, "support": 403}
POST_CASES = [
    ("admin:referentials_department_change", department_change, department_form),
    ("admin:referentials_department_add", None, None),
    ("admin:referentials_department_delete", department_delete, lambda ctx: {"post": "yes"}),
    ("admin:referentials_department_changelist", lambda ctx: department_delete(ctx) and {}, None),
]


def _post_body(url_name, ctx):
    if url_name.endswith("_add"):
        return {**NEW_DEPARTMENT, "caisse": Caisse.objects.first().pk}
    if url_name.endswith("_changelist"):
        pk = ctx["department"].pk
        return {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ADMIN_PERSONAS)
@pytest.mark.parametrize(
    ("url_name", "kwargs", "data"), [pytest.param(*case, id=case[0]) for case in POST_CASES]
)
def test_admin_post(as_persona, personas, persona, url_name, kwargs, data):
    """The valid POSTs of a référentiel (a department): national and superusers change, add and
    delete it; support reads only; nobody else enters."""
    client = as_persona(persona)
    ctx = {}
    url = reverse(url_name, kwargs=kwargs(ctx) if kwargs else None)
    payload = data(ctx) if data else _post_body(url_name, ctx)
    want = ALLOWED.get(persona, OUTSIDE)
    if url_name.endswith("_changelist") and persona == "support":
        want = 200  # no « delete » action offered to a reader: the list again, nothing deleted
    response = client.post(url, payload)
    assert response.status_code == want, (url, persona, response.status_code)
    changed = {
        "admin:referentials_department_change": lambda: Department.objects.filter(
            name="Essai renommé"
        ).exists(),
        "admin:referentials_department_add": lambda: Department.objects.filter(code="Z2").exists(),
    }.get(url_name, lambda: not Department.objects.filter(pk=ctx["department"].pk).exists())()
    assert changed is (persona in ("superuser", "national")), (url_name, persona)


SITE_PAGES = [
    # (url name, kwargs, expected for support/national/superuser, for non-staff, for anonymous)
    ("admin:index", None, 200),
    ("admin:app_list", {"app_label": "referentials"}, 200),
    ("admin:password_change", None, 200),
    ("admin:password_change_done", None, 200),
    ("admin:jsi18n", None, 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ADMIN_PERSONAS)
def test_admin_site_pages(as_persona, personas, persona):
    client = as_persona(persona)
    staff = persona in STAFF
    for url_name, kwargs, want in SITE_PAGES:
        got = client.get(reverse(url_name, kwargs=kwargs)).status_code
        assert got == (want if staff else OUTSIDE), (url_name, persona, got)
    # An app a role may not read is not there for it.
    url = reverse("admin:app_list", kwargs={"app_label": "otp_totp"})
    assert client.get(url).status_code == (
        200 if persona == "superuser" else 404 if staff else OUTSIDE
    )
    # The admin's own login page: no form to log in through (GET only); staff are sent on.
    response = client.get(reverse("admin:login"))
    if persona == "anonymous":
        assert response.status_code == LOGIN
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == (302 if staff else 200)
    assert (
        client.post(reverse("admin:login"), {"username": "x", "password": "y"}).status_code == 405
    )
    # The TOTP devices' secrets (QR code, configuration): superusers only.
    device = personas["support"].totpdevice_set.first() if persona != "anonymous" else None
    if device is not None:
        for name in ("admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"):
            got = client.get(reverse(name, args=[device.pk])).status_code
            assert got == (200 if persona == "superuser" else 403 if staff else OUTSIDE), (
                name,
                got,
            )
    # Logging out through the admin: POST only, then the home page.
    # (anonymous: the login middleware sends them to log in before any view)
    assert client.get(reverse("admin:logout")).status_code == (
        302 if persona == "anonymous" else 405
    )
    got = client.post(reverse("admin:logout")).status_code
    assert got == 302, ("admin:logout", persona, got)


@pytest.mark.django_db
def test_admin_password_change_asks_the_current_password(as_persona):
    client = as_persona("national")
    data = {"old_password": "faux", "new_password1": "Nouvelle-Phrase-2026!", "new_password2": "Nouvelle-Phrase-2026!"}  # fmt: skip
    assert client.post(reverse("admin:password_change"), data).status_code == 200
    check_case(client, {}, "admin:password_change", "get", None, 200)
