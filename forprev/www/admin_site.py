"""The back office (``/admin/``): staff only, behind the same login, 2FA and lockout as the site.

Who enters: ``User.is_staff`` (support, national, superusers); what each may open or change:
``forprev.accounts.rules`` (docs/security/permissions.md). Each back-office view answers only the
methods it needs; any other answers 405.
"""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

# Back-office views that take a POST (by the name of the admin's view method); every other one
# (index, app lists, history, autocomplete, jsi18n, « voir sur le site »…) is GET/HEAD only.
ADMIN_VIEW_METHODS = {
    "changelist_view": ("GET", "HEAD", "POST"),  # actions, list_editable
    "add_view": ("GET", "HEAD", "POST"),
    "change_view": ("GET", "HEAD", "POST"),
    "delete_view": ("GET", "HEAD", "POST"),
    "password_change": ("GET", "HEAD", "POST"),
    "logout": ("POST",),
}
SAFE_METHODS = ("GET", "HEAD")


def admin_view_methods(view) -> tuple[str, ...]:
    """The methods a back-office view answers."""
    return ADMIN_VIEW_METHODS.get(getattr(view, "__name__", ""), SAFE_METHODS)


def harden_admin(site) -> None:
    site.site_header = _("Forprev — back-office")
    site.site_title = _("Forprev back-office")
    site.index_title = _("Administration des référentiels et consultation")
    # No separate admin login form: the application's login (throttled, 2FA) is the only door;
    # the admin's page only tells a logged-in account without access that it has none.
    site.login = require_safe(login_required(site.login))
    admin_view = site.admin_view

    def restricted_admin_view(view, cacheable=False):
        return require_http_methods(admin_view_methods(view))(admin_view(view, cacheable))

    site.admin_view = restricted_admin_view
