"""« Individus »: search people within one's scope, and a person's page (their certificates
and sessions as far as the scope goes)."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from forprev.certificates.models import Certificate
from forprev.core.saved_searches import recall_search, remember_search
from forprev.people.forms import PersonSearchForm
from forprev.people.models import Person, PersonMerge
from forprev.people.rules import can_ask_about_people, can_search_people
from forprev.people.search import search_people
from forprev.training.models import Enrolment
from forprev.www.list_filters import grouped

SEARCH_SCOPE = "people"


def _may_search(request) -> bool:
    return can_search_people(request.user, request.role)


@require_http_methods(["GET", "POST"])
def person_search(request):
    """The criteria are POSTed and kept in the session: the results page is
    ``?recherche=<id>``, so no name or birth date ever appears in an address."""
    if not _may_search(request):
        raise PermissionDenied
    if request.method == "POST":
        form = PersonSearchForm(request.POST)
        if form.is_valid():
            criteria = {name: request.POST.get(name, "") for name in form.fields}
            search_id = remember_search(request, SEARCH_SCOPE, criteria)
            return redirect(
                f"{reverse('people:person_search')}?{urlencode({'recherche': search_id})}"
            )
        return render(request, "people/person_search.html", {"form": form})
    form = PersonSearchForm()
    context = {"form": form}
    if "recherche" in request.GET:
        criteria = recall_search(request, SEARCH_SCOPE, request.GET["recherche"])
        if criteria is None:
            context["expired"] = True
        else:
            form = PersonSearchForm(criteria)
            context["form"] = form
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        matches, more = search_people(
            request.user,
            last_name=data["nom"],
            first_name=data["prenom"],
            birth_date=data["naissance"],
            forprev_id=data["numero"],
        )
        count = len(matches)
        context.update(
            matches=matches,
            more=more,
            searched=True,
            total=ngettext("%(count)s individu trouvé", "%(count)s individus trouvés", count)
            % {"count": grouped(count)},
        )
    return render(request, "people/person_search.html", context)


@require_safe
def person_detail(request, public_id):
    if not _may_search(request):
        raise PermissionDenied
    person = get_object_or_404(Person.objects.visible_to(request.user), public_id=public_id)
    user = request.user
    certificates = (
        Certificate.objects.visible_to(user)
        .filter(person=person)
        .select_related("programme_level__programme", "entity", "session")
        .order_by("-issued_on", "pk")
    )
    enrolments = (
        Enrolment.objects.visible_to(user)
        .filter(person=person)
        .select_related("session__entity", "session__programme_level__programme")
        .order_by("-session__starts_on", "pk")
    )
    entity = request.role.entity
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "certificates": certificates,
            "enrolments": enrolments,
            "show_contact": request.role.is_staff,
            "can_report": entity is not None and can_ask_about_people(user, entity),
            "person_merges": PersonMerge.objects.visible_to(user)
            .filter(kept=person)
            .order_by("-created_at"),
        },
    )
