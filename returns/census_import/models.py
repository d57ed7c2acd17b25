"""What the census import keeps (issue 23, ADR 66): each uploaded return with the report of its
dry run, so confirming applies exactly the file that was checked, and the social care
assessments a return holds (the service runs no assessments of its own yet)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class CensusImportStatus(models.TextChoices):
    CHECKED = "checked", "Checked, not yet brought in"
    APPLIED = "applied", "Brought in"
    REFUSED = "refused", "Refused"


class CensusImport(models.Model):
    """One uploaded CIN census return: its content, what the dry run found, what the import did."""

    filename = models.CharField(max_length=200)
    content = models.TextField(help_text="The return as uploaded (UTF-8).")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=CensusImportStatus.choices, default=CensusImportStatus.CHECKED
    )
    reference_date = models.DateField(null=True, blank=True)
    dry_run_report = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        app_label = "returns"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"Census import {self.pk}: {self.filename} ({self.get_status_display()})"


class CensusAssessment(models.Model):
    """A social care assessment as a census return records it (<Assessments>)."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="census_assessments"
    )
    started_on = models.DateField()
    authorised_on = models.DateField(null=True, blank=True)
    factors = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        app_label = "returns"
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "started_on"], name="census_assessment_once_per_child_and_day"
            )
        ]

    def __str__(self):
        return f"Assessment from {self.started_on:%d %B %Y}"
