"""Requests to the caisse about a person: the requester's form and list, the caisse's answer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.core.exceptions import DomainError
from forprev.core.parsing import parse_uuid
from forprev.entities.models import Entity
from forprev.people.forms import PersonRequestAnswerForm, PersonRequestForm
from forprev.people.models import Person
from forprev.people.requests import PersonRequest, PersonRequestKind, PersonRequestStatus
from forprev.people.rules import (
    can_answer_person_request,
    can_ask_about_people,
    can_view_trainees,
)
from forprev.people.search import candidates_anywhere
from forprev.people.services import (
    person_request_answer,
    person_request_create,
    person_request_reject,
)
from forprev.trainers.models import TeamMembership
from forprev.training.models import TrainingSession
from forprev.www.queues import pending_first_page

PAGE_SIZE = 50


def _visible(request):
    return PersonRequest.objects.visible_to(request.user).select_related(
        "entity", "person", "session__programme_level__programme", "requested_by", "resolved_by"
    )


def _requesting_entities(request):
    """The entity acted for, or for a trainer the entities of their teams."""
    if request.role.entity is not None:
        return [request.role.entity]
    teams = TeamMembership.objects.active().filter(trainer=request.user).values("entity")
    return list(Entity.objects.filter(pk__in=teams).order_by("name"))


@require_safe
def request_list(request):
    role = request.role
    if not (role.is_staff or role.entity is not None or role.role == "trainer"):
        raise PermissionDenied
    if role.entity is not None and not can_view_trainees(request.user, role.entity):
        raise PermissionDenied  # the requests name people: a session right is needed
    requests = _visible(request)
    if role.entity is not None:
        requests = requests.filter(entity=role.entity)
    page, summary = pending_first_page(
        requests, Q(status=PersonRequestStatus.PENDING), request.GET.get("page"), PAGE_SIZE
    )
    entities = _requesting_entities(request) if not role.is_staff else []
    return render(
        request,
        "people/request_list.html",
        {
            "page": page,
            "summary": summary,
            "can_ask": any(can_ask_about_people(request.user, e) for e in entities),
        },
    )


@require_http_methods(["GET", "POST"])
def request_create(request):
    entities = [e for e in _requesting_entities(request) if can_ask_about_people(request.user, e)]
    if request.role.is_staff or not entities:
        raise PermissionDenied
    person = None
    if request.GET.get("personne"):
        person = get_object_or_404(
            Person.objects.visible_to(request.user),
            public_id=_public_id_or_404(request.GET["personne"]),
        )
    session = None
    if request.GET.get("session"):
        session = get_object_or_404(
            TrainingSession.objects.visible_to(request.user).filter(entity__in=entities),
            public_id=_public_id_or_404(request.GET["session"]),
        )
    initial = {"kind": PersonRequestKind.NOT_FOUND}
    if person is not None:
        initial = {
            "kind": PersonRequestKind.WRONG_DETAILS,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "birth_date": person.birth_date,
        }
    form = PersonRequestForm(request.POST or None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = person_request_create(
                entity=session.entity if session else entities[0],
                by=request.user,
                kind=data["kind"],
                last_name=data["last_name"],
                first_name=data["first_name"],
                birth_date=data["birth_date"],
                explanation=data["explanation"],
                email=data["email"],
                person=person,
                session=session,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Votre demande est transmise à la caisse."))
            return redirect("people:request_detail", public_id=created.public_id)
    return render(
        request,
        "people/request_create.html",
        {"form": form, "person": person, "session": session, "entity": entities[0]},
    )


@require_safe
def request_detail(request, public_id):
    item = get_object_or_404(_visible(request), public_id=public_id)
    can_answer = can_answer_person_request(request.user, item)
    candidates = []
    if can_answer and item.kind == PersonRequestKind.NOT_FOUND:
        candidates = candidates_anywhere(
            last_name=item.last_name, first_name=item.first_name, birth_date=item.birth_date
        )
    return render(
        request,
        "people/request_detail.html",
        {
            "item": item,
            "can_answer": can_answer,
            "candidates": candidates,
            "form": PersonRequestAnswerForm() if can_answer else None,
        },
    )


@require_POST
def request_answer(request, public_id):
    item = get_object_or_404(_visible(request), public_id=public_id)
    if not can_answer_person_request(request.user, item):
        raise PermissionDenied
    form = PersonRequestAnswerForm(request.POST)
    form.is_valid()
    resolution = form.cleaned_data.get("resolution", "")
    try:
        if request.POST.get("action") == "reject":
            person_request_reject(request=item, by=request.user, resolution=resolution)
        else:
            person = None
            if item.kind == PersonRequestKind.NOT_FOUND:
                person = _chosen_person(request.POST.get("person", ""))
            person_request_answer(
                request=item, by=request.user, person=person, resolution=resolution
            )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La réponse est enregistrée."))
    return redirect("people:request_detail", public_id=item.public_id)


def _public_id_or_404(value: str):
    """A public id read from the query string; anything else names nothing (404)."""
    public_id = parse_uuid(value)
    if public_id is None:
        raise Http404
    return public_id


def _chosen_person(value: str):
    """The candidate the caisse ticked (a public id), or None for anything else."""
    public_id = parse_uuid(value)
    if public_id is None:
        return None
    return Person.objects.filter(public_id=public_id).first()
