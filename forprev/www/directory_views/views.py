"""The public directory (annuaire) of habilitated entities: open to everyone, indexed by search
engines, showing only public facts about entities with a habilitation active today."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from forprev.accreditations.selectors import directory_entities
from forprev.training.selectors import published_sessions

from .forms import DirectoryFilterForm, PublishedSessionFilterForm

PAGE_SIZE = 20


def _search(form, query, **arguments):
    """``query`` narrowed by a valid filter form; nothing when the form has errors (they are
    shown, and the raw input is never sent to the database)."""
    if not form.is_bound:
        return query(**arguments)
    if form.is_valid():
        return query(**arguments, **form.criteria())
    return query(**arguments).none()


@login_not_required
@require_safe
def entity_list(request):
    today = timezone.localdate()
    form = DirectoryFilterForm(request.GET or None)
    searched = form.is_bound and any(request.GET.get(name) for name in form.fields)
    entities = _search(form, directory_entities, day=today)
    page = Paginator(entities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/entity_list.html",
        {"form": form, "page": page, "searched": searched, "today": today},
    )


@login_not_required
@require_safe
def entity_detail(request, public_id):
    today = timezone.localdate()
    entity = get_object_or_404(directory_entities(day=today), public_id=public_id)
    return render(request, "directory/entity_detail.html", {"entity": entity, "today": today})


@login_not_required
@require_safe
def session_list(request):
    """Inter-company sessions open for enrolment that their entity chose to publish."""
    today = timezone.localdate()
    form = PublishedSessionFilterForm(request.GET or None)
    searched = form.is_bound and any(request.GET.get(name) for name in form.fields)
    sessions = _search(form, published_sessions, day=today)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/session_list.html",
        {"form": form, "page": page, "searched": searched},
    )
