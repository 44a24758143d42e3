"""Project-wide checks: every URL has a permission row; every model is in the back office or
deliberately left out; no missing migration."""

import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command

from tests.permissions import accepted_methods, split, url_patterns

# Views that answer every method, each with the reason (docs/security/permissions.md): none today.
# A view in neither this list nor a ``require_http_methods``-family decorator fails the check.
ANY_METHOD_ALLOWED: dict[str, str] = {}
# Models deliberately absent from the back office.
NOT_IN_ADMIN = {
    "accreditations.RequestItem",  # edited inline on its application
    "accreditations.ProposedTrainer",  # shown inline on its application
    "training.SessionTrainer",  # shown inline on its session
    "accreditations.RequestEvent",  # shown inline on its application
    "referentials.ProgrammeLevel",  # edited inline on its dispositif
    # Many rows per run, searched on the /reprise/ pages, never edited.
    "switchover.EntityReadiness",
    "switchover.ConformityFinding",
    "switchover.MigrationIssue",
}


def _matrices():
    """Every ``MATRIX`` of the permission-test modules."""
    root = Path(__file__).parent
    modules = [
        root / "www" / "test_permission_matrix.py",
        root / "www" / "test_admin_matrix.py",
        *root.glob("www/*/test_permissions.py"),
    ]
    for path in modules:
        module = importlib.import_module(
            ".".join(path.relative_to(root.parent).with_suffix("").parts)
        )
        yield module.MATRIX


def _rows():
    for matrix in _matrices():
        yield from (split(entry) for entry in matrix)


def test_every_url_has_a_permission_matrix_row():
    covered = {name for name, *_ in _rows()}
    missing = sorted({name for name, _ in url_patterns()} - covered)
    assert not missing, f"URLs without a permission-matrix row: {missing}"


def test_every_method_a_view_answers_has_a_permission_matrix_row():
    """GET and each POST action of every URL (the back office's included) has a row; a view
    answering every method is refused unless listed, with its reason, in ANY_METHOD_ALLOWED."""
    covered = {(name, method.lower()) for name, method, *_ in _rows()}
    missing, unrestricted = [], []
    for name, pattern in url_patterns():
        methods = accepted_methods(pattern.callback)
        if methods is None:
            if name not in ANY_METHOD_ALLOWED:
                unrestricted.append(name)
            continue
        missing += [f"{name} {m.upper()}" for m in sorted(methods) if (name, m) not in covered]
    assert not unrestricted, f"Views answering every method (add require_safe…): {unrestricted}"
    assert not missing, f"Methods without a permission-matrix row: {sorted(missing)}"


def test_every_post_row_has_a_valid_body():
    """A POST row gives the body that performs the action (or NO_BODY for an action without
    fields): an empty body proves nothing (a form sent back with its errors is also a 200)."""
    without = sorted(
        {
            f"{name} {method.upper()}"
            for name, method, _, _, data in _rows()
            if method.lower() != "get" and data is None
        }
    )
    assert not without, f"POST rows without a body (data builder or NO_BODY): {without}"


def test_every_forprev_model_is_in_the_back_office_or_deliberately_left_out():
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("forprev."):
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        if label not in NOT_IN_ADMIN and model not in admin.site._registry:
            missing.append(label)
    assert not missing, missing


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
