from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NeverDeleteMixin

from .models import (
    AdjournmentReport,
    AdvocacyReferral,
    ChairDecision,
    Conference,
    ConferenceChild,
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceRequestInvitee,
    DecisionEscalation,
    Invitation,
    Venue,
)


class RequestChildInline(NeverDeleteMixin, admin.TabularInline):
    model = ConferenceRequestChild
    extra = 0
    can_delete = False
    raw_id_fields = ["child", "enquiry"]


class InviteeInline(NeverDeleteMixin, admin.TabularInline):
    model = ConferenceRequestInvitee
    extra = 0
    can_delete = False
    raw_id_fields = ["person", "involvement", "user"]


@admin.register(ConferenceRequest)
class ConferenceRequestAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["pk", "conference_type", "status", "requested_by", "sent_at"]
    list_filter = ["status", "conference_type"]
    raw_id_fields = ["requested_by", "withdrawn_by"]
    inlines = [RequestChildInline, InviteeInline]


@admin.register(Venue)
class VenueAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class ConferenceChildInline(NeverDeleteMixin, admin.TabularInline):
    model = ConferenceChild
    extra = 0
    can_delete = False
    raw_id_fields = ["child", "enquiry"]


@admin.register(Conference)
class ConferenceAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["pk", "kind", "status", "chair", "starts_at", "venue"]
    list_filter = ["status", "kind"]
    raw_id_fields = [
        "request",
        "chair",
        "minute_taker",
        "allocated_by",
        "booked_by",
        "change_agreed_by",
        "changed_by",
    ]
    inlines = [ConferenceChildInline]
    # Postponing and cancelling go through conferences.services (the service manager's and the
    # chair's agreement, the QAN): the admin shows them and cannot set them. Issue 17 item 10:
    # only the chair records why the conference goes ahead without its inputs.
    readonly_fields = [
        "status",
        "change_reason",
        "change_agreed_by",
        "change_agreed_as",
        "change_chair_agreed_by",
        "changed_at",
        "changed_by",
        "postponement_cause",
        "postponement_cause_agency",
        "postponement_cause_professional",
        "postponement_caused_by",
        "booking_change",
        "booking_changed_at",
        "booking_changed_by",
        "inputs_reason",
        "inputs_reason_by",
    ]


@admin.register(Invitation)
class InvitationAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["pk", "conference", "kind", "name", "method", "sent_at", "reply", "is_active"]
    list_filter = ["kind", "method", "reply", "is_active"]
    raw_id_fields = [
        "conference",
        "invitee",
        "person",
        "involvement",
        "user",
        "agency",
        "sent_by",
        "replied_by",
    ]


@admin.register(ChairDecision)
class ChairDecisionAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["pk", "conference", "kind", "agreed", "decided_by", "decided_at"]
    list_filter = ["kind", "agreed"]
    raw_id_fields = ["conference", "child", "decided_by"]


@admin.register(AdvocacyReferral)
class AdvocacyReferralAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["pk", "conference", "child", "status", "referred_at"]
    list_filter = ["status"]
    raw_id_fields = ["conference", "child", "recorded_by"]


# --- Holding the conference (issue 6) -----------------------------------------------------------

from .models import (  # noqa: E402
    Attendance,
    DangerStatement,
    SafetyGoal,
    SafetyScaleScore,
    SignsOfSafetyRecord,
)


@admin.register(Attendance)
class AttendanceAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["pk", "conference", "name", "kind", "conference_role", "status"]
    list_filter = ["kind", "status", "conference_role"]
    raw_id_fields = ["conference", "invitation", "user", "agency", "recorded_by"]


@admin.register(SignsOfSafetyRecord)
class SignsOfSafetyRecordAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["pk", "conference", "updated_at", "updated_by"]
    raw_id_fields = ["conference", "updated_by"]


@admin.register(DangerStatement)
class DangerStatementAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["pk", "record", "position"]
    raw_id_fields = ["record", "updated_by"]


@admin.register(SafetyGoal)
class SafetyGoalAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["pk", "danger_statement"]
    raw_id_fields = ["danger_statement"]


@admin.register(SafetyScaleScore)
class SafetyScaleScoreAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    """Read only: a score is recorded, and corrected by the chair until the child's decision is
    finalised, through conferences.scaling (issue 17 item 11)."""

    list_display = ["pk", "record", "child", "danger_statement", "participant", "score"]
    fields = readonly_fields = [
        "record",
        "child",
        "danger_statement",
        "participant",
        "role",
        "score",
        "comment",
        "recorded_by",
        "recorded_at",
        "corrected_by",
        "corrected_at",
    ]

    def has_add_permission(self, request):
        return False


# Issue 17: written only through conferences.adjournment (their deadlines and permissions).
@admin.register(AdjournmentReport, DecisionEscalation)
class AdjournmentReadOnlyAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["pk", "conference", "status"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
