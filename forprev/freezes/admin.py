from django.contrib import admin

from .models import FeatureFreeze


@admin.register(FeatureFreeze)
class FeatureFreezeAdmin(admin.ModelAdmin):
    """Consultation; the national role edits the schedule on /gels/ (rules, validation, audit)."""

    list_display = ("action", "starts_on", "ends_on", "announce_days", "notified_at")
    list_filter = ("action",)
    readonly_fields = ("notified_at", "created_by")
