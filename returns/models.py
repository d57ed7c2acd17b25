"""A census prepared in the background (ADR 35): a whole collection year's return takes seconds
to build for a large authority, too long to hold a web request open."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


def census_path(instance, filename: str) -> str:
    """returns/2026/11/<random>.xml in private storage, served only by the permission-checked
    download, like uploaded reports."""
    return f"returns/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xml"


class CensusRunStatus(models.TextChoices):
    PREPARING = "preparing", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be prepared"


class CensusRun(models.Model):
    """One request for the census to a reference date: who asked, and what it found."""

    reference_date = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=CensusRunStatus.choices, default=CensusRunStatus.PREPARING
    )
    # Issue 20: when the worker was last asked to prepare it (empty while the broker was down:
    # "waiting for the scheduler"), when a worker last started on it, and how many times one
    # has, so the beat task can requeue a run that was never queued or whose worker died.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    children = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=census_path, max_length=300, blank=True)
    schema_errors = models.JSONField(default=list, blank=True)
    # Each a dict of rule, la_child_id and message, as returns.validation.Problem.
    problems = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Census to {self.reference_date:%d %B %Y} ({self.get_status_display()})"

    @property
    def waiting_for_the_scheduler(self) -> bool:
        """Recorded, but the broker could not be told: the beat task will queue it."""
        return self.status == CensusRunStatus.PREPARING and self.queued_at is None

    @property
    def filename(self) -> str:
        return f"cin-census-{self.reference_date.isoformat()}.xml"


# Issue 23: the census import's models live with its code (ADR 66).
from .census_import.models import (  # noqa: E402
    CensusAssessment,
    CensusImport,
    CensusImportStatus,
)

__all__ = ["CensusAssessment", "CensusImport", "CensusImportStatus", "CensusRun", "CensusRunStatus"]
