from forprev.accounts.enums import StaffRole


def can_view_referentials(user) -> bool:
    """Staff roles consult the référentiels they apply (caisses, dispositifs and their rules)."""
    return user.is_authenticated and (user.is_superuser or bool(user.staff_role))


def can_edit_referentials(user) -> bool:
    """Only the national role (INRS) changes the référentiels, in the back office."""
    return user.is_authenticated and (user.is_superuser or user.staff_role == StaffRole.NATIONAL)
