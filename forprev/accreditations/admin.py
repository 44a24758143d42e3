from django.contrib import admin

from .models import (
    Accreditation,
    AccreditationRequest,
    ExpiryReminder,
    Extension,
    ProposedTrainer,
    RequestDocument,
    RequestEvent,
    RequestItem,
)


class RequestItemInline(admin.TabularInline):
    model = RequestItem
    extra = 0


class ProposedTrainerInline(admin.TabularInline):
    model = ProposedTrainer
    extra = 0
    raw_id_fields = ("trainer",)


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0


@admin.register(AccreditationRequest)
class AccreditationRequestAdmin(admin.ModelAdmin):
    """Consultation; the lifecycle runs through the pages (rules, timeline, e-mails)."""

    list_display = ("entity", "kind", "status", "transmitted_at", "reviewer")
    list_filter = ("status", "kind")
    search_fields = ("entity__name", "entity__siret", "decision_reference")
    list_select_related = ("entity", "reviewer")
    raw_id_fields = ("entity", "created_by", "reviewer", "decided_by")
    inlines = [RequestItemInline, ProposedTrainerInline, RequestEventInline]


@admin.register(RequestDocument)
class RequestDocumentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "request", "size", "created_at")
    raw_id_fields = ("request", "uploaded_by")


@admin.register(Accreditation)
class AccreditationAdmin(admin.ModelAdmin):
    list_display = ("entity", "programme_level", "starts_on", "expires_on", "status")
    list_filter = ("status", "programme_level__programme")
    search_fields = ("entity__name", "entity__siret")
    list_select_related = ("entity", "programme_level__programme")
    raw_id_fields = ("entity", "request", "previous")


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ("accreditation", "previous_expires_on", "new_expires_on", "months", "rule_key")
    raw_id_fields = ("accreditation", "created_by")


@admin.register(ExpiryReminder)
class ExpiryReminderAdmin(admin.ModelAdmin):
    list_display = ("accreditation", "expires_on", "months_before", "sent_at")
    raw_id_fields = ("accreditation",)
