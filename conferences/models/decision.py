"""The decision, per child (issue 6 parts 3 and 4; reviews, issue 7 part 6; issue 17): the
social worker's recommendation, the professionals' views, the chair's decision and the outline
plan's actions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.models import PlanCategory, SecondaryFactor

from .conference import Conference
from .signs_of_safety import MAX_DANGER_STATEMENTS


class DecisionOutcome(models.TextChoices):
    CHILD_PROTECTION_PLAN = "cp_plan", "Child protection plan"
    CHILD_IN_NEED_PLAN = "cin_plan", "Child in need plan"
    NO_FURTHER_ACTION = "nfa", "No further action"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINALISED = "finalised", "Finalised"
    ADJOURNED = "adjourned", "Adjourned"


class ChildDecision(models.Model):
    """The conference's decision about one child: the social worker's recommendation, the
    professionals' views (ProfessionalView), the chair's decision with its rationale and, for a
    plan, its category, secondary factors, contingency plan, visit frequency and outline actions.
    Finalising it (the chair alone) creates the plan."""

    conference = models.ForeignKey(
        Conference, on_delete=models.PROTECT, related_name="child_decisions"
    )
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="conference_decisions"
    )
    recommendation = models.CharField(
        "the social worker's recommendation",
        max_length=20,
        choices=DecisionOutcome.choices,
        blank=True,
    )
    recommendation_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        "the chair's decision", max_length=20, choices=DecisionOutcome.choices, blank=True
    )
    rationale = models.TextField(blank=True)
    overrode_majority = models.BooleanField(default=False)
    overrule_reason = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=PlanCategory.choices, blank=True)
    secondary_factors = models.JSONField(default=list, blank=True)
    contingency_plan = models.TextField(blank=True)
    visit_frequency_working_days = models.PositiveSmallIntegerField(default=10)
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT, db_index=True
    )
    interim_plan = models.BooleanField(
        default=False,
        help_text="Adjourned initial conference: the child is on an interim plan meanwhile.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    child_protection_plan = models.ForeignKey(
        "plans.ChildProtectionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    child_in_need_plan = models.ForeignKey(
        "plans.ChildInNeedPlan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Reviews (issue 7 part 6): ending a plan at its first review needs the service manager's
    # agreement; what follows the plan (a step-down Child in Need plan, or Early Help).
    service_manager_agreement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The service manager who agreed ending the plan at its first review.",
    )
    early_help = models.BooleanField(
        default=False, help_text="Ending a plan with no Child in Need plan: Early Help follows."
    )
    # Issue 17: the outcomes for the child (copied onto the plan); a review changes the plan's
    # category only as an explicit choice; a plan ends at its first review on a significant
    # change of circumstances (the only way a neglect plan ends there).
    outcomes_for_child = models.TextField(
        "outcomes for the child",
        blank=True,
        help_text="What will be different for the child when the plan has worked.",
    )
    change_category = models.BooleanField(
        default=False, help_text="At a review: the chair changes the plan's category."
    )
    significant_change = models.BooleanField(
        default=False,
        help_text="At a first review: the plan ends on a significant change of circumstances.",
    )
    significant_change_description = models.TextField(blank=True)
    # Issue 21 item 6: whether the family brought a safety plan to the conference (None: not
    # asked, as at a review). No means the plan's next steps include forming one (ADR 51).
    family_safety_plan_brought = models.BooleanField(
        "the family brought a safety plan to the conference", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "child"], name="child_decision_once"),
            models.CheckConstraint(
                condition=~Q(status="finalised") | (~Q(outcome="") & ~Q(rationale="")),
                name="child_decision_finalised_has_outcome_and_rationale",
                violation_error_message="A finalised decision needs the decision and a rationale.",
            ),
            models.CheckConstraint(
                condition=Q(overrode_majority=False) | ~Q(overrule_reason=""),
                name="child_decision_overrule_has_reason",
                violation_error_message="Enter why the chair overrules the majority.",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="cp_plan") | ~Q(category=""),
                name="child_decision_plan_has_category",
                violation_error_message="Select the category of the plan.",
            ),
            models.CheckConstraint(
                condition=Q(visit_frequency_working_days__gte=1)
                & Q(visit_frequency_working_days__lte=10),
                name="child_decision_visits_1_to_10_working_days",
            ),
        ]

    def __str__(self):
        return f"Decision for {self.child} at {self.conference}"

    @property
    def is_final(self) -> bool:
        return self.status == DecisionStatus.FINALISED

    @property
    def secondary_factor_labels(self) -> list[str]:
        labels = dict(SecondaryFactor.choices)
        return [labels.get(code, code) for code in self.secondary_factors or []]


class OutlinePlanAction(models.Model):
    """One action of the outline plan the conference agrees: who does what by when."""

    decision = models.ForeignKey(ChildDecision, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    who = models.CharField(max_length=300)
    by_when = models.DateField(null=True, blank=True)
    danger_statement_position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The danger statement (1 to 4) it works towards."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(danger_statement_position__isnull=True)
                | (
                    Q(danger_statement_position__gte=1)
                    & Q(danger_statement_position__lte=MAX_DANGER_STATEMENTS)
                ),
                name="outline_action_danger_statement_1_to_4",
            ),
            models.CheckConstraint(
                condition=~Q(what="") & ~Q(who=""), name="outline_action_has_what_and_who"
            ),
        ]

    def __str__(self):
        return f"{self.who}: {self.what[:40]}"


class ProfessionalView(models.Model):
    """A professional's view of what the child needs, with their dissent and its reason."""

    decision = models.ForeignKey(ChildDecision, on_delete=models.PROTECT, related_name="views")
    name = models.CharField(max_length=200)
    role = models.CharField("agency or role", max_length=300, blank=True)
    view = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    # Issue 17: the agency whose view it is (its manager reports to the chair when the conference
    # adjourns on a split) and, for a plan, the category the professional would give it.
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.CharField(
        "category of plan (when the view is a plan)",
        max_length=20,
        choices=PlanCategory.choices,
        blank=True,
    )
    dissent = models.BooleanField(default=False)
    dissent_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissent=False) | ~Q(dissent_reason=""),
                name="professional_view_dissent_has_reason",
                violation_error_message="Enter the reason for the dissent.",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="professional_view_has_name"),
        ]

    def __str__(self):
        return f"{self.name}: {self.get_view_display()}"
