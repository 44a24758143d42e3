from django.contrib import admin

from .models import TeamMembership, TrainerCertificate


@admin.register(TrainerCertificate)
class TrainerCertificateAdmin(admin.ModelAdmin):
    list_display = ("holder", "programme_level", "issued_on", "valid_until", "source", "revoked_at")
    list_filter = ("source", "programme_level__programme")
    search_fields = ("holder__forprev_id", "holder__last_name", "holder__email")
    list_select_related = ("holder", "programme_level__programme")
    raw_id_fields = ("holder", "recorded_by")


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ("trainer", "entity", "created_at", "removed_at")
    search_fields = ("trainer__forprev_id", "trainer__last_name", "entity__name")
    list_select_related = ("trainer", "entity")
    raw_id_fields = ("trainer", "entity", "added_by")
