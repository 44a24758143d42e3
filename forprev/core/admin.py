from django.contrib import admin

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Runs are written by the task framework's signals; the back office only reads them."""

    list_display = ("job_key", "status", "enqueued_at", "finished_at", "started_by")
    list_filter = ("job_key", "status")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
