"""Project-wide checks: every URL has a permission row; every model is in the back office or
deliberately left out; no missing migration."""

import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

# Third-party and framework URLs covered by their own projects' tests.
FOREIGN_NAMESPACES = {"admin"}
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


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in FOREIGN_NAMESPACES:
                continue
            yield from _url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def _matrices():
    """Every ``MATRIX`` of the permission-test modules."""
    root = Path(__file__).parent
    modules = [root / "www" / "test_permission_matrix.py", *root.glob("www/*/test_permissions.py")]
    for path in modules:
        module = importlib.import_module(
            ".".join(path.relative_to(root.parent).with_suffix("").parts)
        )
        yield module.MATRIX


def test_every_url_has_a_permission_matrix_row():
    covered = {name for matrix in _matrices() for name, *_ in matrix}
    missing = sorted(set(_url_names()) - covered)
    assert not missing, f"URLs without a permission-matrix row: {missing}"


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
