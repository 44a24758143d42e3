"""Writes on entities. Audit is recorded by auditlog in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forprev.core.exceptions import DomainError

from .models import Entity, Membership
from .rules import editable_entity_fields


@transaction.atomic
def entity_create(*, manager=None, **fields) -> Entity:
    """Create an entity; the caisse de rattachement follows from the département."""
    entity = Entity(**fields)
    entity.caisse_id = entity.department.caisse_id
    entity.full_clean()
    entity.save()
    if manager is not None:
        membership = Membership(user=manager, entity=entity, role="manager")
        membership.full_clean()
        membership.save()
    return entity


@transaction.atomic
def entity_update_profile(*, entity: Entity, by, changes: dict) -> Entity:
    """Apply the tronc-commun fields ``by`` may edit; any other field is refused (server-side lock)."""
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
    for name, value in changes.items():
        setattr(entity, name, value)
    entity.caisse_id = entity.department.caisse_id
    try:
        entity.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    entity.save()
    return entity
