from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from forprev.accounts.roles import ACTIVE_ENTITY_SESSION_KEY
from forprev.entities.models import Invitation
from forprev.switchover.checks.rules import can_view_todo_list
from forprev.switchover.checks.selectors import todo_summary

from .todos import home_sections


@require_safe
def home(request):
    """Private home (/espace/): what the person has to do, by role (``todos``)."""
    if request.role.needs_entity_choice:
        return redirect("dashboard:choose_entity")
    membership = request.role.active_membership
    switchover_todo = None
    if can_view_todo_list(request.user, membership):
        switchover_todo = todo_summary(membership.entity)
    invitations = Invitation.objects.addressed_to(request.user).open().select_related("entity")
    return render(
        request,
        "dashboard/home.html",
        {
            "switchover_todo": switchover_todo,
            "invitations": list(invitations[:5]),
            "sections": home_sections(request),
        },
    )


@require_http_methods(["GET", "POST"])
def choose_entity(request):
    """A person who belongs to several entities chooses the one they act for, then goes on to
    the page they had asked for (``next``, a path of this site only)."""
    memberships = request.role.memberships
    if not memberships:
        raise Http404
    wanted_page = request.POST.get("next") or request.GET.get("next") or ""
    if not wanted_page.startswith("/") or not url_has_allowed_host_and_scheme(
        wanted_page, allowed_hosts=set()
    ):  # a path of this site, never another host
        wanted_page = ""
    if request.method == "POST":
        wanted = request.POST.get("entity", "")
        chosen = next((m for m in memberships if str(m.entity.public_id) == wanted), None)
        if chosen is None:
            messages.error(request, _("Choisissez une des entités proposées."))
        else:
            request.session[ACTIVE_ENTITY_SESSION_KEY] = str(chosen.entity.public_id)
            messages.success(
                request, _("Vous agissez pour l'entité %(name)s.") % {"name": chosen.entity.name}
            )
            return redirect(wanted_page or "dashboard:home")
    return render(
        request,
        "dashboard/choose_entity.html",
        {"memberships": memberships, "next": wanted_page},
    )
