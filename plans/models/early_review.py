"""The prompt for an early review (issue 22; 001 §10, §13): a child on a plan became looked
after or returned home, so the plan's review may need bringing forward. It shows on the plan's
page and the social worker's work list until an early review is requested (which closes it) or
it is dismissed with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .plan import ChildProtectionPlan


class PromptReason(models.TextChoices):
    BECAME_LOOKED_AFTER = "became_looked_after", "became looked after"
    RETURNED_HOME = "returned_home", "returned home"


class PromptStatus(models.TextChoices):
    OPEN = "open", "Open"
    REVIEW_REQUESTED = "review_requested", "Early review requested"
    DISMISSED = "dismissed", "Dismissed"


class EarlyReviewPrompt(models.Model):
    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="early_review_prompts"
    )
    reason = models.CharField(max_length=30, choices=PromptReason.choices)
    looked_after_period = models.ForeignKey(
        "children.LookedAfterPeriod", on_delete=models.PROTECT, related_name="+"
    )
    happened_on = models.DateField(help_text="The day the child became looked after or went home.")
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=PromptStatus.choices, default=PromptStatus.OPEN, db_index=True
    )
    dismissed_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The early review requested for it.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dismissed") | ~Q(dismissed_reason=""),
                name="early_review_prompt_dismissed_with_reason",
            ),
        ]

    def __str__(self):
        return f"Early review prompt: the child {self.get_reason_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == PromptStatus.OPEN

    @property
    def text(self) -> str:
        return (
            f"{self.plan.child.legal_name} {self.get_reason_display()} on "
            f"{self.happened_on.day} {self.happened_on:%B %Y}: consider an early review"
        )
