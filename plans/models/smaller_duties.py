"""The smaller duties on a child protection plan (issue 22 item 6): specialist assessment requests,
tracked as actions on the plan, and the Family Group Conference the conference recommended."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .contents import PlanAction
from .plan import ChildProtectionPlan


class AssessmentStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"


class SpecialistAssessmentRequest(models.Model):
    """A written request for a specialist assessment (001 §7): the type and purpose, who will do it
    and by when. It is also an action on the plan (`action`), whose status follows it."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="specialist_assessments"
    )
    assessment_type = models.CharField("type of assessment", max_length=200)
    purpose = models.TextField()
    assessor = models.CharField("who will do it", max_length=200)
    by_when = models.DateField()
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.REQUESTED
    )
    outcome = models.TextField(
        blank=True, help_text="What the assessment found, or why it was declined."
    )
    action = models.OneToOneField(
        PlanAction, on_delete=models.PROTECT, related_name="specialist_assessment"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "by_when", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(assessment_type="") & ~Q(purpose="") & ~Q(assessor=""),
                name="specialist_assessment_named",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["completed", "declined"]) | ~Q(outcome=""),
                name="specialist_assessment_closed_with_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.assessment_type} for {self.plan}"


class FamilyGroupConference(models.Model):
    """Whether the conference recommended a Family Group Conference (001 §4, §12), and later
    whether one was held (its date) or why not. One per plan."""

    plan = models.OneToOneField(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="family_group_conference"
    )
    recommended = models.BooleanField("the conference recommended a Family Group Conference")
    recommended_by_conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="+"
    )
    recommendation_note = models.TextField(blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recommended_at = models.DateTimeField(default=timezone.now)
    held = models.BooleanField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    not_held_reason = models.TextField(blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(held__isnull=True)
                | Q(held=True, held_on__isnull=False)
                | (Q(held=False, held_on__isnull=True) & ~Q(not_held_reason="")),
                name="fgc_outcome_complete",
            ),
            models.CheckConstraint(
                condition=Q(held__isnull=True) | Q(recommended=True),
                name="fgc_outcome_only_when_recommended",
            ),
        ]

    def __str__(self):
        return f"Family Group Conference for {self.plan}"
