"""Contextual Safeguarding Conferences in the admin: read and correct only, never deleted
(history keeps every change)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NeverDeleteMixin

from .models import ContextualConference, ContextualSafeguardingPlan, CscOutcome


@admin.register(ContextualConference)
class ContextualConferenceAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ("child", "kind", "status", "starts_at", "decision")
    list_filter = ("kind", "status", "decision")
    raw_id_fields = ("child", "plan", "requested_by", "chair", "booked_by", "decided_by")


@admin.register(ContextualSafeguardingPlan)
class ContextualSafeguardingPlanAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ("child", "status", "started_on", "ended_on")
    list_filter = ("status",)
    raw_id_fields = ("child",)


@admin.register(CscOutcome)
class CscOutcomeAdmin(NeverDeleteMixin, SimpleHistoryAdmin):
    list_display = ("plan", "who", "due_on", "status")
    list_filter = ("status",)
    raw_id_fields = ("plan", "added_by")
