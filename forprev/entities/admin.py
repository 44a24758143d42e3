from django.contrib import admin

from forprev.core.admin import ReadOnlyAdmin

from .models import Entity, Invitation, Membership, PendingApplication


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    """Consultation for support and national; changes go through the pages (rules, audit)."""

    list_display = ("name", "kind", "siret", "nda", "postcode", "city", "caisse", "status")
    list_filter = ("kind", "status", "caisse")
    search_fields = ("name", "trade_name", "siret", "nda")
    list_select_related = ("caisse",)
    inlines = [MembershipInline]
    # Recognition is the caisse's decision, taken on the entity's page (rule, audit).
    readonly_fields = ("status", "recognised_at", "recognised_by")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "entity", "role", "revoked_at")
    list_filter = ("role",)
    raw_id_fields = ("user", "entity")
    list_select_related = ("user", "entity")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Read-only: invitations are answered by their invitee only (consent, docs/security)."""

    list_display = ("identifier", "entity", "kind", "state", "expires_at", "sent_count")
    list_filter = ("kind", "state")
    search_fields = ("identifier", "entity__name")
    raw_id_fields = ("entity", "invited_by", "invitee")
    list_select_related = ("entity",)
    exclude = ("token_digest",)


@admin.register(PendingApplication)
class PendingApplicationAdmin(ReadOnlyAdmin):
    deletable = True

    """Read-only: applications waiting for their e-mail confirmation (purged once expired). The
    password's hash is never shown."""

    list_display = ("email", "kind", "siret", "nda", "created_at", "expires_at", "confirmed_at")
    list_filter = ("kind",)
    search_fields = ("email", "siret", "nda")
    raw_id_fields = ("entity",)
    exclude = ("password_hash",)
