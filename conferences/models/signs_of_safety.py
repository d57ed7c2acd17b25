"""The Signs of Safety record of a conference: the record typed live, its danger statements (at
most 4) each with its safety goal, and the participants' safety scale scores."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .conference import Conference


class SignsOfSafetyRecord(models.Model):
    """The Signs of Safety record of the conference, typed live by the minute taker or chair."""

    conference = models.OneToOneField(
        Conference, on_delete=models.PROTECT, related_name="signs_of_safety"
    )
    worried_about_harm = models.TextField("what are we worried about: harm and danger", blank=True)
    complicating_factors = models.TextField(blank=True)
    working_well = models.TextField("what is working well", blank=True)
    needs_to_happen = models.TextField("what needs to happen", blank=True)
    next_steps = models.TextField(blank=True)
    contingency_plan = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"Signs of Safety record of {self.conference}"


MAX_DANGER_STATEMENTS = 4


class DangerStatement(models.Model):
    """One of at most 4 danger statements the conference sets; each has its safety goal."""

    record = models.ForeignKey(
        SignsOfSafetyRecord, on_delete=models.PROTECT, related_name="danger_statements"
    )
    position = models.PositiveSmallIntegerField()
    statement = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "position"], name="danger_statement_position_once"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1) & Q(position__lte=MAX_DANGER_STATEMENTS),
                name="danger_statement_at_most_four",
                violation_error_message="A conference can set at most 4 danger statements.",
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="danger_statement_has_text"),
        ]

    def __str__(self):
        return f"Danger statement {self.position} of {self.record.conference}"


class SafetyGoal(models.Model):
    """The safety goal paired with a danger statement."""

    danger_statement = models.OneToOneField(
        DangerStatement, on_delete=models.PROTECT, related_name="safety_goal"
    )
    goal = models.TextField()
    history = HistoricalRecords()

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(goal=""), name="safety_goal_has_text")]

    def __str__(self):
        return f"Safety goal {self.danger_statement.position}"


SAFETY_SCALE_MIN, SAFETY_SCALE_MAX = 0, 10


class SafetyScaleScore(models.Model):
    """A participant's score on the safety scale of one danger statement (with its safety goal)
    for one child of the conference: 0 = certain the child will be harmed again, 10 = confident
    the child is safe (004 chairs' item 8). Scores recorded before per-danger scaling have neither
    a danger statement nor a child: an overall score for the conference, kept as recorded.
    Recorded and corrected through conferences.scaling only."""

    record = models.ForeignKey(
        SignsOfSafetyRecord, on_delete=models.PROTECT, related_name="scale_scores"
    )
    danger_statement = models.ForeignKey(
        DangerStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scale_scores",
        help_text="Empty only for an overall score recorded before per-danger scaling.",
    )
    child = models.ForeignKey(
        "children.Child",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safety_scale_scores",
        help_text="Empty only for an overall score recorded before per-danger scaling.",
    )
    participant = models.CharField(max_length=200)
    role = models.CharField("role or agency", max_length=300, blank=True)
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The chair who last corrected the score (history keeps each earlier score).",
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=SAFETY_SCALE_MIN) & Q(score__lte=SAFETY_SCALE_MAX),
                name="safety_scale_score_0_to_10",
                violation_error_message="A safety scale score is from 0 to 10.",
            ),
            models.CheckConstraint(
                condition=~Q(participant=""), name="safety_scale_score_has_participant"
            ),
            models.CheckConstraint(
                condition=Q(danger_statement__isnull=True, child__isnull=True)
                | Q(danger_statement__isnull=False, child__isnull=False),
                name="safety_scale_score_danger_statement_and_child",
                violation_error_message="A score is against a danger statement for a child.",
            ),
            models.UniqueConstraint(
                Lower("participant"),
                "danger_statement",
                "child",
                condition=Q(danger_statement__isnull=False),
                name="safety_scale_score_once_per_participant",
                violation_error_message="Each participant gives one score for each danger "
                "statement for each child.",
            ),
        ]

    def __str__(self):
        return f"{self.participant}: {self.score}"

    @property
    def is_overall(self) -> bool:
        """Recorded before per-danger scaling: one score for the whole conference."""
        return self.danger_statement_id is None
