"""The outbox: every email a business action sends, written in the action's transaction and sent
by the worker with retries (ADR 50). A row that cannot be sent stays visible to the administrator
with its last error, and is never deleted."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (gave up retrying)"


class OutboxEmail(models.Model):
    """One email as the action wrote it. Sent at least once: the worker holds the row's lock
    while it talks to the mail server and marks it sent in the same transaction."""

    kind = models.CharField(
        max_length=100, help_text="Which action wrote it, for example 'minutes'."
    )
    from_email = models.CharField(max_length=254)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    subject = models.TextField()
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(
        default=timezone.now,
        help_text="When the dispatcher queues it again if nothing has sent it by then.",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # The message bodies are not copied into every history row: the status changes are the story.
    history = HistoricalRecords(excluded_fields=["body", "html_body", "headers"])

    class Meta:
        verbose_name = "outbox email"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="queued"),
                name="outbox_queued_due",
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.subject}"


class OutboxAttachment(models.Model):
    """A file sent with an outbox email (a letter, the minutes, a calendar invitation), stored
    with the email so the worker sends exactly what the action wrote."""

    email = models.ForeignKey(OutboxEmail, on_delete=models.PROTECT, related_name="attachments")
    position = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=255, blank=True)
    mimetype = models.CharField(
        max_length=255, help_text="The full content type, with its parameters (method=REQUEST)."
    )
    content = models.BinaryField()
    is_mime_part = models.BooleanField(
        default=False, help_text="Built as a MIME part (kept with its content-type parameters)."
    )

    class Meta:
        ordering = ["email", "position"]

    def __str__(self):
        return self.filename or self.mimetype
