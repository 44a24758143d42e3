"""REST API v1 (django-ninja, OpenAPI 3.1 at /api/v1/openapi.json).

Every error answers ``{"detail": "<French message>", "code": "<code>"}``.
"""

from functools import partial

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from forprev.core.exceptions import DomainError
from forprev.referentials.models import Caisse, Department, Programme, ProgrammeLevel

from .schemas import CaisseOut, ErrorOut, ProgrammeOut

api = NinjaAPI(
    title="Forprev API",
    version="1",
    description="API de Forprev : référentiels publics (les sessions et certificats suivront).",
    urls_namespace="api",
    docs_url=None,
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=400)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(
        request, {"detail": "Requête invalide.", "code": "validation_error"}, status=422
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(
        request, {"detail": str(exc), "code": "http_error"}, status=exc.status_code
    )


@api.get(
    "/referentiels/dispositifs",
    response={200: list[ProgrammeOut], 422: ErrorOut},
    summary="Dispositifs actifs et leurs niveaux",
    auth=None,
)
def list_programmes(request):
    return Programme.objects.active().prefetch_related(
        Prefetch("levels", queryset=ProgrammeLevel.objects.order_by("level"))
    )


@api.get(
    "/referentiels/caisses",
    response={200: list[CaisseOut], 422: ErrorOut},
    summary="Caisses et départements rattachés",
    auth=None,
)
def list_caisses(request):
    caisses = Caisse.objects.prefetch_related(
        Prefetch("departments", queryset=Department.objects.order_by("code"))
    )
    return [
        {"code": c.code, "name": c.name, "departments": [d.code for d in c.departments.all()]}
        for c in caisses
    ]


def public_urls():
    """The API's URL patterns; public endpoints opt out of the login requirement one by one."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        callback = pattern.callback
        if isinstance(callback, partial):
            # ninja's own pages (the schema, the root): read-only, other methods answer 405.
            callback = require_safe(callback)
        pattern.callback = login_not_required(callback)
    return patterns, app_name, namespace
