"""The decision (issue 6 parts 3 and 4): the views, the tally and the chair's decision.

The chair or the minute taker records the social worker's recommendation, each professional's
view (with any dissent and its reason) and the chair's decision as it is made; only the chair
finalises it (conferences.services.finalising) or adjourns (conferences.services.adjourning).
`record_decision` is the chair's decision: `record_chair_decision` (invitations) is the chair's
decisions before the conference (ChairDecision), kept as it is."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.history import save_as
from plans.models import PlanCategory, SecondaryFactor

from ..models import (
    MAX_DANGER_STATEMENTS,
    ChildDecision,
    Conference,
    DecisionOutcome,
    DecisionStatus,
    OutlinePlanAction,
    ProfessionalView,
)
from ..plan_decision import plan_under_review, resolve_terms
from ._common import _locked_for_recording
from .errors import DecisionError


@dataclass
class Tally:
    child_protection_plan: int = 0
    child_in_need_plan: int = 0
    no_further_action: int = 0
    dissenting: int = 0

    @property
    def total(self) -> int:
        return self.child_protection_plan + self.child_in_need_plan + self.no_further_action

    @property
    def plan(self) -> int:
        return self.child_protection_plan

    @property
    def no_plan(self) -> int:
        return self.child_in_need_plan + self.no_further_action

    @property
    def is_split(self) -> bool:
        """A 50% split between a child protection plan and no plan (2-2, 3-3...)."""
        return self.total > 0 and self.plan == self.no_plan

    @property
    def majority(self) -> str | None:
        """'plan' or 'no_plan' when most views agree on it; None when split or no views."""
        if self.total == 0 or self.is_split:
            return None
        return "plan" if self.plan > self.no_plan else "no_plan"

    @property
    def summary(self) -> str:
        return (
            f"{self.child_protection_plan} for a child protection plan, "
            f"{self.child_in_need_plan} for a child in need plan, "
            f"{self.no_further_action} for no further action"
        )


def tally(decision) -> Tally:
    """Counts of the professionals' views of one child (uses prefetched views when there)."""
    result = Tally()
    for view in decision.views.all():
        if view.view == DecisionOutcome.CHILD_PROTECTION_PLAN:
            result.child_protection_plan += 1
        elif view.view == DecisionOutcome.CHILD_IN_NEED_PLAN:
            result.child_in_need_plan += 1
        elif view.view == DecisionOutcome.NO_FURTHER_ACTION:
            result.no_further_action += 1
        if view.dissent:
            result.dissenting += 1
    return result


def _side(outcome: str) -> str:
    return "plan" if outcome == DecisionOutcome.CHILD_PROTECTION_PLAN else "no_plan"


def open_decisions(*, conference: Conference, by) -> list:
    """A decision row for each child of the conference (made once; returned in child order)."""
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        links = list(locked.conference_children.order_by("pk"))
        existing = {
            decision.child_id: decision
            for decision in ChildDecision.objects.filter(conference=locked)
        }
        made = []
        for link in links:
            if link.child_id not in existing:
                decision = ChildDecision(conference=locked, child_id=link.child_id)
                save_as(decision, by=by)
                existing[link.child_id] = decision
            made.append(existing[link.child_id])
    return made


def decision_for(*, conference: Conference, child, by):
    """The decision row of one child of the conference (made if needed)."""
    child_id = getattr(child, "pk", child)
    for decision in open_decisions(conference=conference, by=by):
        if decision.child_id == child_id:
            return decision
    raise DecisionError("This conference is not about that child")


def _locked_decision(decision, by, *, conference: Conference | None = None):
    """The conference (locked, being recorded) and the decision (locked, not final yet)."""
    locked_conference = conference or _locked_for_recording(decision.conference, by)
    locked = (
        ChildDecision.objects.select_for_update(of=("self",))
        .select_related("child")
        .get(pk=decision.pk)
    )
    if locked.conference_id != locked_conference.pk:
        raise DecisionError("That decision is not part of this conference")
    if locked.status == DecisionStatus.FINALISED:
        raise DecisionError(f"The decision for {locked.child.legal_name} is already finalised")
    return locked_conference, locked


def _clean_outcome(value: str, field: str, what: str) -> str:
    if value not in DecisionOutcome.values:
        raise DecisionError(f"Select {what}", field=field)
    return value


def record_recommendation(*, decision, by, recommendation: str):
    """The social worker's recommendation for the child."""
    recommendation = _clean_outcome(
        recommendation, "recommendation", "the social worker's recommendation"
    )
    with transaction.atomic():
        _, locked = _locked_decision(decision, by)
        locked.recommendation, locked.recommendation_by = recommendation, by
        save_as(locked, by=by, update_fields=["recommendation", "recommendation_by"])
    return locked


def record_professional_view(
    *,
    decision,
    by,
    name: str,
    role: str,
    view: str,
    dissent_reason: str = "",
    dissent=None,
    agency=None,
    category: str = "",
):
    """A professional's view (child protection plan, child in need plan or no further action);
    a dissent is recorded with its reason. Giving a view again replaces it; history keeps the
    one before. The view is given for an agency (the one chosen, else the one the professional
    attended for) and, for a plan, with the category the professional gives it (issue 17)."""
    # Imported here: conferences.adjournment imports conferences.services.
    from ..adjournment import agency_for_view

    category = (category or "").strip() if view == DecisionOutcome.CHILD_PROTECTION_PLAN else ""
    if category and category not in PlanCategory.values:
        raise DecisionError("Select the category of plan", field="category")

    name, role = (name or "").strip(), (role or "").strip()
    dissent_reason = (dissent_reason or "").strip()
    if not name:
        raise DecisionError("Enter the professional's name", field="name")
    view = _clean_outcome(view, "view", "the professional's view")
    dissent = bool(dissent_reason) if dissent is None else bool(dissent)
    if dissent and not dissent_reason:
        raise DecisionError("Enter the reason for the dissent", field="dissent_reason")
    with transaction.atomic():
        _, locked = _locked_decision(decision, by)
        row = ProfessionalView.objects.filter(
            decision=locked, name__iexact=name, role__iexact=role
        ).first() or ProfessionalView(decision=locked, name=name, role=role)
        row.view, row.dissent = view, dissent
        row.dissent_reason = dissent_reason if dissent else ""
        row.agency, row.category = agency_for_view(locked, name, agency), category
        row.recorded_by, row.recorded_at = by, timezone.now()
        save_as(row, by=by)
    return row


def _clean_actions(actions) -> list[dict]:
    cleaned = []
    for number, row in enumerate(actions or (), start=1):
        what = (row.get("what") or "").strip()
        who = (row.get("who") or "").strip()
        by_when = row.get("by_when")
        position = row.get("danger_statement_position")
        if not what and not who and not by_when and not position:
            continue  # an empty row of the form
        if not what:
            raise DecisionError(f"Enter what is to happen in action {number}", field="actions")
        if not who:
            raise DecisionError(f"Enter who does action {number}", field="actions")
        if position in ("", None):
            position = None
        else:
            try:
                position = int(position)
            except (TypeError, ValueError):
                position = 0
            if not 1 <= position <= MAX_DANGER_STATEMENTS:
                raise DecisionError(
                    f"Action {number} must refer to danger statement 1 to {MAX_DANGER_STATEMENTS}",
                    field="actions",
                )
        cleaned.append({"what": what, "who": who[:300], "by_when": by_when, "position": position})
    return cleaned


def record_decision(
    *,
    decision,
    by,
    outcome: str,
    rationale: str,
    overrule_reason: str = "",
    category=None,
    secondary_factors=None,
    contingency_plan: str | None = None,
    visit_frequency_working_days: int | None = None,
    actions=(),
    service_manager_agreement=None,
    early_help: bool = False,
    outcomes_for_child: str | None = None,
    change_category: bool = False,
    significant_change: bool = False,
    significant_change_description: str = "",
    family_safety_plan_brought: bool | None = None,
):
    """The chair's decision for the child, with the written rationale. Deciding against the
    majority of the professionals' views needs the reason the chair overrules it. A child
    protection plan needs its category; its secondary factors, contingency plan, outcomes for
    the child, visit frequency and outline actions (who does what by when) are kept for
    finalising. At a review what is left out (None or blank) keeps what the plan holds, and a
    new category needs `change_category` (conferences.plan_decision)."""
    outcome = _clean_outcome(outcome, "outcome", "the decision")
    rationale = (rationale or "").strip()
    overrule_reason = (overrule_reason or "").strip()
    if not rationale:
        raise DecisionError("Enter the rationale for the decision", field="rationale")
    is_plan = outcome == DecisionOutcome.CHILD_PROTECTION_PLAN
    reviewed = plan_under_review(decision.conference, decision.child)
    terms = resolve_terms(
        reviewed if is_plan else None,
        category=category,
        secondary_factors=secondary_factors,
        contingency_plan=contingency_plan,
        outcomes_for_child=outcomes_for_child,
        visit_frequency_working_days=visit_frequency_working_days,
        change_category=change_category,
    )
    category, contingency_plan = terms.category, terms.contingency_plan
    visit_frequency_working_days = terms.visit_frequency_working_days
    factors = list(dict.fromkeys(terms.secondary_factors))
    significant_change_description = (significant_change_description or "").strip()
    significant_change = bool(significant_change) and not is_plan
    if significant_change and not significant_change_description:
        raise DecisionError(
            "Describe the significant change of circumstances (for example, the child now "
            "lives with a different family)",
            field="significant_change_description",
        )
    cleaned_actions = []
    if is_plan:
        if category not in PlanCategory.values:
            raise DecisionError("Select the category of the plan", field="category")
        unknown = [factor for factor in factors if factor not in SecondaryFactor.values]
        if unknown:
            raise DecisionError(
                f"{', '.join(map(str, unknown))} is not a secondary factor",
                field="secondary_factors",
            )
        try:
            visits = int(visit_frequency_working_days)
        except (TypeError, ValueError):
            visits = 0
        if not 1 <= visits <= 10:
            raise DecisionError(
                "Visits are at least every 10 working days: enter a number from 1 to 10",
                field="visit_frequency_working_days",
            )
        cleaned_actions = _clean_actions(actions)
    with transaction.atomic():
        _, locked = _locked_decision(decision, by)
        counts = tally(locked)
        overrides = counts.majority is not None and _side(outcome) != counts.majority
        if overrides and not overrule_reason:
            raise DecisionError(
                f"The majority of the professionals' views ({counts.summary}) differ from this "
                "decision: enter why you overrule the majority",
                field="overrule_reason",
            )
        locked.outcome, locked.rationale = outcome, rationale
        locked.overrode_majority = overrides
        locked.overrule_reason = overrule_reason if overrides else ""
        locked.category = category if is_plan else ""
        locked.secondary_factors = factors if is_plan else []
        locked.contingency_plan = (contingency_plan or "").strip() if is_plan else ""
        locked.visit_frequency_working_days = visits if is_plan else 10
        locked.outcomes_for_child = terms.outcomes_for_child if is_plan else ""
        locked.change_category = terms.change_category if is_plan else False
        locked.significant_change = significant_change
        locked.significant_change_description = (
            significant_change_description if significant_change else ""
        )
        locked.family_safety_plan_brought = family_safety_plan_brought if is_plan else None
        locked.decided_at, locked.decided_by = timezone.now(), by
        # Reviews: who agreed ending the plan at its first review; Early Help after no plan.
        locked.service_manager_agreement = None if is_plan else service_manager_agreement
        locked.early_help = bool(early_help) and outcome == DecisionOutcome.NO_FURTHER_ACTION
        save_as(locked, by=by)
        for old in list(OutlinePlanAction.objects.filter(decision=locked)):
            old._history_user = by
            old.delete()
        for row in cleaned_actions:
            action = OutlinePlanAction(
                decision=locked,
                what=row["what"],
                who=row["who"],
                by_when=row["by_when"],
                danger_statement_position=row["position"],
            )
            save_as(action, by=by)
    return locked
