"""Writes on entities. Audit is recorded by auditlog in the same transaction.

Delegates are named through invitations (``invitations.py``): nobody is attached without
accepting."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.exceptions import DomainError
from forprev.freezes.services import refuse_if_frozen

from .enums import DelegateRight, MembershipRole
from .models import Entity, Membership
from .rules import (
    can_manage_delegates,
    editable_entity_fields,
    kind_change_freeze,
    profile_freeze,
)


@transaction.atomic
def entity_create(*, manager=None, **fields) -> Entity:
    """Create an entity; the caisse de rattachement follows from the département."""
    entity = Entity(**fields)
    entity.caisse_id = entity.department.caisse_id
    entity.full_clean()
    entity.save()
    if manager is not None:
        membership = Membership(user=manager, entity=entity, role=MembershipRole.MANAGER)
        membership.full_clean()
        membership.save()
    return entity


@transaction.atomic
def entity_update_profile(*, entity: Entity, by, changes: dict) -> Entity:
    """Apply the tronc-commun fields ``by`` may edit; any other field is refused (server-side lock),
    and so is any change while a freeze stops it (tronc commun for the entity, E > OF)."""
    refuse_if_frozen(profile_freeze(by, entity))
    allowed = set(editable_entity_fields(by, entity))
    forbidden = set(changes) - allowed
    if forbidden:
        raise DomainError(
            _("Ces champs ne peuvent être modifiés que par votre caisse : %(fields)s.")
            % {
                "fields": ", ".join(
                    str(Entity._meta.get_field(f).verbose_name) for f in sorted(forbidden)
                )
            }
        )
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if "kind" in changes:  # against the stored type: a form may have changed ``entity`` already
        refuse_if_frozen(kind_change_freeze(by, entity, changes["kind"]), field="kind")
    for name, value in changes.items():
        setattr(entity, name, value)
    entity.caisse_id = entity.department.caisse_id
    try:
        entity.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    entity.save()
    return entity


@transaction.atomic
def delegate_update(*, membership, by, rights) -> Membership:

    if (
        not can_manage_delegates(by, membership.entity)
        or membership.role != MembershipRole.DELEGATE
    ):
        raise DomainError(_("Seul le gestionnaire (CEH) modifie les droits d'un délégué."))
    if set(rights) - set(DelegateRight.values):
        raise DomainError(_("Droit inconnu."), field="rights")
    membership.rights = sorted(set(rights))
    membership.save(update_fields=["rights", "updated_at"])
    return membership


@transaction.atomic
def delegate_revoke(*, membership, by) -> Membership:

    if (
        not can_manage_delegates(by, membership.entity)
        or membership.role != MembershipRole.DELEGATE
    ):
        raise DomainError(_("Seul le gestionnaire (CEH) révoque un délégué."))
    membership.revoked_at = timezone.now()
    membership.save(update_fields=["revoked_at", "updated_at"])
    return membership
