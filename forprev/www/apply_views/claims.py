"""What the entity pages show about an entity's claim to its SIRET (ENT) or NDA (OF): its state
(provisional or recognised) and, when several entities claim the number, the others — listed for
the caisse, support and national; its own members are only told to contact their caisse."""

from forprev.accounts.enums import StaffRole
from forprev.entities.application import contested_claim_message, number_label
from forprev.entities.models import Entity
from forprev.entities.rules import can_recognise_entity, is_instructor_of
from forprev.entities.selectors import other_claimants


def _sees_claimants(user, entity) -> bool:
    return (
        user.is_superuser
        or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}
        or is_instructor_of(user, entity)
    )


def entity_claim(user, entity: Entity) -> dict:
    """The context of ``apply/includes/entity_claim.html`` for ``entity``'s page."""
    claimants = list(other_claimants(entity))
    staff = _sees_claimants(user, entity)
    visible = (
        set(
            Entity.objects.visible_to(user)
            .filter(pk__in=[other.pk for other in claimants])
            .values_list("pk", flat=True)
        )
        if staff and claimants
        else set()
    )
    return {
        "entity": entity,
        "number_label": number_label(entity.kind),
        "staff": staff,
        "contested": bool(claimants),
        "claimants": [(other, other.pk in visible) for other in claimants] if staff else [],
        "member_message": contested_claim_message(entity)
        if claimants and not staff and not entity.is_recognised
        else "",
        "can_recognise": can_recognise_entity(user, entity),
    }
