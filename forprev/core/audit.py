"""Reading the audit trail (django-auditlog records every create/update/delete of registered
business models with before/after values and the actor, in the same transaction)."""

from auditlog.models import LogEntry

from forprev.accounts.rules import can_read_audit_log


def audit_entries_visible_to(user):
    """Support and national read the whole trail; nobody else reads it (for now)."""
    if not can_read_audit_log(user):
        return LogEntry.objects.none()
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
