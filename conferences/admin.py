from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ConferenceRequest, ConferenceRequestChild, ConferenceRequestInvitee


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
