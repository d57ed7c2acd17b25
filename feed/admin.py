"""The administrator sees every send and what the Department answered, read-only (ADR 67)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NeverDeleteMixin

from .models import FeedChild, FeedSend


class ReadOnlyAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FeedSend)
class FeedSendAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "mode",
        "status",
        "attempt",
        "records_sent",
        "purges_sent",
        "records_pending",
        "status_code",
    ]
    list_filter = ["status", "mode"]


@admin.register(FeedChild)
class FeedChildAdmin(ReadOnlyAdmin):
    list_display = ["la_child_id", "sent_at", "purged"]
    search_fields = ["la_child_id"]
    list_select_related = ["last_send"]
