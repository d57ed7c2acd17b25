"""Administration of children's records: for system administrators correcting data. Everyday work
happens in the service's own pages, through children.services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NeverDeleteMixin

from .models import (
    ChangeOfWorkerRequest,
    Child,
    ChildRecordView,
    FamilyLink,
    Household,
    LookedAfterPeriod,
    NamedAccess,
    Person,
    ProfessionalInvolvement,
    S47Enquiry,
    StrategyDiscussion,
    StrategyDiscussionParticipant,
)


class NamedAccessInline(NeverDeleteMixin, admin.TabularInline):
    model = NamedAccess
    fk_name = "child"
    extra = 0
    fields = ["user", "reason", "granted_by", "granted_at", "revoked_at", "revoked_by"]
    autocomplete_fields = ["user"]
    can_delete = False


@admin.register(Child)
class ChildAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = [
        "legal_surname",
        "legal_forename",
        "date_of_birth",
        "is_unborn",
        "is_restricted",
    ]
    list_filter = ["is_unborn", "is_restricted"]
    search_fields = ["legal_surname", "legal_forename", "nhs_number", "local_child_id"]
    raw_id_fields = ["household", "lead_social_worker", "recorded_by"]
    inlines = [NamedAccessInline]


@admin.register(Household)
class HouseholdAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["surname", "forename", "address_withheld_from_family"]
    search_fields = ["surname", "forename"]


@admin.register(FamilyLink)
class FamilyLinkAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["person", "child", "relationship", "ended_at"]
    raw_id_fields = ["person", "child"]


@admin.register(ProfessionalInvolvement)
class ProfessionalInvolvementAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["child", "role", "user", "name", "ended_on"]
    raw_id_fields = ["child", "user"]


class ParticipantInline(NeverDeleteMixin, admin.TabularInline):
    model = StrategyDiscussionParticipant
    extra = 0
    can_delete = False


@admin.register(StrategyDiscussion)
class StrategyDiscussionAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["held_at", "decision", "recorded_by", "signed_off_at"]
    raw_id_fields = ["recorded_by", "signed_off_by"]
    inlines = [ParticipantInline]


@admin.register(S47Enquiry)
class S47EnquiryAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ["child", "started_on", "outcome", "concluded_on"]
    raw_id_fields = ["child", "strategy_discussion", "outcome_recorded_by"]


@admin.register(ChildRecordView)
class ChildRecordViewAdmin(NeverDeleteMixin, admin.ModelAdmin):
    """The access log is read-only: nobody may change or remove who saw what."""

    list_display = ["viewed_at", "user", "child", "what"]
    list_filter = ["what"]
    raw_id_fields = ["user", "child"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _ReadOnly(NeverDeleteMixin, SimpleHistoryAdmin):
    """Written through their services (the rules and the prompts they raise): read here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LookedAfterPeriod)
class LookedAfterPeriodAdmin(_ReadOnly):
    list_display = ["child", "started_on", "ended_on", "legal_basis"]
    list_filter = ["legal_basis"]


@admin.register(ChangeOfWorkerRequest)
class ChangeOfWorkerRequestAdmin(_ReadOnly):
    list_display = ["child", "requested_on", "requested_by_name", "current_worker"]
