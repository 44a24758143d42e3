"""A person acting for several entities chooses one before any private page, then lands on the
page they asked for (a link in an e-mail, a bookmark): without this, the page would refuse them
for want of an active entity.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

# Pages about the person themself, which no entity changes: the account, the choice, invitations
# addressed to them, the list of their entities, their trainer space, a request to merge two of their accounts.
ALLOWED_NAMESPACES = {"accounts", "admin"}
ALLOWED_VIEWS = {
    "dashboard:choose_entity",
    "entities:entity_list",
    "trainers:my_space",
    "duplicates:request_create",
    "duplicates:request_detail",
    "entities:invitation_list",
    "entities:invitation_open",
    "entities:invitation_accept",
    "entities:invitation_decline",
}


class EntityChoiceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or getattr(view_func, "login_required", True) is False:
            return None
        match = request.resolver_match
        if (
            match is None
            or match.namespace in ALLOWED_NAMESPACES
            or match.view_name in ALLOWED_VIEWS
        ):
            return None
        if not request.role.needs_entity_choice:
            return None
        url = reverse("dashboard:choose_entity")
        if request.method in {"GET", "HEAD"} and match.view_name != "dashboard:home":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return redirect(url)
