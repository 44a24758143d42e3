"""Who reads the reconciliation reports of the migration."""

from forprev.accounts.enums import StaffRole


def can_view_reconciliation(user) -> bool:
    """The reconciliation is the network's check that nothing was lost at the switch: support
    and the national level read every run; a caisse's instructors read what became of their
    entities' rows (the rows are then scoped to their caisse). Entity members learn what to fix
    from their to-do list before the switch, not from the migration's report."""
    return user.is_authenticated and (
        user.is_superuser
        or user.staff_role in {StaffRole.INSTRUCTOR, StaffRole.SUPPORT, StaffRole.NATIONAL}
    )
