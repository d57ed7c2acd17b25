"""The admin: plans are read and corrected here by administrators, never deleted. Danger statements
and safety goals set by a conference are read-only (only a conference changes them, through
plans.services.amend_conference_danger_statement); the model refuses the change as well."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NeverDeleteMixin

from .models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    CinAction,
    CinCoreGroupMember,
    CinReview,
    CoreGroupMember,
    DriftFlag,
    EarlyHelpPlan,
    EarlyReviewPrompt,
    FamilyGroupConference,
    FamilySafetyPlan,
    MidwayReviewNote,
    MyPlanExplanation,
    PlanAction,
    PlanCategoryChange,
    PlanDangerStatement,
    PlanEndReasonCorrection,
    PlanEndRecommendation,
    PlanNotice,
    SafetyNetworkMember,
    Source,
    SpecialistAssessmentRequest,
    TransferIn,
)


class NoDeleteAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    """History on every plan admin; nothing deleted (core.admin)."""


class DangerStatementInline(NeverDeleteMixin, admin.TabularInline):
    model = PlanDangerStatement
    extra = 0
    can_delete = False
    fields = ["position", "text", "safety_goal", "source", "set_by_conference", "is_active"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


# A plan ends only through plans.services.end_plan (a review conference, or outside a conference
# with a manager's agreement: plans.ending), so the admin never writes these (issue 17).
END_FIELDS = [
    "status",
    "ended_on",
    "end_reason",
    "ended_by_conference",
    "ended_by",
    "ended_at",
    "end_note",
    "service_manager_agreement",
    "manager_agreement",
    "manager_agreed_on",
    "receiving_authority",
    "transfer_in_conference_on",
    "step_down",
]


@admin.register(ChildProtectionPlan)
class ChildProtectionPlanAdmin(NoDeleteAdmin):
    list_display = ["pk", "child", "category", "status", "started_on", "next_review_due"]
    list_filter = ["status", "category", "is_subsequent"]
    raw_id_fields = ["child", "started_by_conference", "created_by"]
    # reviews_held is counted by continue_plan_at_review; the drift review depends on it. The
    # status (active, interim, ended) changes only through the services (issue 17).
    readonly_fields = [
        "is_subsequent",
        "previous_plan_ended_on",
        "next_review_due",
        "reviews_held",
        *END_FIELDS,
        "status",
        "interim_from",
    ]
    inlines = [DangerStatementInline]
    # Issue 17 items 5, 6 and 12: what a conference decided changes only at a conference (a new
    # category is recorded in the category history), and a plan is started only by one.
    conference_decided_fields = (
        "category",
        "secondary_factors",
        "contingency_plan",
        "outcomes_for_child",
        "service_manager_agreement",
        "ended_on_significant_change",
        "significant_change_description",
    )

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.conference_decided_fields]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        """Keep the stored ending whatever the form or a history revert (which saves every
        field of the old version) carries: only the ending service changes it."""
        if change and obj.pk is not None:
            stored = type(obj).objects.filter(pk=obj.pk).values(*END_FIELDS).first()
            for name, value in (stored or {}).items():
                setattr(obj, obj._meta.get_field(name).attname, value)
        else:
            for name in END_FIELDS:
                model_field = obj._meta.get_field(name)
                setattr(obj, model_field.attname, model_field.get_default())
        super().save_model(request, obj, form, change)


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
    raw_id_fields = [
        "child",
        "started_by_conference",
        "from_plan",
        "created_by",
        "ended_by",
        "early_end_agreed_by",
    ]


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


@admin.register(PlanEndReasonCorrection)
class PlanEndReasonCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "from_reason", "to_reason", "recorded_by", "recorded_at"]


# Issue 22 item 4: what a Child in Need plan holds, and the Early Help step-down (ADR 58).
@admin.register(CinCoreGroupMember)
class CinCoreGroupMemberAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "name", "role", "is_active", "left_on"]


@admin.register(CinReview)
class CinReviewAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "held_on", "next_review_due", "recorded_by"]


@admin.register(CinAction)
class CinActionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "who", "due_on", "status", "done_on"]


@admin.register(EarlyHelpPlan)
class EarlyHelpPlanAdmin(ReadOnlyAdmin):
    list_display = ["pk", "from_plan", "lead_professional", "lead_agency", "first_review_on"]


# Issues 21 and 22: the plan's prompts, duties and safety planning, read here (their services own
# the rules and the deadlines they open).
@admin.register(EarlyReviewPrompt)
class EarlyReviewPromptAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "reason", "happened_on", "status"]
    list_filter = ["reason", "status"]


@admin.register(PlanEndRecommendation)
class PlanEndRecommendationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "review_conference", "recommended_by", "recommended_at"]


@admin.register(PlanNotice)
class PlanNoticeAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "kind", "name", "sent_at"]


@admin.register(SpecialistAssessmentRequest)
class SpecialistAssessmentRequestAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "assessment_type", "assessor", "by_when", "status"]
    list_filter = ["status"]


@admin.register(FamilyGroupConference)
class FamilyGroupConferenceAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "recommended", "held"]


@admin.register(FamilySafetyPlan)
class FamilySafetyPlanAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "brought_to_conference", "agreed_on"]


@admin.register(SafetyNetworkMember)
class SafetyNetworkMemberAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "name", "relationship_to_child", "is_active"]


@admin.register(MyPlanExplanation)
class MyPlanExplanationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "plan", "explained_on", "how", "agreed_by_child"]
