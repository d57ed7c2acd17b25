"""Feedback on the conference (issue 6) from family members, professionals and, since issue 21
item 8, a child (their own questions, per child). Imported by reports.models."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ChildFeedbackAnswer(models.TextChoices):
    """A child's answer to a yes-or-no question, in a child's words (issue 21 item 8)."""

    YES = "yes", "Yes"
    A_BIT = "a_bit", "A bit"
    NO = "no", "No"


class ConferenceFeedback(models.Model):
    """A family member's, a professional's or a child's feedback on the conference (a family
    member's or professional's may be anonymous). A child answers their own questions (did you
    know what the meeting was about, did people listen to you) instead of the 1 to 5 scores, and
    their form names which child it is from (004 chairs' item 11)."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="feedback"
    )
    from_family = models.BooleanField()
    from_child = models.BooleanField(default=False)
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        "conferences.Invitation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    understood = models.PositiveSmallIntegerField(
        "How well they understood what was happening (1 to 5)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    listened_to = models.PositiveSmallIntegerField(
        "Whether they felt listened to (1 to 5)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    knew_what_about = models.CharField(
        "Did you know what the meeting was about?",
        max_length=10,
        choices=ChildFeedbackAnswer.choices,
        blank=True,
    )
    felt_listened_to = models.CharField(
        "Did people listen to you?", max_length=10, choices=ChildFeedbackAnswer.choices, blank=True
    )
    went_well = models.TextField(blank=True)
    could_be_better = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_child=True)
                | (
                    Q(understood__gte=1, understood__lte=5)
                    & Q(listened_to__gte=1, listened_to__lte=5)
                ),
                name="feedback_scores_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(from_child=False, child__isnull=True)
                | (
                    Q(
                        from_child=True,
                        from_family=False,
                        child__isnull=False,
                        understood__isnull=True,
                        listened_to__isnull=True,
                    )
                    & ~Q(knew_what_about="")
                    & ~Q(felt_listened_to="")
                ),
                name="feedback_child_names_the_child_and_answers",
            ),
        ]

    def __str__(self):
        return f"Feedback on {self.conference}"

    @property
    def is_anonymous(self) -> bool:
        return self.invitation_id is None and self.child_id is None

    @property
    def respondent(self) -> str:
        if self.from_child:
            return "Child"
        return "Family" if self.from_family else "Professional"
