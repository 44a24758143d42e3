from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forprev.core.admin import ReadOnlyAdmin
from forprev.core.exceptions import DomainError

from . import otp
from .enums import StaffRole
from .models import IssuedForprevId, OtpEnrolment, User


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
    actions = ["send_otp_enrolment_link"]

    def has_otp_link_permission(self, request):
        """A national administrator (or a superuser) sends a staff member who lost their phone
        and recovery codes a new two-factor enrolment link, to their registered address."""
        user = request.user
        return user.is_superuser or user.staff_role == StaffRole.NATIONAL

    @admin.action(
        permissions=["otp_link"],
        description=_("Envoyer un lien d'activation de la double authentification"),
    )
    def send_otp_enrolment_link(self, request, queryset):
        sent = 0
        for user in queryset:
            try:
                otp.otp_enrolment_issue(user=user, issued_by=request.user)
            except DomainError as error:
                self.message_user(request, f"{user} : {error.message}", messages.WARNING)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(n)d lien d'activation envoyé.", "%(n)d liens d'activation envoyés.", sent
                )
                % {"n": sent},
                messages.SUCCESS,
            )


@admin.register(IssuedForprevId)
class IssuedForprevIdAdmin(admin.ModelAdmin):
    list_display = ("value", "issued_at")
    search_fields = ("value",)


@admin.register(OtpEnrolment)
class OtpEnrolmentAdmin(ReadOnlyAdmin):
    deletable = True

    """Read-only history of two-factor enrolment links (the links themselves are not stored)."""

    list_display = ("user", "created_at", "expires_at", "used_at", "issued_by")
    list_select_related = ("user", "issued_by")
    search_fields = ("user__forprev_id", "user__last_name", "user__email")
    readonly_fields = ("user", "created_at", "expires_at", "used_at", "issued_by")
    exclude = ("token_hash",)
