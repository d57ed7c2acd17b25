"""The admin: plans are read and corrected here by administrators, never deleted. Danger statements
and safety goals set by a conference are read-only (only a conference changes them, through
plans.services.amend_conference_danger_statement); the model refuses the change as well."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    CoreGroupMember,
    DriftFlag,
    MidwayReviewNote,
    PlanAction,
    PlanCategoryChange,
    PlanDangerStatement,
    Source,
    TransferIn,
)


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class DangerStatementInline(admin.TabularInline):
    model = PlanDangerStatement
    extra = 0
    can_delete = False
    fields = ["position", "text", "safety_goal", "source", "set_by_conference", "is_active"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ChildProtectionPlan)
class ChildProtectionPlanAdmin(NoDeleteAdmin):
    list_display = ["pk", "child", "category", "status", "started_on", "next_review_due"]
    list_filter = ["status", "category", "is_subsequent"]
    raw_id_fields = ["child", "started_by_conference", "created_by"]
    # The status (active, interim, ended) changes only through the services (issue 17).
    readonly_fields = [
        "is_subsequent",
        "previous_plan_ended_on",
        "next_review_due",
        "status",
        "interim_from",
    ]
    inlines = [DangerStatementInline]


@admin.register(PlanDangerStatement)
class PlanDangerStatementAdmin(NoDeleteAdmin):
    list_display = ["pk", "plan", "position", "source", "is_active"]
    list_filter = ["source", "is_active"]
    raw_id_fields = ["plan", "set_by_conference", "added_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.source == Source.CONFERENCE:
            # Set by a conference: only a conference changes it.
            return [field.name for field in self.model._meta.fields]
        return ["source", "set_by_conference"]

    def has_add_permission(self, request):
        return False  # through the services, so the source and position rules hold


@admin.register(PlanCategoryChange)
class PlanCategoryChangeAdmin(NoDeleteAdmin):
    list_display = ["pk", "plan", "from_category", "to_category", "changed_on"]
    raw_id_fields = ["plan", "conference", "recorded_by"]


@admin.register(PlanAction)
class PlanActionAdmin(NoDeleteAdmin):
    list_display = ["pk", "plan", "who", "by_when", "status", "source"]
    list_filter = ["status", "source"]
    raw_id_fields = ["plan", "danger_statement", "responsible", "set_by_conference", "added_by"]


@admin.register(CoreGroupMember)
class CoreGroupMemberAdmin(NoDeleteAdmin):
    list_display = ["pk", "plan", "name", "role", "is_active"]
    list_filter = ["is_active"]
    raw_id_fields = ["plan", "user", "person", "set_by_conference", "added_by"]


@admin.register(ChildInNeedPlan)
class ChildInNeedPlanAdmin(NoDeleteAdmin):
    list_display = ["pk", "child", "status", "started_on", "from_plan"]
    list_filter = ["status"]
    raw_id_fields = ["child", "started_by_conference", "from_plan", "created_by"]


class ReadOnlyAdmin(NoDeleteAdmin):
    """Written through plans.services only (their deadlines and permissions): read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MidwayReviewNote)
class MidwayReviewNoteAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "written_by", "written_at", "is_progressing"]


@admin.register(DriftFlag)
class DriftFlagAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "raised_on", "reviewed_by", "reviewed_at"]


@admin.register(TransferIn)
class TransferInAdmin(ReadOnlyAdmin):
    list_display = ["pk", "child", "previous_authority", "notified_on", "conference_held_on"]
