"""The plans themselves: a child protection plan (with its category over time) and a Child in
Need plan."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.templatetags.govuk import govuk_date

from .choices import (
    CURRENT_PLAN_STATUSES,
    MAX_VISIT_FREQUENCY,
    MIN_VISIT_FREQUENCY,
    CinEndReason,
    PlanCategory,
    PlanEndReason,
    PlanStatus,
    SecondaryFactor,
    StepDown,
)

# --- The child protection plan -------------------------------------------------------------------


class ChildProtectionPlanQuerySet(models.QuerySet):
    def current(self):
        """Active or interim: the plan a child is subject to now."""
        return self.filter(status__in=CURRENT_PLAN_STATUSES)

    def reportable(self):
        """What the DfE census and Annex A count as a child protection plan (ADR 36): never an
        interim plan, nor one that ended without becoming a plan."""
        return self.exclude(status=PlanStatus.INTERIM).exclude(
            end_reason=PlanEndReason.NO_PLAN_NEEDED
        )


class ChildProtectionPlan(models.Model):
    """One child's child protection plan, started by a conference. A child has at most one active
    or interim plan; an earlier ended plan makes this one a second or subsequent plan. An interim
    plan (an adjourned initial conference) becomes the plan itself when the conference reconvenes
    and makes it (plans.interim), or ends if no plan is needed."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="protection_plans"
    )
    started_on = models.DateField(db_index=True)
    started_by_conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="started_plans"
    )
    category = models.CharField(max_length=20, choices=PlanCategory.choices, blank=True)
    secondary_factors = models.JSONField(
        default=list, blank=True, help_text="SecondaryFactor values, in the order recorded."
    )
    interim_from = models.DateField(
        "on an interim plan from",
        null=True,
        blank=True,
        help_text="The day the adjourned initial conference placed the child on an interim plan.",
    )
    is_subsequent = models.BooleanField(
        "second or subsequent plan",
        default=False,
        help_text="The child has had a child protection plan before (derived when the plan starts).",
    )
    previous_plan_ended_on = models.DateField(null=True, blank=True)
    # Issue 23 (ADR 66): a plan brought in from a CIN census return keeps the return's
    # NumberOfPreviousCPP, which may count plans the service never held.
    previous_plans_from_census = models.PositiveSmallIntegerField(null=True, blank=True)
    contingency_plan = models.TextField(blank=True)
    visit_frequency_working_days = models.PositiveSmallIntegerField(
        "social work visits at least every (working days)", default=MAX_VISIT_FREQUENCY
    )
    status = models.CharField(
        max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE, db_index=True
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=PlanEndReason.choices, blank=True)
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="The due date of the live review deadline (RCPC_FIRST or RCPC_NEXT), kept here "
        "for lists.",
    )
    # --- Reviews and ending (issue 7 part 6): plans.services.end_plan ---
    next_review_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The review conference last scheduled for the plan (conferences.services."
        "schedule_review_conference).",
    )
    ended_by_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ended_plans",
        help_text="The review conference that ended it (no longer at risk).",
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_note = models.TextField(blank=True)
    service_manager_agreement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The service manager who agreed ending the plan at its first review.",
    )
    # Ending outside a conference (issue 17): plans.ending.
    manager_agreement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The team manager or service manager who agreed ending the plan outside a "
        "conference (not the person who recorded it).",
    )
    manager_agreed_on = models.DateField("date the manager agreed", null=True, blank=True)
    receiving_authority = models.CharField(max_length=200, blank=True)
    transfer_in_conference_on = models.DateField(
        "date of the receiving authority's transfer-in conference", null=True, blank=True
    )
    step_down = models.CharField(max_length=20, choices=StepDown.choices, blank=True)
    long_plan_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the head of service and QA manager were told the plan reached 2 years.",
    )
    reviews_held = models.PositiveSmallIntegerField(
        default=0,
        help_text="Review conferences that continued the plan (before the third, a drift review).",
    )
    # --- end of ending ---
    # Issue 17: the outcomes for the child the conference stated; a plan ended at its first
    # review on a significant change of circumstances (a neglect plan ends there only so).
    outcomes_for_child = models.TextField("outcomes for the child", blank=True)
    ended_on_significant_change = models.BooleanField(default=False)
    significant_change_description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()
    objects = ChildProtectionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status__in=CURRENT_PLAN_STATUSES),
                name="protection_plan_one_current_per_child",
                violation_error_message="The child already has an active or interim child "
                "protection plan.",
            ),
            models.CheckConstraint(
                condition=Q(status="interim") | ~Q(category=""),
                name="protection_plan_has_category",
                violation_error_message="Select the category of the plan.",
            ),
            models.CheckConstraint(
                condition=Q(visit_frequency_working_days__gte=MIN_VISIT_FREQUENCY)
                & Q(visit_frequency_working_days__lte=MAX_VISIT_FREQUENCY),
                name="protection_plan_visits_1_to_10_working_days",
                violation_error_message="Visits are at least every 10 working days.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CURRENT_PLAN_STATUSES, ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
                name="protection_plan_ended_has_end_date",
                violation_error_message="An ended plan needs the date it ended.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="protection_plan_ends_after_it_starts",
                violation_error_message="A plan cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"Child protection plan for {self.child} from {govuk_date(self.started_on)}"

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE

    @property
    def is_interim(self) -> bool:
        return self.status == PlanStatus.INTERIM

    @property
    def reconvene_by(self):
        """For an interim plan: the day its adjourned conference reconvenes by."""
        return self.started_by_conference.reconvene_by if self.is_interim else None

    @property
    def category_choice(self) -> PlanCategory:
        return PlanCategory(self.category)

    @property
    def nel_category_number(self) -> int:
        return self.category_choice.nel_number

    @property
    def dfe_category_code(self) -> str:
        return self.category_choice.dfe_code

    @property
    def secondary_factor_labels(self) -> list[str]:
        labels = dict(SecondaryFactor.choices)
        return [labels.get(code, code) for code in self.secondary_factors or []]

    @property
    def first_or_subsequent(self) -> str:
        return "Second or subsequent plan" if self.is_subsequent else "First plan"


class PlanCategoryChange(models.Model):
    """The plan's category over time: the category set when the plan started (no `from`), then
    each change a review conference makes."""

    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="category_changes"
    )
    from_category = models.CharField(max_length=20, choices=PlanCategory.choices, blank=True)
    to_category = models.CharField(max_length=20, choices=PlanCategory.choices)
    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="plan_category_changes"
    )
    changed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "changed_on", "pk"]

    def __str__(self):
        return f"{self.get_to_category_display()} from {govuk_date(self.changed_on)}"


# --- Child in Need plan ---------------------------------------------------------------------------


class ChildInNeedPlan(models.Model):
    """A Child in Need plan: decided by a conference, or a step down from a child protection plan."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="child_in_need_plans"
    )
    started_on = models.DateField(db_index=True)
    started_by_conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="started_child_in_need_plans",
    )
    from_plan = models.ForeignKey(
        ChildProtectionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="step_down_plans",
        help_text="The child protection plan it steps down from.",
    )
    status = models.CharField(
        max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE, db_index=True
    )
    ended_on = models.DateField(null=True, blank=True)
    # Issue 22 item 4: how it ended (plans.services.end_child_in_need_plan).
    end_reason = models.CharField(max_length=30, choices=CinEndReason.choices, blank=True)
    end_note = models.TextField(blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    early_end_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The team manager who agreed a step-down plan ends before its 3 months.",
    )
    early_end_reason = models.TextField(
        "why the manager agreed it ends before 3 months", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="active"),
                name="child_in_need_plan_one_active_per_child",
                violation_error_message="The child already has an active Child in Need plan.",
            ),
            models.UniqueConstraint(
                fields=["from_plan"],
                condition=Q(from_plan__isnull=False),
                name="child_in_need_plan_one_step_down_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
                name="child_in_need_plan_ended_has_end_date",
            ),
        ]

    def __str__(self):
        return f"Child in Need plan for {self.child} from {govuk_date(self.started_on)}"

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE

    @property
    def is_step_down(self) -> bool:
        return self.from_plan_id is not None
