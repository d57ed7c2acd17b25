from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NeverDeleteMixin

from . import enrolment
from .models import Agency, Role, Team, User


@admin.register(User)
class UserAdmin(NeverDeleteMixin, DjangoUserAdmin, SimpleHistoryAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "team", "agency", "is_active"]
    list_filter = ["roles", "team", "agency", "is_active"]
    search_fields = ["full_name", "email"]
    filter_horizontal = ["roles", "groups", "user_permissions"]
    actions = ["issue_enrolment_link"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "phone")}),
        ("Work", {"fields": ("team", "agency", "line_manager", "roles")}),
        (
            "Access",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )

    @admin.action(description="Issue a link to set up two-factor sign-in", permissions=["change"])
    def issue_enrolment_link(self, request, queryset):
        """For someone who cannot get the emailed code (ADR 48): check who they are first, as
        for a lost phone, then give them the link yourself."""
        if queryset.count() != 1:
            self.message_user(request, "Choose one person at a time", messages.ERROR)
            return
        user = queryset.get()
        link = request.build_absolute_uri(enrolment.issue_link(user, by=request.user))
        self.message_user(
            request,
            f"Give {user} this link yourself. It works once, within 15 minutes, after they sign "
            f"in with their password: {link}",
            messages.WARNING,
        )


@admin.register(Role)
class RoleAdmin(NeverDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Team)
class TeamAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "agency", "manager", "is_active"]


@admin.register(Agency)
class AgencyAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "known_phone_number", "is_active"]
