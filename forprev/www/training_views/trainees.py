"""Trainees added or taken off by hand on a session being prepared (the import is in views.py).

Every page: the session through ``visible_to`` (outside scope → 404), then the rule
``can_edit_session`` (→ 403), then one service. The search runs as a POST so that names and
birth dates stay out of addresses, logs and browser history. When people the entity knows are
close to the one typed in (a typo, swapped names, day and month swapped), « Créer et
inscrire » becomes « Ce n'est pas la même personne » and names them (``distinct_from``): the
service refuses to create the person otherwise.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forprev.core.exceptions import DomainError
from forprev.people.models import Person
from forprev.training import rules, selectors, services
from forprev.training.forms import TraineeCreateForm, TraineeSearchForm
from forprev.training.models import TrainingSession


def _editable_session(request, public_id):
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user).select_related(
            "entity", "programme_level__programme"
        ),
        public_id=public_id,
    )
    if not rules.can_edit_session(request.user, session):
        raise PermissionDenied
    return session


def _render_add(request, session, *, search_form, create_form=None, criteria=None):
    """The page; with ``criteria`` (``nom``, ``prenom``, ``naissance``, from a valid search or
    a refused creation) the people who may be the one typed in, the close ones flagged: the
    creation form then asks to confirm that the trainee is none of them."""
    context = {
        "session": session,
        "search_form": search_form,
        "create_form": create_form,
        "enrolments": session.enrolments.select_related("person").order_by(
            "person__last_name", "person__first_name", "pk"
        ),
        "limit": selectors.CANDIDATES_LIMIT,
        "candidates": None,
        "close_candidates": [],
        "more_candidates": False,
    }
    if criteria is None and search_form.is_bound and search_form.is_valid():
        criteria = search_form.cleaned_data
    if criteria is not None:
        candidates = selectors.trainee_candidates(
            user=request.user,
            session=session,
            last_name=criteria["nom"],
            first_name=criteria["prenom"],
            birth_date=criteria["naissance"],
            limit=selectors.CANDIDATES_LIMIT,
        )
        context["candidates"] = candidates[: selectors.CANDIDATES_LIMIT]
        context["close_candidates"] = [p for p in context["candidates"] if p.is_close]
        context["more_candidates"] = len(candidates) > selectors.CANDIDATES_LIMIT
        if create_form is None:
            context["create_form"] = TraineeCreateForm(
                initial={
                    "last_name": criteria["nom"],
                    "first_name": criteria["prenom"],
                    "birth_date": criteria["naissance"],
                }
            )
    context["enrolled_count"] = len(context["enrolments"])
    context["is_full"] = context["enrolled_count"] >= session.capacity
    return render(request, "training/trainee_add.html", context)


def _declared_distinct(request) -> set[uuid.UUID]:
    """The close people the user declared to be someone else (« Ce n'est pas la même
    personne »): the ``distinct_from`` values that are identifiers, the rest ignored."""
    declared = set()
    for value in request.POST.getlist("distinct_from")[: selectors.CANDIDATES_LIMIT]:
        try:
            declared.add(uuid.UUID(value))
        except ValueError:
            continue
    return declared


def _full_name(person):
    return f"{person.last_name.upper()} {person.first_name}"


@require_http_methods(["GET", "POST"])
def trainee_add(request, public_id):
    """Search the people the entity knows; enrol one of them or create the person."""
    session = _editable_session(request, public_id)
    search_form = TraineeSearchForm(request.POST or None)
    return _render_add(request, session, search_form=search_form)


@require_POST
def trainee_enrol(request, public_id, person_id):
    session = _editable_session(request, public_id)
    person = get_object_or_404(Person.objects.visible_to(request.user), public_id=person_id)
    try:
        services.trainee_enrol(session=session, person=person, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s : inscription enregistrée.") % {"name": _full_name(person)}
        )
    return redirect("training:trainee_add", public_id=session.public_id)


@require_POST
def trainee_create(request, public_id):
    session = _editable_session(request, public_id)
    form = TraineeCreateForm(request.POST)
    criteria = None
    if form.is_valid():
        try:
            enrolment, created = services.trainee_create_and_enrol(
                session=session,
                by=request.user,
                distinct_from=_declared_distinct(request),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            if error.code == "close_people":  # the people to choose from, or to rule out
                criteria = {
                    "nom": form.cleaned_data["last_name"],
                    "prenom": form.cleaned_data["first_name"],
                    "naissance": form.cleaned_data["birth_date"],
                }
        else:
            person = enrolment.person
            if created:
                message = _(
                    "%(name)s : personne créée avec le numéro Forprev %(number)s et inscrite."
                )
            else:
                message = _(
                    "%(name)s : inscription enregistrée. Cette personne était déjà connue de "
                    "Forprev (numéro %(number)s) : aucun doublon n'a été créé."
                )
            messages.success(
                request, message % {"name": _full_name(person), "number": person.forprev_id}
            )
            return redirect("training:trainee_add", public_id=session.public_id)
    search_form = TraineeSearchForm(initial=criteria)
    return _render_add(
        request, session, search_form=search_form, create_form=form, criteria=criteria
    )


@require_http_methods(["GET", "POST"])
def trainee_remove(request, public_id, enrolment_id):
    """Confirmation, then the trainee is taken off the session (the person is kept)."""
    session = _editable_session(request, public_id)
    enrolment = get_object_or_404(
        session.enrolments.select_related("person"), public_id=enrolment_id
    )
    if request.method == "POST":
        try:
            services.trainee_remove(session=session, enrolment=enrolment, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s : inscription retirée.") % {"name": _full_name(enrolment.person)},
            )
        return redirect("training:session_detail", public_id=session.public_id)
    return render(
        request, "training/trainee_remove.html", {"session": session, "enrolment": enrolment}
    )
