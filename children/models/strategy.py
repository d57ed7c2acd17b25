"""Strategy discussions about one or more children, and the Section 47 enquiry each child gets
when a discussion decides one is needed. Enquiries conclude with an outcome, never deleted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.templatetags.govuk import govuk_date

from .child import Child


class StrategyDecision(models.TextChoices):
    S47 = "s47", "Start a Section 47 enquiry"
    NO_S47 = "no_s47", "No Section 47 enquiry"


class StrategyDiscussion(models.Model):
    """Police, social care, health and others decide whether a Section 47 enquiry is needed.

    Its date starts the clock: the initial conference is due 15 working days later.
    """

    held_at = models.DateTimeField(db_index=True)
    children = models.ManyToManyField(
        Child, through="StrategyDiscussionChild", related_name="strategy_discussions"
    )
    concerns = models.TextField()
    decision = models.CharField(max_length=10, choices=StrategyDecision.choices)
    reason_for_decision = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="s47") | ~Q(reason_for_decision=""),
                name="strategy_no_s47_has_reason",
                violation_error_message="Say why a Section 47 enquiry is not needed.",
            )
        ]

    def __str__(self):
        return f"Strategy discussion on {govuk_date(self.held_at)}"

    @property
    def decided_s47(self) -> bool:
        return self.decision == StrategyDecision.S47

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


class StrategyDiscussionChild(models.Model):
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT)
    child = models.ForeignKey(Child, on_delete=models.PROTECT)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "child"], name="strategy_discussion_child_once"
            )
        ]

    def __str__(self):
        return f"{self.child} at {self.discussion}"


class StrategyDiscussionParticipant(models.Model):
    """Who took part, and from which agency."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="participants"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["discussion", "pk"]

    def __str__(self):
        return f"{self.name}, {self.agency}"


class S47Outcome(models.TextChoices):
    CONFERENCE_NEEDED = "conference_needed", "An initial child protection conference is needed"
    NO_CONFERENCE = "no_conference", "No conference is needed"


class S47Enquiry(models.Model):
    """One child's Section 47 enquiry, opened by a strategy discussion that decided one was needed."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="s47_enquiries")
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="s47_enquiries"
    )
    started_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=S47Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Section 47 enquiry"
        verbose_name_plural = "Section 47 enquiries"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "strategy_discussion"], name="s47_once_per_child_and_discussion"
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(outcome=""), name="s47_one_open_per_child"
            ),
            models.CheckConstraint(
                condition=Q(outcome="")
                | Q(concluded_on__isnull=False, concluded_on__gte=models.F("started_on")),
                name="s47_concluded_on_or_after_start",
                violation_error_message=(
                    "The enquiry cannot conclude before the strategy discussion that started it."
                ),
            ),
        ]

    def __str__(self):
        return f"Section 47 enquiry for {self.child} from {govuk_date(self.started_on)}"

    @property
    def is_open(self) -> bool:
        return not self.outcome

    @property
    def needs_conference(self) -> bool:
        return self.outcome == S47Outcome.CONFERENCE_NEEDED
