"""Every URL × every persona × every method its view does not answer: 405 (or, for anonymous on
a private page, the login redirect) — never a page, never a server error.

The methods a view answers are read as the consistency test reads them
(``tests.permissions.accepted_methods``); the rows of those methods are the permission matrix.
"""

import re
import uuid

import pytest
from django.urls import NoReverseMatch, reverse

from tests.conftest import PERSONAS
from tests.permissions import accepted_methods, url_patterns

METHODS = ("get", "post", "put", "patch", "delete")
# The back office's model pages all go through one method check (forprev/www/admin_site.py):
# every model's pages are tried for these personas, the site's own pages for all.
ADMIN_MODEL_PERSONAS = {"anonymous", "person", "national"}
# Placeholder values for path arguments: the method is checked before anything is looked up.
CANDIDATE_VALUES = (str(uuid.uuid4()), "1", "x", f"{uuid.uuid4()}+{uuid.uuid4()}", "referentials")


def _placeholder_url(name, pattern):
    """The URL with, for each path argument, a placeholder value its converter accepts."""
    converters = getattr(pattern.pattern, "converters", {})
    if converters:
        kwargs = {
            arg: converter.to_python(
                next(v for v in CANDIDATE_VALUES if re.fullmatch(converter.regex, v))
            )
            for arg, converter in converters.items()
        }
        return reverse(name, kwargs=kwargs)
    names = list(pattern.pattern.regex.groupindex)
    for value in CANDIDATE_VALUES:
        try:
            return reverse(name, kwargs=dict.fromkeys(names, value))
        except NoReverseMatch:
            continue
    raise AssertionError(f"no placeholder URL for {name}")


def _is_admin_model_page(name):
    return name.startswith("admin:") and name.rsplit("_", 1)[-1] in {
        "changelist",
        "add",
        "change",
        "history",
        "delete",
    }


def _refused_methods():
    for name, pattern in url_patterns():
        accepted = accepted_methods(pattern.callback)
        if accepted is None:
            continue  # refused by the consistency test
        refused = [m for m in METHODS if m not in accepted]
        if refused:
            yield name, _placeholder_url(name, pattern), refused


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_methods_a_view_does_not_answer_are_refused(login_as, persona):
    client = login_as(persona)
    login_url = reverse("accounts:login")
    failures = []
    checked = 0
    for name, url, refused in _refused_methods():
        if _is_admin_model_page(name) and persona not in ADMIN_MODEL_PERSONAS:
            continue
        for method in refused:
            response = getattr(client, method)(url)
            checked += 1
            status = response.status_code
            to_login = status == 302 and (
                response.url.startswith(login_url) or response.url.startswith("/admin/login/")
            )
            if status == 405 or (persona == "anonymous" and to_login):
                continue
            failures.append(f"{method.upper()} {name} ({url}): {status}")
    assert checked > 200
    assert not failures, failures


@pytest.mark.django_db
def test_put_on_a_form_page_is_refused(client):
    """Django's form views answer PUT as a POST; ours do not (the login form here)."""
    response = client.put(reverse("accounts:login"), "username=x&password=y")
    assert response.status_code == 405
