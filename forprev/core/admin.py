from django.contrib import admin

from .models import JobRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the application's own flows, where the rules and the audit apply: the
    back office consults them. ``deletable`` keeps deletion for rows that are only history."""

    deletable = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    """Runs are written by the task framework's signals; the back office only reads them."""

    list_display = ("job_key", "status", "enqueued_at", "finished_at", "started_by")
    list_filter = ("job_key", "status")
