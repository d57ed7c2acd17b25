"""An agency report saved as a draft (issue 18 item 8): kept apart from the submitted report, so
nothing that reads submitted reports (the chair, the deadlines, the conference service, the work
lists) ever sees a draft. One draft per invitation: submitting closes it (it stays, as history),
and saving a draft again opens it again. The submitted report, if any, stays as it was until the
draft is submitted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class AgencyReportDraft(models.Model):
    invitation = models.OneToOneField(
        "conferences.Invitation", on_delete=models.PROTECT, related_name="agency_report_draft"
    )
    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="+"
    )
    involvement = models.TextField(blank=True)
    worries = models.TextField(blank=True)
    working_well = models.TextField(blank=True)
    significant_events = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    document = models.ForeignKey(
        "reports.ReportDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    may_share_with_family = models.BooleanField(null=True, blank=True)
    not_shared_reason = models.TextField(blank=True)
    is_open = models.BooleanField(
        default=True, help_text="False once submitted: the report has what the draft said."
    )
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "pk"]
        indexes = [models.Index(fields=["invitation", "is_open"], name="agency_draft_open")]

    def __str__(self):
        return f"Draft report for invitation {self.invitation_id}"
