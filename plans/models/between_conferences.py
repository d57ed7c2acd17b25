"""Between conferences (issue 7 part 5): the chair's mid-way review note and the team manager's
drift review before the third review conference."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .plan import ChildProtectionPlan


class MidwayReviewNote(models.Model):
    """The chair's note half-way between conferences: is the plan progressing, is the review date
    right, and anything escalated. Written by the chair of the plan's last conference (or a QA
    manager); each note is kept."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="midway_notes"
    )
    conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The plan's last conference when the note was written.",
    )
    is_progressing = models.BooleanField("the plan is progressing")
    review_date_right = models.BooleanField("the review date is right")
    note = models.TextField()
    escalation = models.TextField("escalation", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-written_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="midway_note_has_note")]

    def __str__(self):
        return f"Mid-way review note on {self.plan}"


class DriftFlag(models.Model):
    """The team manager's supervision review of a plan for drift, due before its third review
    conference (004 social workers' item 12): raised when that review is booked or 6 weeks
    before it is due, whichever is first, with a DRIFT_REVIEW deadline (plans.drift). Recording
    the review clears the flag and meets the deadline. At most one per plan. (Flags raised before
    issue 17 were raised when the third review was held.)"""

    plan = models.OneToOneField(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="drift_flag"
    )
    raised_by_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The third review conference it was raised for; empty when the sweep raised "
        "it before that review was scheduled.",
    )
    raised_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, reviewed_by__isnull=True, review_note="")
                | (Q(reviewed_at__isnull=False, reviewed_by__isnull=False) & ~Q(review_note="")),
                name="drift_flag_cleared_with_a_note",
                violation_error_message="The team manager's review needs a note.",
            )
        ]

    def __str__(self):
        return f"Drift flag on {self.plan}"

    @property
    def is_open(self) -> bool:
        return self.reviewed_at is None
