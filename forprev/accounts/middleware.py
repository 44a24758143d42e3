import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .roles import build_role_context


class RoleContextMiddleware:
    """Attach ``request.role`` (accounts.roles.RoleContext), built on first use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.role = SimpleLazyObject(lambda: build_role_context(request))
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """Staff roles (instructor, support, national) must confirm a TOTP code after the password.

    Until they do, every private page sends them to the verification page (or to the set-up page
    when they have no device yet). Public pages and logout stay reachable.
    """

    ALLOWED_URL_NAMES = {
        "accounts:otp_verify",
        "accounts:otp_setup",
        "accounts:otp_enrolment_open",
        "accounts:logout",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.FORPREV_STAFF_OTP_REQUIRED:
            return None
        user = request.user
        if not user.is_authenticated or not user.is_staff_role or user.is_verified():
            return None
        match = request.resolver_match
        if match and match.view_name in self.ALLOWED_URL_NAMES:
            return None
        if getattr(view_func, "login_required", True) is False:
            return None  # public page
        return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")


class IdleTimeoutMiddleware:
    """Close a session left unused too long (30 min for staff roles, 2 h for others by default),
    besides the absolute limit of ``SESSION_COOKIE_AGE``: a session forgotten open on a shared
    computer does not stay usable for a working day.

    The time of the last request is kept in the session, written at most once a minute (not one
    database write per request); idleness is thus measured to within a minute. On time-out the
    session is closed and private pages send to the login page with a French message; public
    pages are served, logged out.
    """

    SESSION_KEY = "forprev_last_activity"
    WRITE_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    @staticmethod
    def timeout_seconds(user) -> int:
        minutes = (
            settings.FORPREV_IDLE_TIMEOUT_STAFF_MINUTES
            if user.is_staff_role
            else settings.FORPREV_IDLE_TIMEOUT_MINUTES
        )
        return 60 * minutes

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        now = time.time()
        last = request.session.get(self.SESSION_KEY)
        if isinstance(last, int | float) and now - last > self.timeout_seconds(user):
            logout(request)
            messages.info(
                request,
                _(
                    "Votre session a été fermée après une période d'inactivité. "
                    "Reconnectez-vous pour continuer."
                ),
            )
            if getattr(view_func, "login_required", True) is False:
                return None  # public page: served to the now anonymous visitor
            return redirect_to_login(request.get_full_path())
        if not isinstance(last, int | float) or now - last >= self.WRITE_EVERY_SECONDS:
            request.session[self.SESSION_KEY] = int(now)
        return None
