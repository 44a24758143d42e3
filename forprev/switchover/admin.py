"""The switch-over's runs in the back office, read-only: they are written by the commands and
read on the /reprise/ pages (findings and issues are many: searched there, not listed here)."""

from django.contrib import admin

from forprev.core.admin import ReadOnlyAdmin

from .models import ConformityRun, MigrationRun


class RunAdmin(ReadOnlyAdmin):
    deletable = True


@admin.register(ConformityRun)
class ConformityRunAdmin(RunAdmin):
    list_display = ("source", "status", "created_at", "finished_at", "due_on")
    list_filter = ("status",)


@admin.register(MigrationRun)
class MigrationRunAdmin(RunAdmin):
    list_display = ("source", "wet", "status", "balanced", "created_at", "finished_at")
    list_filter = ("status", "wet", "balanced")
