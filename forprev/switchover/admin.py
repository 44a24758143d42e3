"""The switch-over's runs in the back office, read-only: they are written by the commands and
read on the /reprise/ pages (findings and issues are many: searched there, not listed here)."""

from django.contrib import admin

from .models import ConformityRun, MigrationRun


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ConformityRun)
class ConformityRunAdmin(ReadOnlyAdmin):
    list_display = ("source", "status", "created_at", "finished_at", "due_on")
    list_filter = ("status",)


@admin.register(MigrationRun)
class MigrationRunAdmin(ReadOnlyAdmin):
    list_display = ("source", "wet", "status", "balanced", "created_at", "finished_at")
    list_filter = ("status", "wet", "balanced")
