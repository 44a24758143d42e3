from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from forprev.accreditations import rules as accreditation_rules
from forprev.core.audit import entity_history
from forprev.core.exceptions import DomainError
from forprev.entities import rules
from forprev.entities.enums import EntityKind
from forprev.entities.forms import EntityProfileForm
from forprev.entities.models import Entity, Membership
from forprev.entities.selectors import with_claim_flags
from forprev.entities.services import entity_update_profile
from forprev.www.apply_views.claims import entity_claim
from forprev.www.list_filters import filter_scope, grouped

from .filters import EntityListFilterForm

PAGE_SIZE = 50


@require_safe
def entity_list(request):
    if not rules.can_list_entities(request.user, request.role):
        raise PermissionDenied
    entities = with_claim_flags(
        Entity.objects.visible_to(request.user).select_related("caisse", "department")
    )
    form = EntityListFilterForm(request.GET or None, **filter_scope(request))
    entities = form.apply(entities)
    page = Paginator(entities.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    count = page.paginator.count
    return render(
        request,
        "entities/entity_list.html",
        {
            "page": page,
            "form": form,
            "total": ngettext("%(count)s entité", "%(count)s entités", count)
            % {"count": grouped(count)},
        },
    )


@require_safe
def entity_detail(request, public_id):
    entity = get_object_or_404(
        Entity.objects.visible_to(request.user).select_related("caisse", "department"),
        public_id=public_id,
    )
    memberships = (
        Membership.objects.active().filter(entity=entity).select_related("user").order_by("role")
    )
    can_view_requests = accreditation_rules.can_view_requests(request.user, entity)
    can_edit = rules.can_edit_entity_profile(request.user, entity)
    profile_freeze = rules.profile_freeze(request.user, entity) if can_edit else None
    return render(
        request,
        "entities/entity_detail.html",
        {
            "entity": entity,
            "memberships": memberships,
            "claim": entity_claim(request.user, entity),
            "show_login_identifiers": rules.can_see_login_identifiers(request.user, entity),
            "can_edit": can_edit,
            "profile_freezes": [profile_freeze] if profile_freeze else [],
            "accreditations": entity.accreditations.select_related(
                "programme_level__programme"
            ).order_by("-expires_on"),
            "applications": entity.requests.select_related("reviewer").order_by("-created_at")
            if can_view_requests
            else None,
            "today": timezone.localdate(),
            "history": entity_history(request.user, entity),
        },
    )


@require_http_methods(["GET", "POST"])
def entity_edit(request, public_id):
    entity = get_object_or_404(Entity.objects.visible_to(request.user), public_id=public_id)
    if not rules.can_edit_entity_profile(request.user, entity):
        raise PermissionDenied
    editable = rules.editable_entity_fields(request.user, entity)
    form = EntityProfileForm(request.POST or None, instance=entity, editable=editable)
    if "kind" in editable and (
        kind_freeze := rules.kind_change_freeze(request.user, entity, EntityKind.TRAINING_ORG)
    ):
        form.fields["kind"].help_text = kind_freeze.notice_today
    if form.is_valid():
        try:
            entity_update_profile(entity=entity, by=request.user, changes=form.changed_values())
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Le tronc commun de l'entité a été enregistré."))
            for warning in form.warnings:
                messages.warning(request, warning)
            return redirect("entities:entity_detail", public_id=entity.public_id)
    freeze = rules.profile_freeze(request.user, entity)
    return render(
        request,
        "entities/entity_edit.html",
        {"entity": entity, "form": form, "freezes": [freeze] if freeze else []},
    )
