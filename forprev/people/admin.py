from django.contrib import admin

from forprev.core.admin import ReadOnlyAdmin

from .models import DuplicateCandidate, MergeRequest, Person, PersonMerge, PersonRequest


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("forprev_id", "last_name", "first_name", "birth_date", "email")
    search_fields = ("forprev_id", "last_name", "first_name", "email")
    readonly_fields = ("forprev_id", "name_key")
    raw_id_fields = ("user",)


@admin.register(PersonRequest)
class PersonRequestAdmin(admin.ModelAdmin):
    """Consultation; requests are made and answered through the pages."""

    list_display = ("kind", "last_name", "first_name", "entity", "status", "created_at")
    list_filter = ("kind", "status")
    list_select_related = ("entity",)
    raw_id_fields = ("entity", "session", "person", "requested_by", "resolved_by")


class ConsultationAdmin(ReadOnlyAdmin):
    """Read only: merges, their undoing and the queue go through the pages (« Doublons »), where
    the rules apply and nothing is lost."""


@admin.register(PersonMerge)
class PersonMergeAdmin(ConsultationAdmin):
    list_display = ("removed_forprev_id", "kept_forprev_id", "by", "created_at", "undone_at")
    search_fields = ("removed_forprev_id", "kept_forprev_id", "kept__forprev_id")
    list_select_related = ("by",)
    raw_id_fields = ("kept", "removed_user", "by", "request", "undone_by")


@admin.register(MergeRequest)
class MergeRequestAdmin(ConsultationAdmin):
    list_display = ("requested_by", "other_forprev_id", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("requested_by__forprev_id", "other_forprev_id")
    list_select_related = ("requested_by",)
    raw_id_fields = ("requested_by", "handled_by")


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(ConsultationAdmin):
    list_display = ("person_a", "person_b", "score", "status")
    list_filter = ("status",)
    list_select_related = ("person_a", "person_b")
    raw_id_fields = ("person_a", "person_b", "reviewed_by")
