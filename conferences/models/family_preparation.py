"""Issue 21 item 5, preparing the family (004 chairs' items 4 and 5): the chair meets the parents
at least 20 minutes before the conference, and meets separately, in advance, a parent who has
been advised not to attend. Each meeting is recorded by the chair: held (when, for how long) or
not held and why. The services are in conferences.services.family_preparation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

# 004 chairs' item 5: "The Chair meets with the parents ... at least 20 minutes before".
PARENTS_MEETING_MINUTES = 20


class ParentAdvisedNotToAttend(models.Model):
    """A family member advised not to attend the conference (recorded by the chair, with the
    reason). The chair then tries to meet them in advance (004 chairs' item 4). Withdrawn, never
    deleted, when the advice changes."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="advised_not_to_attend"
    )
    person = models.ForeignKey("children.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="Why they were advised not to attend.")
    is_active = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"], name="advised_not_to_attend_once_per_person"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="advised_not_to_attend_has_reason",
                violation_error_message="Enter why they were advised not to attend.",
            ),
        ]

    def __str__(self):
        return f"{self.person} advised not to attend {self.conference}"


class ChairMeetingKind(models.TextChoices):
    PARENTS = "parents", "Meeting the parents before the conference"
    ABSENT_PARENT = "absent_parent", "Meeting a parent advised not to attend"


class ChairMeeting(models.Model):
    """The chair's meeting with the family before the conference: with the parents (one per
    conference), or with one parent advised not to attend (one per person). Held, with when and
    for how long (a meeting with the parents shorter than 20 minutes carries the reason), or not
    held and why."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="chair_meetings"
    )
    kind = models.CharField(max_length=20, choices=ChairMeetingKind.choices)
    person = models.ForeignKey(
        "children.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The parent advised not to attend; empty for the meeting with the parents.",
    )
    held = models.BooleanField()
    held_at = models.DateTimeField(null=True, blank=True)
    minutes = models.PositiveSmallIntegerField("how long, in minutes", null=True, blank=True)
    shorter_reason = models.TextField(
        blank=True, help_text="Why the meeting with the parents was shorter than 20 minutes."
    )
    not_held_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference"],
                condition=Q(kind="parents"),
                name="chair_meeting_parents_once",
            ),
            models.UniqueConstraint(
                fields=["conference", "person"],
                condition=Q(kind="absent_parent"),
                name="chair_meeting_absent_parent_once",
            ),
            models.CheckConstraint(
                condition=Q(kind="parents", person__isnull=True)
                | Q(kind="absent_parent", person__isnull=False),
                name="chair_meeting_absent_parent_named",
                violation_error_message="Select the parent advised not to attend.",
            ),
            models.CheckConstraint(
                condition=Q(held=True, held_at__isnull=False, minutes__gt=0, not_held_reason="")
                | (
                    Q(held=False, held_at__isnull=True, minutes__isnull=True)
                    & ~Q(not_held_reason="")
                ),
                name="chair_meeting_held_or_why_not",
                violation_error_message="Enter when the meeting was held, or why it was not.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="parents", held=True, minutes__lt=PARENTS_MEETING_MINUTES)
                | ~Q(shorter_reason=""),
                name="chair_meeting_short_has_reason",
                violation_error_message="Enter why the meeting was shorter than 20 minutes.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.conference}"

    @property
    def was_short(self) -> bool:
        return (
            self.kind == ChairMeetingKind.PARENTS
            and self.held
            and (self.minutes or 0) < PARENTS_MEETING_MINUTES
        )
