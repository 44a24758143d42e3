from django.contrib import admin

from .models import Enrolment, SessionTrainer, TrainingSession


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
