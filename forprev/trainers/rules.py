"""Who may act on trainers teams and trainer certificates."""

from forprev.accounts.enums import StaffRole
from forprev.entities.enums import DelegateRight
from forprev.entities.rules import membership_of


def can_manage_team(user, entity) -> bool:
    """The manager, or a delegate holding "gérer l'équipe pédagogique" (PRODUCT.md)."""
    membership = membership_of(user, entity)
    return membership is not None and membership.has_right(DelegateRight.MANAGE_TRAINERS)


def can_record_trainer_certificate(user) -> bool:
    """Support and national record certificates obtained outside Forprev (history)."""
    return user.is_authenticated and (
        user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}
    )
