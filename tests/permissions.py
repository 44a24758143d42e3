"""The permission-matrix harness: rows of expected statuses per persona, and the test body.

Each screen package declares ``MATRIX`` in ``tests/www/<package>/test_permissions.py`` (or the
main ``tests/www/test_permission_matrix.py``) and parametrizes with ``cases(MATRIX)``. A row is

    (url name, method, kwargs builder, row(...))                  # a GET
    (url name, "post", kwargs builder, row(...), data builder)    # a POST action

where the data builder ``data(ctx) -> dict`` gives a VALID body: the one that, for an allowed
persona, performs the action (a redirect or the success page). An action that takes no field
says so with ``NO_BODY``. The kwargs builder runs first and may leave objects in ``ctx`` for the
data builder. ``tests/test_consistency.py`` checks that every URL name × every method its view
accepts has a row, and that every POST row has a body (docs/security/permissions.md).
"""

from urllib.parse import urlsplit

import pytest
from django import forms
from django.conf import settings
from django.contrib.messages import ERROR, get_messages
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from ninja.operation import PathView

from forprev.www.admin_site import admin_view_methods
from tests.conftest import PERSONAS


class _LoginRedirect(int):
    """302, and the check asserts the redirect goes to the login page."""

    def __repr__(self):
        return "LOGIN"


LOGIN = _LoginRedirect(302)  # anonymous → login page


class _NoBody:
    """A POST action that takes no field (logout, « prendre en charge »…)."""

    def __repr__(self):
        return "NO_BODY"


NO_BODY = _NoBody()


class Method(str):
    """An HTTP method name (``"get"``, ``"post"``) that carries its row's body builder, so the
    test functions' signature stays ``(url_name, method, kwargs, persona, expected)``."""

    data = None


def _method(name, data):
    method = Method(name)
    method.data = data
    return method


def row(**statuses):
    """Expected status per persona; ``default`` fills the rest."""
    default = statuses.pop("default")
    unknown = set(statuses) - set(PERSONAS)
    assert not unknown, f"unknown personas: {unknown}"
    return {persona: statuses.get(persona, default) for persona in PERSONAS}


def split(entry):
    """``(name, method, kwargs, expected, data)`` of a 4- or 5-element row; ``data`` is None for
    a 4-element row."""
    name, method, kwargs, expected, *rest = entry
    assert len(rest) <= 1, f"a matrix row has 4 or 5 elements: {entry!r}"
    return name, method, kwargs, expected, (rest[0] if rest else None)


def cases(matrix, personas=PERSONAS):
    """One case per row × persona: ``(url_name, method, kwargs, persona, expected)``."""
    params = []
    for entry in matrix:
        name, method, kwargs, expected, data = split(entry)
        for persona in personas:
            params.append(
                pytest.param(
                    name,
                    _method(method, data),
                    kwargs,
                    persona,
                    expected[persona],
                    id=f"{name}-{method}-{persona}",
                )
            )
    return params


def form_data(form, **changes):
    """The body a browser sends for ``form`` as displayed (its initial values), with
    ``changes``: the usual valid body of an edit page."""
    data = {}
    for name, field in form.fields.items():
        value = (
            field.widget.format_value(form[name].value())
            if not isinstance(field, (forms.MultipleChoiceField, forms.BooleanField))
            else form[name].value()
        )
        if isinstance(field, forms.BooleanField):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        if value is None:
            value = ""
        elif isinstance(value, (list, tuple)):
            value = [getattr(item, "pk", item) for item in value]
        data[form.add_prefix(name)] = value
    data.update({form.add_prefix(name): value for name, value in changes.items()})
    return data


def body(method, context):
    """The request body of a case: the row's data builder applied to the context."""
    data = getattr(method, "data", None)
    if data is None or data is NO_BODY:
        return {}
    return data(context)


def _view_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def check_case(client, context, url_name, method, kwargs, expected, data=None):
    """Request the URL as the client's persona and assert the expected status.

    A 302 expected as ``LOGIN`` must go to the login page; any other 302 of a logged-in persona
    must not (an action « allowed » because it bounced to the login page proves nothing)."""
    url = reverse(url_name, kwargs=kwargs(context) if kwargs else None)
    payload = data if data is not None else body(method, context)
    response = getattr(client, str(method))(url, payload)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
        response.close()
    assert response.status_code == expected, (url, str(method), response.status_code, expected)
    if response.status_code == 302 and str(method) != "get":
        # An action answered by a redirect and an error message did not happen.
        errors = [m.message for m in get_messages(response.wsgi_request) if m.level == ERROR]
        assert not errors, (url, errors)
    if response.status_code == 302:
        target = _view_name(response.url)
        to_login = target == settings.LOGIN_URL
        if isinstance(expected, _LoginRedirect):
            assert to_login, (url, response.url)
        elif response.wsgi_request.user.is_authenticated:
            assert not to_login, (url, response.url)
    return response


# -- Which methods a view answers --------------------------------------------------------------

# HEAD is answered as GET (rows of GET cover it); OPTIONS is not an action.
IMPLIED_METHODS = {"head", "options"}


def accepted_methods(callback):
    """The lower-case HTTP methods a URL pattern's view answers (HEAD and OPTIONS left out), or
    None when it accepts every method. Read from the ``require_http_methods`` family's list,
    a class-based view's handlers, the back office's method map, django-ninja's operations."""
    methods = _declared_methods(callback)
    if methods is None:
        return None
    return {m.lower() for m in methods} - IMPLIED_METHODS


def _declared_methods(callback):
    if hasattr(callback, "model_admin") or hasattr(callback, "admin_site"):
        return admin_view_methods(callback.__wrapped__)
    view = callback
    while view is not None:
        cells = _closure(view)
        if "request_method_list" in cells:
            return list(cells["request_method_list"])
        view_class = getattr(view, "view_class", None)
        if view_class is not None:
            return [
                name
                for name in view_class.http_method_names
                if hasattr(view_class, name) and name != "options"
            ]
        if isinstance(cells.get("self"), PathView):
            return [m for op in cells["self"].operations for m in op.methods]
        view = getattr(view, "__wrapped__", None)
    return None


def _closure(function):
    code = getattr(function, "__code__", None)
    if code is None or not function.__closure__:
        return {}
    values = {}
    for name, cell in zip(code.co_freevars, function.__closure__, strict=True):
        try:
            values[name] = cell.cell_contents
        except ValueError:  # an empty cell
            continue
    return values


def url_patterns(resolver=None, namespace=""):
    """``(url name, URLPattern)`` of every named URL, the back office's included."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from url_patterns(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern
