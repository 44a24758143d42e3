"""URLs of the bench's WSGI server: the application's, and a bare view to compare with (the
same middleware, no template, no database)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as application_urlpatterns

BARE_PATH = "/mesure/vide/"


@login_not_required
@require_safe
def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"), *application_urlpatterns]
