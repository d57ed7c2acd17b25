"""Admin for the calendar's extra days, the timescale policy, deadlines and QANs.

Policy and non-working days are edited here, with simple-history showing who changed what and
when. Deadlines and QANs move through their services (sign-offs, acknowledgements, closures), so
the admin shows them and allows only reassignment.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NeverDeleteMixin

from .models import (
    Deadline,
    NonWorkingDay,
    QualityAssuranceNotification,
    SchedulerRun,
    TimescalePolicy,
)


@admin.register(SchedulerRun)
class SchedulerRunAdmin(NeverDeleteMixin, admin.ModelAdmin):
    list_display = ["task_name", "ran_at", "detail"]
    readonly_fields = ["task_name", "ran_at", "detail"]


class HistoryAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    """simple-history saves a "revert" POST for anyone who may merely view; require change."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and (
            self.revert_disabled(request) or not self.has_change_permission(request)
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(HistoryAdmin):
    """Saving or deleting here reaches every process's working-day calendar within minutes."""

    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(TimescalePolicy)
class TimescalePolicyAdmin(HistoryAdmin):
    """A change applies to deadlines computed afterwards; existing deadlines keep their copy."""

    list_display = ["rule", "value", "unit", "direction", "raises_qan", "source"]
    list_filter = ["unit", "direction", "raises_qan"]
    search_fields = ["rule", "description", "source"]

    def get_readonly_fields(self, request, obj=None):
        # The rule is the row's identity: the code looks policies up by it.
        return ["rule"] if obj else []


class ReadMostlyAdmin(HistoryAdmin):
    """Every field read-only except ``editable_fields``; no adding, deleting or reverting (a
    revert would rewrite the read-only fields too)."""

    editable_fields: tuple[str, ...] = ()

    def revert_disabled(self, request, obj=None):
        return True

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.editable_fields]

    def has_add_permission(self, request):
        return False


@admin.register(Deadline)
class DeadlineAdmin(ReadMostlyAdmin):
    editable_fields = ("responsible", "team", "chair")
    raw_id_fields = ["responsible", "team", "chair"]
    list_display = ["rule", "subject_type", "subject_id", "child", "due_on", "status", "team"]
    list_filter = ["rule", "status", "policy_unit"]
    list_select_related = ["subject_type", "child", "team"]
    date_hierarchy = "due_on"


@admin.register(QualityAssuranceNotification)
class QualityAssuranceNotificationAdmin(ReadMostlyAdmin):
    editable_fields = ("addressed_to",)
    raw_id_fields = ["addressed_to"]
    list_display = ["reference", "kind", "rule", "status", "child", "addressed_to", "raised_at"]
    list_filter = ["kind", "status", "rule"]
    list_select_related = ["child", "addressed_to"]
    search_fields = ["reference", "description"]
    date_hierarchy = "raised_at"
