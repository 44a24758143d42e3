"""Who may do what with accounts and the back office. Roles are fixed: the rules are code."""

from .enums import StaffRole

# Référentiels are data the national role edits (DOMAIN.md).
NATIONAL_EDITABLE_APPS = {"referentials"}
# Back-office sections each role may open (read-only unless stated above).
BACK_OFFICE_APPS = {
    StaffRole.NATIONAL: {"referentials", "accounts", "entities", "auditlog"},
    StaffRole.SUPPORT: {"referentials", "accounts", "entities", "auditlog"},
}


def can_use_admin_module(user, app_label: str) -> bool:
    if user.is_superuser:
        return True
    return app_label in BACK_OFFICE_APPS.get(user.staff_role, set())


def can_use_admin_permission(user, perm: str) -> bool:
    """National edits référentiels; support and national read the rest; superusers do anything.

    Business data (entities, accounts) is changed through the application's pages, where the
    rules and the audit trail apply, not through the back office.
    """
    if user.is_superuser:
        return True
    app_label, _, codename = perm.partition(".")
    if not can_use_admin_module(user, app_label):
        return False
    if codename.startswith("view_"):
        return True
    return user.staff_role == StaffRole.NATIONAL and app_label in NATIONAL_EDITABLE_APPS


def can_read_audit_log(user) -> bool:
    """Support and national read the audit trail of every change to business data."""
    return user.is_authenticated and (
        user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}
    )


def can_run_scheduled_jobs(user) -> bool:
    """Support and national watch the periodic work (reminders, announcements, purges) and may
    start a job at once, e.g. after an incident, instead of waiting for its schedule."""
    return user.is_authenticated and (
        user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}
    )
