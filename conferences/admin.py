from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Conference,
    ConferenceChild,
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceRequestInvitee,
    Venue,
)


class RequestChildInline(admin.TabularInline):
    model = ConferenceRequestChild
    extra = 0
    can_delete = False
    raw_id_fields = ["child", "enquiry"]


class InviteeInline(admin.TabularInline):
    model = ConferenceRequestInvitee
    extra = 0
    can_delete = False
    raw_id_fields = ["person", "involvement", "user"]


@admin.register(ConferenceRequest)
class ConferenceRequestAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "conference_type", "status", "requested_by", "sent_at"]
    list_filter = ["status", "conference_type"]
    raw_id_fields = ["requested_by", "withdrawn_by"]
    inlines = [RequestChildInline, InviteeInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Venue)
class VenueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class ConferenceChildInline(admin.TabularInline):
    model = ConferenceChild
    extra = 0
    can_delete = False
    raw_id_fields = ["child", "enquiry"]


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
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

    def has_delete_permission(self, request, obj=None):
        return False
