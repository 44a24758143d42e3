"""The back office (``/admin/``): staff only, behind the same login, 2FA and lockout as the site."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _


def harden_admin(site) -> None:
    site.site_header = _("Forprev — back-office")
    site.site_title = _("Forprev back-office")
    site.index_title = _("Administration des référentiels et consultation")
    # No separate admin login form: the application's login (throttled, 2FA) is the only door.
    site.login = login_required(site.login)
