"""Issue 21 item 5: what each parent said about the social work report when it was shared with
them (004 social workers' item 3: "shared with both parents/carers ... and their views added").
Recorded by the children's social work team, shown to the chair with the report. Imported by
reports.models; the service is in reports.services.parents_on_report."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ParentViewOnReport(models.Model):
    """One parent's views on the social work report as shared on `shared_at` (the report's
    sharing then). A report changed and shared again asks for views again: rows of an earlier
    sharing stay (history), and the pages show those of the current sharing only."""

    report = models.ForeignKey(
        "reports.SocialWorkReport", on_delete=models.PROTECT, related_name="parent_views"
    )
    person = models.ForeignKey("children.Person", on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(help_text="When the version they commented on was shared.")
    views = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "person__surname", "person__forename", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "person", "shared_at"], name="parent_view_once_per_sharing"
            ),
            models.CheckConstraint(
                condition=~Q(views=""),
                name="parent_view_has_views",
                violation_error_message="Enter what the parent said about the report.",
            ),
        ]

    def __str__(self):
        return f"{self.person}'s views on {self.report}"
