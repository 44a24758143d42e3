"""Every page × several personas × hostile query values and path values: never a 500 (issue 12,
item 9). The URLs are resolved with real objects through the kwargs builders of the permission
matrices; the query parameters are discovered in the views' source (``request.GET`` reads and
the fields of the forms bound to ``request.GET``)."""

import importlib
import inspect
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import PathConverter, StringConverter

from forprev.accreditations.enums import RequestStatus
from forprev.entities.enums import InvitationKind
from forprev.people.merging import persons_merge
from forprev.people.merging_models import DuplicateCandidate, MergeRequest
from forprev.people.requests import PersonRequest
from forprev.trainers.models import TeamMembership
from forprev.training.enums import RegularisationKind
from forprev.training.models import RegularisationRequest
from tests.entities.factories import invite
from tests.factories import UserFactory
from tests.freezes.factories import FeatureFreezeFactory
from tests.www.accreditations_views.conftest import PDF_BYTES, make_application
from tests.www.duplicates_views.world import trainer_of
from tests.www.switchover_views.world import personas_run

TESTS = Path(__file__).resolve().parents[1]
WWW = TESTS.parent / "forprev" / "www"

HOSTILE = [
    "\x00",
    "'",
    "x" * 5000,
    "../../",
    "%",
    "-1",
    "9" * 30,
    "2026-13-45",
    "<script>alert(1)</script>",
]
ALLOWED = {200, 302, 400, 403, 404, 405, 429}
PERSONAS = ["anonymous", "manager", "delegate_without_right", "instructor", "support", "national"]
# Third-party and framework URLs (their own projects test them) and the API (its own tests).
SKIPPED_NAMESPACES = {"admin", "api"}


def _query_parameter_names() -> list[str]:
    """Every name a view reads from ``request.GET``, directly or through a form's fields."""
    names = set()
    direct = re.compile(r"request\.GET(?:\.get\(|\[)\s*[\"'](\w+)[\"']")
    bound = re.compile(r"(\w+)\(request\.GET")
    for path in WWW.rglob("*.py"):
        source = path.read_text()
        names.update(direct.findall(source))
        classes = bound.findall(source)
        if not classes:
            continue
        module = importlib.import_module(
            ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        )
        for name in classes:
            form_class = getattr(module, name, None)
            if inspect.isclass(form_class) and hasattr(form_class, "base_fields"):
                names.update(form_class.base_fields)
    # And the names people try by hand (dates of a period, a search id).
    return sorted(names | {"du", "au", "recherche", "id", "format"})


QUERY_NAMES = _query_parameter_names()


def _matrix_rows():
    """(module key, url name, kwargs builder) of every permission matrix, one per url name."""
    modules = [
        TESTS / "www" / "test_permission_matrix.py",
        *TESTS.glob("www/*/test_permissions.py"),
    ]
    seen = {}
    for path in sorted(modules):
        key = path.parent.name if path.name == "test_permissions.py" else "main"
        module = importlib.import_module(
            ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        )
        for url_name, _method, kwargs, *_rest in module.MATRIX:
            seen.setdefault(url_name, (key, kwargs))
    return seen


def _url_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _url_patterns(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _text_kwargs():
    """URL names whose path takes free text (``<str:…>``, ``<path:…>``): {name: [kwarg, …]}."""
    found = {}
    for name, pattern in _url_patterns():
        converters = getattr(pattern.pattern, "converters", {})
        text = [
            kwarg
            for kwarg, converter in converters.items()
            if isinstance(converter, StringConverter | PathConverter)
        ]
        if text:
            found[name] = text
    return found


@pytest.fixture
def world(personas, entity, other_entity, closed_session, tmp_path):
    """One object of every kind a URL names, as the permission matrices build them; the
    context each matrix's kwargs builders read."""
    manager = personas["manager"]
    by_status = {status: make_application(entity, manager, status) for status in RequestStatus}
    draft = by_status[RequestStatus.DRAFT]
    document = draft.documents.model(
        request=draft,
        kind="commitment",
        original_name="engagement.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=manager,
    )
    document.file.save("engagement.pdf", ContentFile(PDF_BYTES), save=True)
    applications = {"by_status": by_status, "document": document}
    a, b = trainer_of(entity, "Durand", "Léa"), trainer_of(entity, "Durant", "Lea")
    low, high = sorted((a, b), key=lambda p: p.pk)
    candidate = DuplicateCandidate.objects.create(
        person_a=low, person_b=high, score=0.97, group=low.pk
    )
    kept, removed = trainer_of(entity, "Petit", "Marc"), trainer_of(entity, "Petit", "Marc")
    merge = persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Doublon")
    merge_request = MergeRequest.objects.create(
        requested_by=personas["person"], other_forprev_id=a.forprev_id, explanation="Deux comptes"
    )
    trainee = closed_session.enrolments.select_related("person").first().person
    person_request = PersonRequest.objects.create(
        entity=entity,
        kind="not_found",
        last_name="Introuvable",
        first_name="Léo",
        birth_date=trainee.birth_date,
        requested_by=manager,
    )
    regularisation = RegularisationRequest.objects.create(
        entity=entity,
        session=closed_session,
        kind=RegularisationKind.WRONG_DATA,
        explanation="Mauvaise commune",
        requested_by=manager,
    )
    personas_run(tmp_path / "export", entity, other_entity)
    invitation, token = invite(
        entity, manager, personas["person"].email, kind=InvitationKind.DELEGATE, rights=["exports"]
    )
    base = {
        "entity": entity,
        "other_entity": other_entity,
        "delegate_membership": entity.memberships.get(user=personas["delegate_without_right"]),
        "session": closed_session,
        "certificate": closed_session.certificates.first(),
        "applications": applications,
        "freeze": FeatureFreezeFactory(),
        "team_membership": TeamMembership.objects.create(
            entity=entity, trainer=UserFactory(), added_by=manager
        ),
        "trainee": trainee,
        "invitation": invitation,
        "token": token,
    }
    return {
        "default": base,
        "duplicates_views": {
            **base,
            "candidate": candidate,
            "pair": [a.public_id, b.public_id],
            "merge": merge,
            "request": merge_request,
        },
        "people_views": {**base, "request": person_request},
        "regularisations_views": {**base, "request": regularisation},
    }


# Matrix rows whose kwargs builder needs a context this crawl cannot give, at most.
MAX_UNRESOLVED = 3


def _urls(world, personas, persona):
    """(url name, url) of every matrix row, resolved with the context its matrix gives; the
    names whose builder failed are returned apart (the test bounds their number)."""
    urls, unresolved = [], []
    for url_name, (key, kwargs) in sorted(_matrix_rows().items()):
        if url_name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        context = {
            **world.get(key, world["default"]),
            "user": personas[persona],
            "personas": personas,
        }
        try:
            urls.append((url_name, reverse(url_name, kwargs=kwargs(context) if kwargs else None)))
        except (KeyError, AttributeError, TypeError) as error:
            unresolved.append((url_name, repr(error)))
    assert len(unresolved) <= MAX_UNRESOLVED, unresolved
    assert len(urls) > 100, len(urls)
    return urls


def _get(client, url, data=None):
    try:
        response = client.get(url, data or {})
    except Exception as error:  # noqa: BLE001 — the test client re-raises what became a 500
        return 500, f"{type(error).__name__}: {str(error)[:200]}"
    if getattr(response, "streaming", False):
        # Consumed to the end, the test client closes it itself (without closing the database
        # connection, as response.close() would on PostgreSQL).
        b"".join(response.streaming_content)
    return response.status_code, ""


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:12]))
def test_every_page_survives_hostile_query_values(login_as, personas, world, persona, value):
    client = login_as(persona)
    query = dict.fromkeys(QUERY_NAMES, value)
    failures = []
    for url_name, url in _urls(world, personas, persona):
        status, error = _get(client, url, query)
        if status not in ALLOWED:
            failures.append((url_name, status, error))
    assert not failures, failures


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_free_text_path_value_survives_hostile_values(login_as, personas, world, persona):
    client = login_as(persona)
    rows = _matrix_rows()
    failures = []
    for url_name, text_kwargs in sorted(_text_kwargs().items()):
        key, builder = rows[url_name]
        context = {
            **world.get(key, world["default"]),
            "user": personas[persona],
            "personas": personas,
        }
        try:
            real = builder(context) if builder else {}
        except (KeyError, AttributeError, TypeError):
            real = {}
        for value in [*HOSTILE, "C" + "2" * 19, "SST22-0048213"]:
            if "/" in value:
                continue  # not matched by <str:…>: the resolver answers 404 itself
            kwargs = {**real, **dict.fromkeys(text_kwargs, value)}
            try:
                url = reverse(
                    url_name, kwargs={k: quote(str(v), safe="") for k, v in kwargs.items()}
                )
            except NoReverseMatch:
                continue  # a narrower converter ([-a-zA-Z0-9_]+): the resolver answers 404
            status, error = _get(client, url)
            if status not in ALLOWED:
                failures.append((url_name, value[:20], status, error))
    assert not failures, failures


def test_the_crawl_knows_the_parameters_the_views_read():
    """A guard on the discovery itself: the parameters the issue names are found."""
    for name in ("page", "personne", "session", "demande", "individu", "caisse", "controle"):
        assert name in QUERY_NAMES, name
    assert _text_kwargs(), "no <str:…> path found"
