from django.contrib import admin

from .models import Entity, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    """Consultation for support and national; changes go through the pages (rules, audit)."""

    list_display = ("name", "kind", "siret", "nda", "postcode", "city", "caisse")
    list_filter = ("kind", "caisse")
    search_fields = ("name", "trade_name", "siret", "nda")
    list_select_related = ("caisse",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "entity", "role", "revoked_at")
    list_filter = ("role",)
    raw_id_fields = ("user", "entity")
    list_select_related = ("user", "entity")
