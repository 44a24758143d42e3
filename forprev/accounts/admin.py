from django.contrib import admin

from .models import IssuedForprevId, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Read-only: accounts change through the application's pages (rules, e-mails, audit)."""

    list_display = (
        "forprev_id",
        "last_name",
        "first_name",
        "email",
        "staff_role",
        "caisse",
        "is_active",
    )
    list_filter = ("staff_role", "is_active", "caisse")
    search_fields = ("forprev_id", "last_name", "first_name", "email")
    list_select_related = ("caisse",)
    exclude = ("password",)
    readonly_fields = ("forprev_id", "last_login", "date_joined", "info_validated_at")


@admin.register(IssuedForprevId)
class IssuedForprevIdAdmin(admin.ModelAdmin):
    list_display = ("value", "issued_at")
    search_fields = ("value",)
