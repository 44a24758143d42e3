from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import Sitemap
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from forprev.www.directory_views.sitemaps import DirectorySitemap

__all__ = ["login_not_required"]


@login_not_required
@require_safe
def home(request):
    return render(request, "public/home.html")


@login_not_required
@require_safe
def help_page(request):
    return render(request, "public/help.html")


@login_not_required
@require_safe
def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /$",
        "Allow: /aide/",
        "Allow: /annuaire/",
        "Allow: /demander-une-habilitation/",
        "Allow: /verifier/$",
        "Disallow: /habilitations/",
        "Disallow: /espace/",
        "Disallow: /entites/",
        "Disallow: /referentiels/",
        "Disallow: /administration/",
        "Disallow: /admin/",
        "Disallow: /mes-informations/",
        f"Sitemap: {request.build_absolute_uri(reverse('public:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class PublicPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "public:home",
            "public:help",
            "apply:start",
            "directory:session_list",
            "verification:verify_form",
            "accounts:login",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"public": PublicPagesSitemap, "directory": DirectorySitemap}


def _error(request, template, status):
    return render(request, template, status=status)


@login_not_required
def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


@login_not_required
def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


@login_not_required
def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


@login_not_required
def server_error(request):
    return _error(request, "errors/500.html", 500)
