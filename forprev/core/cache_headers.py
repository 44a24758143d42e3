"""Pages and files with personal data are never stored by browsers or shared caches.

A logged-in page shows names, birth dates, certificates; once stored in the browser's cache (or a
proxy's), the next person at a shared computer reads it with the Back button or from the disk.
``NoStoreMiddleware`` answers ``Cache-Control: no-store`` (and ``Pragma: no-cache`` for HTTP/1.0
caches) on every response to a logged-in session; anonymous public pages stay cacheable. A view
serving personal data to an anonymous visitor (a file reached by a secret link) uses ``no_store``.
"""

from functools import wraps

from django.utils.cache import add_never_cache_headers


def forbid_storing(response):
    """``Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private`` + ``Pragma``."""
    add_never_cache_headers(response)
    response["Pragma"] = "no-cache"
    return response


def no_store(view):
    """Decorator: the view's responses are never stored (personal data outside a session)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return forbid_storing(view(request, *args, **kwargs))

    return wrapper


def _says_no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "").lower()


class NoStoreMiddleware:
    """After ``AuthenticationMiddleware``: every response to an authenticated user, and every
    response that already says ``no-store``, gets the full set of no-store headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or _says_no_store(response):
            forbid_storing(response)
        return response
