"""Ending a plan (issue 7 part 6): who was told, the social worker's recommendation that a plan
may end at a review, and a manager's correction of the reason a plan ended."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .choices import PlanEndReason
from .plan import ChildProtectionPlan


class PlanNoticeKind(models.TextChoices):
    ENDED = "ended", "The plan ended: someone invited to the initial conference"
    ENDED_CHAIR = "ended_chair", "The plan ended outside a conference: its last chair"
    ENDED_CONFERENCE_SERVICE = (
        "ended_service",
        "The plan ended outside a conference: the conference service",
    )
    REACHED_18 = "reached_18", "The plan ended at 18: the lead social worker"
    LONG_PLAN = "long_plan", "The plan reached 2 years: head of service or QA manager"
    INTERIM = "interim", "The interim plan was made the plan or ended: an initial invitee"
    ESCALATED = "escalated", "A split decision escalated: service manager or head of service"


class PlanNotice(models.Model):
    """Who was told by email about a plan's ending (or its reaching 2 years), and when."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=PlanNoticeKind.choices)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        "conferences.Invitation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "sent_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email}"


class PlanEndRecommendation(models.Model):
    """The social worker tells the conference service the plan may end at a review (END_NOTICE:
    at least 10 days before the review)."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="end_recommendations"
    )
    review_conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="end_recommendations"
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recommended_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "recommended_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "review_conference"], name="plan_end_recommendation_once"
            )
        ]

    def __str__(self):
        return f"End recommended for {self.plan}"


class PlanEndReasonCorrection(models.Model):
    """A manager's record of the real reason a plan ended, for a plan ended as "other" before
    issue 17 (outside the procedure). The plan's end reason becomes the real one; this row and
    the plan's history keep the reason it was ended with."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="end_reason_corrections"
    )
    from_reason = models.CharField(max_length=30, choices=PlanEndReason.choices)
    to_reason = models.CharField(max_length=30, choices=PlanEndReason.choices)
    note = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="plan_end_reason_correction_note")
        ]

    def __str__(self):
        return f"Real end reason of {self.plan}"
