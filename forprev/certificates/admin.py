from django.contrib import admin

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "person", "programme_level", "issued_on", "valid_until", "revoked_at")
    search_fields = ("number", "person__last_name", "person__forprev_id")
    list_select_related = ("person", "programme_level__programme")
    raw_id_fields = ("person", "session", "entity")
    readonly_fields = ("number", "verification_code")
