"""Who sees the results of the conformity check."""

from forprev.accounts.enums import StaffRole
from forprev.entities.enums import MembershipRole


def can_view_readiness(user) -> bool:
    """The readiness dashboard is the network's: a caisse's instructors follow their entities
    (the list is then scoped to their caisse), support and the national level follow them all.
    Entity members see their own to-do list instead."""
    return user.is_authenticated and (
        user.is_superuser
        or user.staff_role in {StaffRole.INSTRUCTOR, StaffRole.SUPPORT, StaffRole.NATIONAL}
    )


def can_start_conformity_check(user) -> bool:
    """Whoever follows the readiness dashboard may start the check of the export the switch-over
    team put on the server: it only reads the export and replaces the figures everybody sees by
    fresher ones (one run at a time); the migration itself stays the switch-over team's."""
    return can_view_readiness(user)


def can_view_todo_list(user, membership) -> bool:
    """The to-do list before the switch is the manager's (CEH): they fix the tronc commun, the
    users and trainers, close the sessions. Delegates hold only the rights the manager gives and
    have their own information to validate (« Mes informations »), not the entity's list."""
    return (
        membership is not None
        and membership.user_id == user.pk
        and membership.revoked_at is None
        and membership.role == MembershipRole.MANAGER
    )
