"""What a Child in Need plan holds (issue 22 item 4; 001 sections 8, 16 and 17; 004): its core
group, its reviews, its actions (who does what by when) and, for a child protection plan that
stepped down to Early Help, the Early Help plan and its first review. Nothing is deleted: a core
group member leaves with a date, an action is marked done."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .plan import ChildInNeedPlan, ChildProtectionPlan


class CinCoreGroupMember(models.Model):
    """Someone in the Child in Need plan's core group: a professional or a family member."""

    plan = models.ForeignKey(
        ChildInNeedPlan, on_delete=models.PROTECT, related_name="core_group_members"
    )
    name = models.CharField(max_length=200)
    role = models.CharField("role or agency", max_length=200)
    is_active = models.BooleanField(default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    left_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "name", "pk"]
        verbose_name = "Child in Need core group member"

    def __str__(self):
        return f"{self.name} ({self.role})"


class CinReview(models.Model):
    """A review of the Child in Need plan (001 section 17): held on a day, what it found, and the
    day the next review is due (CIN_REVIEW_NEXT from this one)."""

    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    summary = models.TextField("what the review found")
    next_review_due = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "held_on", "pk"]
        verbose_name = "Child in Need review"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "held_on"],
                name="cin_review_one_per_day",
                violation_error_message="A review of this plan is already recorded on that day.",
            )
        ]

    def __str__(self):
        return f"Review on {self.held_on:%d %B %Y}"


class CinActionStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"


class CinAction(models.Model):
    """Who does what by when, on the Child in Need plan; tracked until done."""

    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField()
    who = models.CharField("who does it", max_length=200)
    due_on = models.DateField("by when")
    status = models.CharField(
        max_length=10, choices=CinActionStatus.choices, default=CinActionStatus.OPEN
    )
    done_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "due_on", "pk"]
        verbose_name = "Child in Need plan action"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True)
                | Q(status="done", done_on__isnull=False),
                name="cin_action_done_has_date",
                violation_error_message="A done action needs the date it was done.",
            )
        ]

    def __str__(self):
        return f"{self.who}: {self.action[:60]}"

    @property
    def is_overdue(self) -> bool:
        return self.status == CinActionStatus.OPEN and self.due_on < timezone.localdate()


class EarlyHelpPlan(models.Model):
    """A child protection plan that stepped down to Early Help (004): the Early Help plan, who
    leads it, when it started and when its first review is."""

    from_plan = models.OneToOneField(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="early_help_plan"
    )
    lead_professional = models.CharField(max_length=200)
    lead_agency = models.CharField(max_length=200)
    started_on = models.DateField()
    first_review_on = models.DateField("date of the first Early Help review")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Early Help plan"
        constraints = [
            models.CheckConstraint(
                condition=Q(first_review_on__gte=models.F("started_on")),
                name="early_help_first_review_after_start",
                violation_error_message="The first review is on or after the plan starts.",
            )
        ]

    def __str__(self):
        return f"Early Help plan led by {self.lead_professional} ({self.lead_agency})"
