"""A claimed form token: who sent it, where, and where the first submission's answer sent them."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SubmissionStatus(models.TextChoices):
    RUNNING = "running", "Being handled"
    DONE = "done", "Handled: a repeat goes where the first went"
    RELEASED = "released", "Handled without a result: a repeat is handled afresh"


class SubmissionToken(models.Model):
    """One row per form submission that carried a token. The unique token column is the lock: the
    first request inserts the row (its own transaction), a repeat's insert fails and it waits for
    the first's answer. Rows are technical, not records of the service: pruned after
    SUBMISSION_TOKEN_MAX_AGE by `prune_submission_tokens`."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=500)
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.RUNNING
    )
    location = models.CharField(max_length=2000, blank=True)
    claimed_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["claimed_at", "pk"]

    def __str__(self):
        return f"{self.path} ({self.get_status_display()})"
