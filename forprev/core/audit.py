"""Reading the audit trail (django-auditlog records every create/update/delete of registered
business models with before/after values and the actor, in the same transaction)."""

from auditlog.models import LogEntry

from forprev.accounts.rules import can_read_audit_log


def audit_entries_visible_to(user):
    """Support and national read the whole trail; nobody else reads it (for now)."""
    if not can_read_audit_log(user):
        return LogEntry.objects.none()
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def entity_history(user, entity, limit: int = 20) -> list[dict]:
    """The tronc commun's recent changes (SIRET changes, ENT → OF…), for the caisse and the
    national roles, and the entity's manager. Others get an empty list."""
    from forprev.entities.rules import is_instructor_of, is_manager_of

    allowed = (
        can_read_audit_log(user) or is_instructor_of(user, entity) or is_manager_of(user, entity)
    )
    if not allowed:
        return []
    entries = (
        LogEntry.objects.get_for_object(entity)
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
    return [
        {
            "entry": entry,
            "changes": [
                {"field": field, "before": values[0], "after": values[1]}
                for field, values in (entry.changes_display_dict or {}).items()
            ],
        }
        for entry in entries[:limit]
    ]
