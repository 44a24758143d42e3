from django.contrib import admin

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("forprev_id", "last_name", "first_name", "birth_date", "email")
    search_fields = ("forprev_id", "last_name", "first_name", "email")
    readonly_fields = ("forprev_id", "name_key")
    raw_id_fields = ("user",)
