"""« Individus »: search people within one's scope, and a person's page (their certificates
and sessions as far as the scope goes)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from forprev.accounts.enums import Role
from forprev.certificates.models import Certificate
from forprev.people.forms import PersonSearchForm
from forprev.people.models import Person, PersonMerge
from forprev.people.rules import can_ask_about_people
from forprev.people.search import search_people
from forprev.training.models import Enrolment

SEARCHING_ROLES = {Role.MANAGER, Role.DELEGATE, Role.TRAINER}


def _may_search(request) -> bool:
    return request.role.is_staff or request.role.role in SEARCHING_ROLES


@require_safe
def person_search(request):
    if not _may_search(request):
        raise PermissionDenied
    form = PersonSearchForm(request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        matches, more = search_people(
            request.user,
            last_name=data["nom"],
            first_name=data["prenom"],
            birth_date=data["naissance"],
            forprev_id=data["numero"],
        )
        context.update(matches=matches, more=more, searched=True)
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
