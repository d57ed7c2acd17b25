"""What a decision for a child protection plan must hold (issue 17 items 5 and 12).

A review never loses what the plan holds: its decision starts from the plan's category,
secondary factors, contingency plan, outcomes for the child and visit frequency; a blank field
keeps the plan's value, changing the category is an explicit choice (recorded in the plan's
category history when the decision is finalised) and secondary factors go only when unticked.

A plan worth the name (001 §2; 004 chairs' item 10): a child protection plan is finalised only
with a contingency plan, the outcomes for the child and at least one action saying who does what
by when, working towards a danger statement."""

from dataclasses import dataclass

from plans.models import ActionStatus
from plans.selectors import active_plan_for

from .models import ConferenceKind, DecisionOutcome

REVIEW_KINDS = (ConferenceKind.REVIEW, ConferenceKind.PRE_BIRTH_REVIEW)
DEFAULT_VISIT_FREQUENCY = 10


def plan_under_review(conference, child):
    """The child's active plan when the conference is a review of it; None otherwise."""
    if conference.kind not in REVIEW_KINDS:
        return None
    return active_plan_for(child)


def review_defaults(plan) -> dict:
    """The decision form's starting values at a review: what the plan holds now."""
    return {
        "category": plan.category,
        "secondary_factors": list(plan.secondary_factors or []),
        "contingency_plan": plan.contingency_plan,
        "outcomes_for_child": plan.outcomes_for_child,
        "visit_frequency_working_days": plan.visit_frequency_working_days,
    }


@dataclass
class PlanTerms:
    category: str | None
    secondary_factors: list
    contingency_plan: str
    outcomes_for_child: str
    visit_frequency_working_days: object
    change_category: bool


def resolve_terms(
    plan,
    *,
    category,
    secondary_factors,
    contingency_plan,
    outcomes_for_child,
    visit_frequency_working_days,
    change_category: bool,
) -> PlanTerms:
    """The plan's terms as the chair gave them, with what was left blank taken from the plan
    under review. A category other than the plan's needs the explicit choice to change it."""
    # Imported here: conferences.services imports conferences.plan_decision (via conferences.services.decision).
    from .services import DecisionError

    contingency_plan = (contingency_plan or "").strip()
    outcomes_for_child = (outcomes_for_child or "").strip()
    if plan is None:
        return PlanTerms(
            category=category,
            secondary_factors=list(secondary_factors or ()),
            contingency_plan=contingency_plan,
            outcomes_for_child=outcomes_for_child,
            visit_frequency_working_days=(
                DEFAULT_VISIT_FREQUENCY
                if visit_frequency_working_days in (None, "")
                else visit_frequency_working_days
            ),
            change_category=False,
        )
    change_category = bool(change_category)
    if category in (None, ""):
        if change_category:
            raise DecisionError("Select the plan's new category", field="category")
        category = plan.category
    if category != plan.category and not change_category:
        raise DecisionError(
            f"The plan's category is {plan.get_category_display().lower()}: to change it, "
            "confirm that the conference changes the category",
            field="change_category",
        )
    if change_category and category == plan.category:
        raise DecisionError(
            f"The plan's category is already {plan.get_category_display().lower()}: select "
            "the new category, or do not change it",
            field="category",
        )
    return PlanTerms(
        category=category,
        secondary_factors=list(
            plan.secondary_factors or [] if secondary_factors is None else secondary_factors
        ),
        contingency_plan=contingency_plan or plan.contingency_plan,
        outcomes_for_child=outcomes_for_child or plan.outcomes_for_child,
        visit_frequency_working_days=(
            plan.visit_frequency_working_days
            if visit_frequency_working_days in (None, "")
            else visit_frequency_working_days
        ),
        change_category=change_category,
    )


def _plan_has_a_linked_action(plan) -> bool:
    return (
        plan.actions.filter(
            danger_statement__is_active=True,
            by_when__isnull=False,
        )
        .exclude(status=ActionStatus.NO_LONGER_NEEDED)
        .exclude(what="")
        .exclude(who="")
        .exists()
    )


def require_plan_worth_the_name(conference, decision, plan=None) -> None:
    """Refuse to finalise a child protection plan without its contingency plan, the outcomes
    for the child and an action (who, what, by when) towards a danger statement the conference
    set. A review continuing the plan may rely on the plan's own live actions."""
    # Imported here: conferences.services imports conferences.plan_decision (via conferences.services.decision).
    from .services import DecisionError, _danger_statements_of

    if decision.outcome != DecisionOutcome.CHILD_PROTECTION_PLAN:
        return
    name = decision.child.legal_name
    if not (decision.contingency_plan or "").strip():
        raise DecisionError(
            f"Enter the contingency plan for {name}: what happens if the plan is not followed",
            field="contingency_plan",
        )
    if not (decision.outcomes_for_child or "").strip():
        raise DecisionError(
            f"Enter the outcomes for {name}: what will be different when the plan has worked",
            field="outcomes_for_child",
        )
    positions = {danger.position for danger in _danger_statements_of(conference)}
    linked = [
        action
        for action in decision.actions.all()
        if action.what
        and action.who
        and action.by_when
        and action.danger_statement_position in positions
    ]
    if linked or (plan is not None and _plan_has_a_linked_action(plan)):
        return
    raise DecisionError(
        f"Add at least one action for {name} saying who does what by when, and the danger "
        "statement it works towards",
        field="actions",
    )


def decision_initial(conference, decision) -> dict:
    """The decision form's starting values: what the chair recorded, or at a review not yet
    decided, what the plan holds (a review never starts from blank)."""
    initial = {
        "outcome": decision.outcome,
        "rationale": decision.rationale,
        "overrule_reason": decision.overrule_reason,
        "category": decision.category,
        "secondary_factors": decision.secondary_factors,
        "change_category": decision.change_category,
        "contingency_plan": decision.contingency_plan,
        "outcomes_for_child": decision.outcomes_for_child,
        "visit_frequency_working_days": decision.visit_frequency_working_days,
        "service_manager_agreement": decision.service_manager_agreement_id,
        "early_help": decision.early_help,
        "significant_change": decision.significant_change,
        "significant_change_description": decision.significant_change_description,
        "family_safety_plan_brought": {True: "yes", False: "no"}.get(
            decision.family_safety_plan_brought, ""
        ),
    }
    if not decision.outcome:
        plan = plan_under_review(conference, decision.child)
        if plan is not None:
            initial.update(review_defaults(plan))
    return initial
