from django.contrib import admin

from .models import (
    Enrolment,
    RegularisationRequest,
    SessionAmendment,
    SessionTrainer,
    TrainingSession,
)


class SessionTrainerInline(admin.TabularInline):
    model = SessionTrainer
    extra = 0
    raw_id_fields = ("trainer",)


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    """Consultation; sessions change through the pages (rules, audit)."""

    list_display = ("entity", "programme_level", "kind", "starts_on", "ends_on", "status")
    list_filter = ("status", "kind", "programme_level__programme")
    search_fields = ("entity__name", "place_city")
    list_select_related = ("entity", "programme_level__programme")
    raw_id_fields = ("entity", "created_by")
    inlines = [SessionTrainerInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("person", "session", "result", "identity_confirmed")
    list_filter = ("result",)
    raw_id_fields = ("person", "session")


@admin.register(RegularisationRequest)
class RegularisationRequestAdmin(admin.ModelAdmin):
    """Consultation; requests are made and decided through the pages."""

    list_display = ("entity", "kind", "status", "created_at", "open_until")
    list_filter = ("status", "kind")
    search_fields = ("entity__name",)
    list_select_related = ("entity",)
    raw_id_fields = ("entity", "session", "requested_by", "decided_by")


@admin.register(SessionAmendment)
class SessionAmendmentAdmin(admin.ModelAdmin):
    list_display = ("session", "by", "created_at")
    list_select_related = ("session__entity", "session__programme_level__programme", "by")
    raw_id_fields = ("session", "by", "regularisation")
