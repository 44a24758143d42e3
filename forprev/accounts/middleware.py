from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

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
