"""The child's voice in the admin: read and correct only, never deleted (history keeps every
change). What the child made is never served from the admin: it has no file link."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NeverDeleteMixin

from .models import ChildVoice, ChildVoiceUpload


@admin.register(ChildVoice)
class ChildVoiceAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ("child", "conference", "seen_on", "participation", "updated_at")
    list_filter = ("participation", "advocacy")
    raw_id_fields = (
        "conference",
        "child",
        "seen_by",
        "not_seen_reason_by",
        "views_recorded_by",
        "updated_by",
    )


@admin.register(ChildVoiceUpload)
class ChildVoiceUploadAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ("original_name", "voice", "content_type", "uploaded_at", "withdrawn_at")
    exclude = ("file",)
    raw_id_fields = ("voice", "uploaded_by")
