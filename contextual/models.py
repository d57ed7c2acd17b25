"""Contextual Safeguarding Conferences (002, Norfolk; issue 22 item 5, ADR 61).

For a young person at risk of significant harm outside the family (criminal or sexual
exploitation): the social worker's request, the conference service's booking (chair, time,
place, the professionals invited), the conference held by its chair with the decision form (the
professionals' views, the parents' views, the young person's views, the decision and why), the
plan with measurable outcomes and timescales, and the review conferences that continue or end it.
Nothing is deleted: a request is withdrawn, a plan ends, an invitation is made inactive.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class HarmOutsideFamily(models.TextChoices):
    CRIMINAL_EXPLOITATION = "criminal_exploitation", "Criminal exploitation"
    SEXUAL_EXPLOITATION = "sexual_exploitation", "Sexual exploitation"


class CscKind(models.TextChoices):
    INITIAL = "initial", "Contextual Safeguarding Conference"
    REVIEW = "review", "Review Contextual Safeguarding Conference"


class CscStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    BOOKED = "booked", "Booked"
    HELD = "held", "Held"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = (CscStatus.REQUESTED, CscStatus.BOOKED)


class CscDecision(models.TextChoices):
    PLAN = "plan", "A contextual safeguarding plan is needed"
    NO_PLAN = "no_plan", "No contextual safeguarding plan is needed"
    CONTINUE = "continue", "The plan continues"
    END = "end", "The plan ends: the risk is reduced"


INITIAL_DECISIONS = (CscDecision.PLAN, CscDecision.NO_PLAN)
REVIEW_DECISIONS = (CscDecision.CONTINUE, CscDecision.END)


class CscPlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class ContextualSafeguardingPlan(models.Model):
    """The plan a Contextual Safeguarding Conference agreed: measurable outcomes to reduce the
    risk to the young person within timescales (002), reviewed at review conferences."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="contextual_plans"
    )
    started_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=CscPlanStatus.choices, default=CscPlanStatus.ACTIVE
    )
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = "contextual safeguarding plan"
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="active"),
                name="csc_one_active_plan_per_child",
                violation_error_message="This young person already has an active plan.",
            )
        ]

    def __str__(self):
        return f"Contextual safeguarding plan from {self.started_on:%d %B %Y}"

    @property
    def is_active(self) -> bool:
        return self.status == CscPlanStatus.ACTIVE


class ContextualConference(models.Model):
    """One Contextual Safeguarding Conference about one young person: requested, booked, held
    (its decision form) or withdrawn. A review conference names the plan it reviews."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="contextual_conferences"
    )
    kind = models.CharField(max_length=10, choices=CscKind.choices, default=CscKind.INITIAL)
    status = models.CharField(max_length=10, choices=CscStatus.choices, default=CscStatus.REQUESTED)
    harms = models.JSONField(default=list, help_text="HarmOutsideFamily values.")
    concerns = models.TextField(blank=True)
    plan = models.ForeignKey(
        ContextualSafeguardingPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
        help_text="The plan this conference started or reviewed.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contextual_conferences_chaired",
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    # The decision form (002: professionals' views and parents' views).
    decision = models.CharField(max_length=10, choices=CscDecision.choices, blank=True)
    rationale = models.TextField(blank=True)
    parents_views_not_given = models.TextField(
        blank=True, help_text="Why the parents' or carers' views were not given."
    )
    young_person_views_not_given = models.TextField(
        blank=True, help_text="Why the young person's views were not given."
    )
    held_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "Contextual Safeguarding Conference"
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status__in=["requested", "booked"]),
                name="csc_one_open_conference_per_child",
                violation_error_message="This young person already has a conference requested "
                "or booked.",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | (~Q(decision="") & Q(held_on__isnull=False)),
                name="csc_held_has_decision",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    @property
    def is_review(self) -> bool:
        return self.kind == CscKind.REVIEW

    @property
    def harm_labels(self) -> list[str]:
        labels = dict(HarmOutsideFamily.choices)
        return [labels.get(harm, harm) for harm in self.harms]


class CscInvitation(models.Model):
    """A professional invited to the conference: how an agency professional reaches the young
    person's conference and plan, and only those."""

    conference = models.ForeignKey(
        ContextualConference, on_delete=models.PROTECT, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="csc_invitations"
    )
    is_active = models.BooleanField(default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "user"], name="csc_invited_once")
        ]

    def __str__(self):
        return f"Invitation for {self.user}"


class ViewKind(models.TextChoices):
    PROFESSIONAL = "professional", "A professional's view"
    PARENT = "parent", "A parent's or carer's view"
    YOUNG_PERSON = "young_person", "The young person's view"


class Recommendation(models.TextChoices):
    PLAN = "plan", "A plan is needed"
    NO_PLAN = "no_plan", "No plan is needed"


class CscView(models.Model):
    """One view on the decision form: a professional's (with their recommendation), a parent's
    or carer's, or the young person's own."""

    conference = models.ForeignKey(
        ContextualConference, on_delete=models.PROTECT, related_name="views"
    )
    kind = models.CharField(max_length=20, choices=ViewKind.choices)
    name = models.CharField(max_length=200)
    role = models.CharField("role, agency or relationship", max_length=200, blank=True)
    view = models.TextField()
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "kind", "pk"]
        verbose_name = "view on the decision form"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class OutcomeStatus(models.TextChoices):
    OPEN = "open", "Working towards it"
    ACHIEVED = "achieved", "Achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"


class CscOutcome(models.Model):
    """A measurable outcome of the plan: what will change, how everyone will know (the measure),
    who is responsible and by when."""

    plan = models.ForeignKey(
        ContextualSafeguardingPlan, on_delete=models.PROTECT, related_name="outcomes"
    )
    outcome = models.TextField("what will change")
    measure = models.TextField("how we will know it has changed")
    who = models.CharField("who is responsible", max_length=200)
    due_on = models.DateField("by when")
    status = models.CharField(
        max_length=15, choices=OutcomeStatus.choices, default=OutcomeStatus.OPEN
    )
    progress = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "due_on", "pk"]
        verbose_name = "plan outcome"

    def __str__(self):
        return self.outcome[:60]

    @property
    def is_overdue(self) -> bool:
        return self.status == OutcomeStatus.OPEN and self.due_on < timezone.localdate()
