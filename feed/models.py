"""What was sent to the Department for Education, and when (ADR 67).

`FeedSend` is one attempt at the daily send, with every POST's answer; `FeedChild` is what the
Department last accepted for one child, so the next send carries only what changed and says
which records to purge. A child's state moves only when the Department answered 2xx for the
batch that carried it: a failed send leaves the child to be sent next time."""

from django.db import models
from simple_history.models import HistoricalRecords

BODY_EXCERPT_LENGTH = 500


class FeedMode(models.TextChoices):
    CHANGES = "changes", "Changes since the last send"
    FULL = "full", "Full snapshot"


class FeedSendStatus(models.TextChoices):
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    NOTHING_TO_SEND = "nothing", "Nothing to send"
    FAILED = "failed", "Failed"


class FeedSend(models.Model):
    """One attempt at sending the feed: what it carried and what the Department answered."""

    mode = models.CharField(max_length=10, choices=FeedMode.choices, default=FeedMode.CHANGES)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=FeedSendStatus.choices, default=FeedSendStatus.SENDING
    )
    attempt = models.PositiveSmallIntegerField(default=0, help_text="0 the first try, then retries")
    endpoint = models.CharField(max_length=500, blank=True)
    records_sent = models.PositiveIntegerField(default=0)
    purges_sent = models.PositiveIntegerField(default=0)
    records_pending = models.PositiveIntegerField(
        default=0, help_text="Records still to send when this attempt finished."
    )
    # Each POST: {"records": n, "status_code": 200, "body": "first 500 characters"}.
    posts = models.JSONField(default=list, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    # Records that break the published schema are never sent: {"la_child_id", "errors"}.
    held_back = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"DfE feed {self.started_at:%d %B %Y %H:%M} ({self.get_status_display()})"


class FeedChild(models.Model):
    """What the Department holds for one child, as far as this service knows: the identifier it
    was sent under, a hash of the record, and the ids of the episodes, enquiries, plans and
    placements in it (a later send purges the ones that went). No history: it changes with every
    send and `FeedSend` already records each one."""

    child = models.OneToOneField(
        "children.Child", on_delete=models.PROTECT, related_name="dfe_feed_state"
    )
    la_child_id = models.CharField(max_length=20)
    sent_hash = models.CharField(max_length=64, blank=True)
    # {"social_care_episode": [...], "section_47_assessment": [...], ...}
    sent_ids = models.JSONField(default=dict, blank=True)
    purged = models.BooleanField(
        default=False, help_text="The whole record was purged: the child left the feed."
    )
    last_send = models.ForeignKey(FeedSend, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = "child in the DfE feed"
        verbose_name_plural = "children in the DfE feed"

    def __str__(self):
        return f"{self.la_child_id} (sent {self.sent_at:%d %B %Y})"
