from django.contrib import admin

from .models import Person, PersonRequest


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
