from django.contrib import admin

from .models import Caisse, Department, Programme, ProgrammeLevel


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Caisse)
class CaisseAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "email")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "caisse")
    list_filter = ("caisse",)
    search_fields = ("code", "name")
    list_select_related = ("caisse",)


class ProgrammeLevelInline(admin.StackedInline):
    model = ProgrammeLevel
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "is_active",
        "accreditation_validity_months",
        "renewal_lead_months",
    )
    list_filter = ("is_active",)
    search_fields = ("code", "name")
    inlines = [ProgrammeLevelInline]
