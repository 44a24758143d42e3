"""« Doublons »: the queue of candidate groups, people side by side, the merge, its record and
its undoing. Support and national see everyone; the instructor of a caisse the trainers of its
entities (``people.rules``)."""

from itertools import combinations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST, require_safe

from forprev.certificates.models import Certificate
from forprev.core.exceptions import DomainError
from forprev.core.parsing import parse_uuid
from forprev.entities.models import Membership
from forprev.people import merge_queue
from forprev.people.merge_queue import certain_threshold, engine_score, merge_request_people
from forprev.people.merging import later_merges, merge_undo, persons_merge
from forprev.people.merging_models import (
    DuplicateCandidate,
    MergeRequest,
    PersonMerge,
    has_national_scope,
    people_in_merge_scope,
)
from forprev.people.rules import can_review_duplicates, can_undo_merge
from forprev.trainers.models import TeamMembership, TrainerCertificate
from forprev.training.models import Enrolment, SessionTrainer
from forprev.www.scheduler_views.panels import job_panel

from .forms import MergeForm

GROUPS_PER_PAGE = 20
MERGES_PER_PAGE = 50
RECENT_MERGES = 10
REQUESTS_SHOWN = 50


def _reviewer(request):
    if not can_review_duplicates(request.user):
        raise PermissionDenied


def _visible_merges(request):
    return PersonMerge.objects.visible_to(request.user).select_related("kept", "by")


# The queue ---------------------------------------------------------------------------------


@require_safe
def queue(request):
    """Candidate groups, best score first; support also sees the trainers' pending requests."""
    _reviewer(request)
    user = request.user
    candidates = DuplicateCandidate.objects.visible_to(user).to_review()
    groups = (
        candidates.values("group")
        .annotate(best=Max("score"), pairs=Count("pk"))
        .order_by("-best", "group")
    )
    page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    keys = [g["group"] for g in page]
    pairs = (
        candidates.filter(group__in=keys)
        .select_related("person_a__user", "person_b__user")
        .order_by("-score", "pk")
    )
    people_of = {key: {} for key in keys}
    pairs_of = {key: [] for key in keys}
    for pair in pairs:
        pairs_of[pair.group].append(pair)
        for person in (pair.person_a, pair.person_b):
            people_of[pair.group].setdefault(person.pk, person)
    rows = []
    for entry in page:
        people = sorted(people_of[entry["group"]].values(), key=lambda p: p.pk)
        rows.append(
            {
                "people": people,
                "ids": [p.public_id for p in people],
                "best": entry["best"],
                "pairs": pairs_of[entry["group"]],
            }
        )
    requests = []
    if has_national_scope(user):
        requests = list(
            MergeRequest.objects.pending()
            .select_related("requested_by")
            .order_by("created_at", "pk")[:REQUESTS_SHOWN]
        )
    return render(
        request,
        "duplicates/queue.html",
        {
            "page": page,
            "rows": rows,
            "requests": requests,
            "recent_merges": _visible_merges(request)[:RECENT_MERGES],
            "certain": certain_threshold(),
            "requests_count": (
                MergeRequest.objects.pending().count()
                if len(requests) == REQUESTS_SHOWN
                else len(requests)
            ),
            "job_panel": job_panel(request, "duplicates-detect"),
        },
    )


@require_POST
def candidate_dismiss(request, public_id):
    _reviewer(request)
    candidate = get_object_or_404(
        DuplicateCandidate.objects.visible_to(request.user), public_id=public_id
    )
    try:
        merge_queue.candidate_dismiss(candidate=candidate, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La paire est écartée : ce sont deux personnes distinctes."))
    return redirect("duplicates:queue")


# People side by side -----------------------------------------------------------------------


def _people_or_404(request, ids):
    """The people named in the URL, all within the user's merge scope (else 404), with what
    each one carries."""
    if len(set(ids)) != len(ids):
        raise Http404
    people = list(
        people_in_merge_scope(request.user)
        .filter(public_id__in=ids)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.select_related(
                    "session__entity", "session__programme_level__programme"
                ).order_by("-session__starts_on", "pk"),
            ),
            Prefetch(
                "certificates",
                queryset=Certificate.objects.select_related(
                    "programme_level__programme", "entity"
                ).order_by("-issued_on", "pk"),
            ),
        )
    )
    if len(people) != len(ids):
        raise Http404
    order = {key: index for index, key in enumerate(ids)}
    people.sort(key=lambda p: order[p.public_id])
    _attach_account_holdings(people)
    return people


def _attach_account_holdings(people):
    """Trainer certificates, teams, entity places and sessions as trainer of each account (a
    constant number of queries, whatever the number of people)."""
    users = [p.user_id for p in people if p.user_id]
    by_user = {key: {"trainer_certificates": [], "teams": [], "memberships": []} for key in users}
    if users:
        certificates = TrainerCertificate.objects.filter(holder__in=users).select_related(
            "programme_level__programme"
        )
        for item in certificates.order_by("-issued_on", "pk"):
            by_user[item.holder_id]["trainer_certificates"].append(item)
        teams = TeamMembership.objects.active().filter(trainer__in=users).select_related("entity")
        for item in teams.order_by("entity__name", "pk"):
            by_user[item.trainer_id]["teams"].append(item)
        places = Membership.objects.active().filter(user__in=users).select_related("entity")
        for item in places.order_by("entity__name", "pk"):
            by_user[item.user_id]["memberships"].append(item)
        sessions = dict(
            SessionTrainer.objects.filter(trainer__in=users)
            .values("trainer")
            .annotate(n=Count("pk"))
            .values_list("trainer", "n")
        )
    for person in people:
        holdings = by_user.get(person.user_id, {})
        person.trainer_certificates = holdings.get("trainer_certificates", [])
        person.team_places = holdings.get("teams", [])
        person.entity_places = holdings.get("memberships", [])
        person.sessions_as_trainer = sessions.get(person.user_id, 0) if users else 0


def _scores(people):
    """The score of each pair: the queue's when the engine stored it, computed otherwise."""
    keys = [p.pk for p in people]
    stored = {
        (c.person_a_id, c.person_b_id): c.score
        for c in DuplicateCandidate.objects.filter(person_a__in=keys, person_b__in=keys)
    }
    scores = []
    for a, b in combinations(sorted(people, key=lambda p: p.pk), 2):
        score = stored.get((a.pk, b.pk))
        if score is None:
            score = engine_score(a, b)
        scores.append({"a": a, "b": b, "score": score})
    return scores


def _merge_request(request, value, people):
    """The trainer's request this comparison answers (``?demande=``): pending, and about two
    of the people compared."""
    key = parse_uuid(value)
    if key is None or not has_national_scope(request.user):
        return None
    item = MergeRequest.objects.pending().filter(public_id=key).first()
    if item is None:
        return None
    named = {p.pk for p in merge_request_people(item) if p is not None}
    return item if len(named) == 2 and named <= {p.pk for p in people} else None


def _compare_page(request, people, form, merge_request, status=200):
    merges = (
        PersonMerge.objects.visible_to(request.user)
        .filter(kept__in=[p.pk for p in people])
        .select_related("kept", "by")
    )
    return render(
        request,
        "duplicates/compare.html",
        {
            "people": people,
            "ids": [p.public_id for p in people],
            "scores": _scores(people),
            "form": form,
            "merge_request": merge_request,
            "merges": merges,
            "certain": certain_threshold(),
        },
        status=status,
    )


@require_safe
def compare(request, people):
    _reviewer(request)
    persons = _people_or_404(request, people)
    merge_request = _merge_request(request, request.GET.get("demande"), persons)
    form = MergeForm(people=persons, initial={"kept": str(persons[0].public_id)})
    return _compare_page(request, persons, form, merge_request)


@require_POST
def merge(request, people):
    _reviewer(request)
    persons = _people_or_404(request, people)
    merge_request = _merge_request(request, request.POST.get("demande"), persons)
    form = MergeForm(request.POST, people=persons)
    if form.is_valid():
        try:
            with transaction.atomic():
                done = [
                    persons_merge(
                        kept=form.kept_person,
                        removed=removed,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                        request=merge_request,
                    )
                    for removed in form.removed_people
                ]
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Fusion enregistrée : %(removed)s rattaché(s) à %(kept)s.")
                % {
                    "removed": ", ".join(m.removed_forprev_id for m in done),
                    "kept": form.kept_person.forprev_id,
                },
            )
            return redirect("duplicates:merge_detail", public_id=done[-1].public_id)
    return _compare_page(request, persons, form, merge_request)


# Merge records -----------------------------------------------------------------------------


@require_safe
def merge_list(request):
    """Every merge in scope, latest first; ``?individu=`` the merges into one person (their
    history)."""
    _reviewer(request)
    merges = _visible_merges(request).select_related("undone_by")
    person = request.GET.get("individu", "")
    if person:
        kept = parse_uuid(person)
        merges = merges.filter(kept__public_id=kept) if kept else merges.none()
    page = Paginator(merges.order_by("-created_at", "-pk"), MERGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "duplicates/merge_list.html", {"page": page, "person": person})


# Rows naming the person by content type and key (people.merging.OBJECT_REFERENCES).
REFERENCE_LABELS = {
    "auditlog.LogEntry": _lazy("historique des modifications"),
    "admin.LogEntry": _lazy("historique du back-office"),
}
SIDES = {
    "person": _lazy("Rattachées à l'individu conservé"),
    "account": _lazy("Rattachées au compte conservé"),
    "references": _lazy("Historique"),
}


def _relation_label(label: str) -> str:
    if label in REFERENCE_LABELS:
        return str(REFERENCE_LABELS[label])
    model_label, _dot, field_name = label.rpartition(".")
    model = apps.get_model(model_label)
    field = model._meta.get_field(field_name)
    return f"{model._meta.verbose_name_plural} ({field.verbose_name})"


def _set_aside_row(entry) -> dict:
    """A row set aside, its columns named as in the back office."""
    model = apps.get_model(entry["model"])
    names = {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}
    row = entry["row"]
    return {
        "what": str(model._meta.verbose_name),
        "key": row.get("id"),
        "fields": [(names.get(key, key), value) for key, value in row.items()],
    }


@require_safe
def merge_detail(request, public_id):
    _reviewer(request)
    item = get_object_or_404(
        _visible_merges(request).select_related(
            "kept__user", "removed_user", "undone_by", "request"
        ),
        public_id=public_id,
    )
    moved = [
        {
            "side": SIDES.get(side, side),
            "lines": sorted((_relation_label(label), len(ids)) for label, ids in relations.items()),
        }
        for side, relations in item.moved.items()
        if relations
    ]
    set_aside = [_set_aside_row(entry) for entry in item.set_aside]
    later = list(later_merges(item).select_related("kept")) if not item.is_undone else []
    return render(
        request,
        "duplicates/merge_detail.html",
        {
            "item": item,
            "moved": moved,
            "set_aside": set_aside,
            "later": later,
            "can_undo": not item.is_undone and not later and can_undo_merge(request.user, item),
        },
    )


@require_POST
def merge_undo_view(request, public_id):
    _reviewer(request)
    item = get_object_or_404(PersonMerge.objects.visible_to(request.user), public_id=public_id)
    if item.is_undone:
        messages.error(request, _("Cette fusion a déjà été annulée."))
        return redirect("duplicates:merge_detail", public_id=item.public_id)
    if not can_undo_merge(request.user, item):
        raise PermissionDenied
    try:
        merge_undo(merge=item, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Fusion annulée : %(removed)s est de nouveau un individu distinct.")
            % {"removed": item.removed_forprev_id},
        )
    return redirect("duplicates:merge_detail", public_id=item.public_id)
