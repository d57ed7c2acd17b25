"""Holding a Contextual Safeguarding Conference: the decision form (002's "Professionals Views
and Parents Views Decision Form"; ADR 61).

The chair records each professional's view and recommendation, the parents' or carers' views and
the young person's views (or why they were not given), then the decision and why. An initial
conference decides whether a contextual safeguarding plan is needed; a review whether the plan
continues or ends. Deciding meets the conference's deadline: CSC_DUE for an initial conference,
the plan's live review deadline for a review. A new plan opens CSC_PLAN (its measurable outcomes
on the record) and CSC_REVIEW; a plan that continues opens CSC_REVIEW_NEXT; a plan that ends has
its live deadlines withdrawn.
"""

from django.db import transaction
from django.utils import timezone

from timescales import services as timescale_services
from timescales.models import RuleCode

from ..models import (
    INITIAL_DECISIONS,
    REVIEW_DECISIONS,
    ContextualConference,
    ContextualSafeguardingPlan,
    CscDecision,
    CscKind,
    CscPlanStatus,
    CscStatus,
    CscView,
    Recommendation,
    ViewKind,
)
from ._common import ContextualError, may_hold, saved, text

REVIEW_RULES = (RuleCode.CSC_REVIEW, RuleCode.CSC_REVIEW_NEXT)
PLAN_RULES = (RuleCode.CSC_PLAN, *REVIEW_RULES)


def _require_holding(conference, by) -> None:
    if not may_hold(conference, by):
        raise ContextualError(
            "Only the conference's chair records the decision form, on or after the day of a "
            "booked conference"
        )


def record_view(
    *,
    conference: ContextualConference,
    kind: str,
    name: str,
    role: str = "",
    view: str,
    recommendation: str = "",
    by,
) -> CscView:
    """A view on the decision form. A professional's view names their agency and recommends
    whether a plan is needed (or, at a review, still needed)."""
    if kind not in ViewKind.values:
        raise ContextualError("Select whose view this is", field="kind")
    name = text(name, "name", "Enter the name of the person whose view this is")
    view = text(view, "view", "Enter their view")
    role = (role or "").strip()
    if kind == ViewKind.PROFESSIONAL:
        if not role:
            raise ContextualError("Enter the professional's role and agency", field="role")
        if recommendation not in Recommendation.values:
            raise ContextualError(
                "Select whether the professional thinks a plan is needed", field="recommendation"
            )
    else:
        recommendation = ""
    _require_holding(conference, by)
    with transaction.atomic():
        locked = ContextualConference.objects.select_for_update().get(pk=conference.pk)
        _require_holding(locked, by)
        return saved(
            CscView(
                conference=locked,
                kind=kind,
                name=name,
                role=role,
                view=view,
                recommendation=recommendation,
                recorded_by=by,
            ),
            by,
        )


def _check_views(conference, parents_views_not_given: str, young_person_views_not_given: str):
    kinds = set(conference.views.values_list("kind", flat=True))
    if ViewKind.PROFESSIONAL not in kinds:
        raise ContextualError(
            "Record at least one professional's view before the decision", field="decision"
        )
    if ViewKind.PARENT not in kinds and not parents_views_not_given:
        raise ContextualError(
            "Record the parents' or carers' views, or say why they were not given",
            field="parents_views_not_given",
        )
    if ViewKind.YOUNG_PERSON not in kinds and not young_person_views_not_given:
        raise ContextualError(
            "Record the young person's views, or say why they were not given",
            field="young_person_views_not_given",
        )


def record_decision(
    *,
    conference: ContextualConference,
    decision: str,
    rationale: str,
    by,
    parents_views_not_given: str = "",
    young_person_views_not_given: str = "",
) -> ContextualConference:
    """The chair's decision and why, once the views are on the form; the conference is held."""
    allowed = REVIEW_DECISIONS if conference.kind == CscKind.REVIEW else INITIAL_DECISIONS
    if decision not in allowed:
        raise ContextualError("Select the decision", field="decision")
    rationale = text(rationale, "rationale", "Enter the reasons for the decision")
    parents_views_not_given = (parents_views_not_given or "").strip()
    young_person_views_not_given = (young_person_views_not_given or "").strip()
    _require_holding(conference, by)
    with transaction.atomic():
        locked = (
            ContextualConference.objects.select_for_update(of=("self",))
            .select_related("child", "child__lead_social_worker", "plan")
            .get(pk=conference.pk)
        )
        _require_holding(locked, by)
        _check_views(locked, parents_views_not_given, young_person_views_not_given)
        if locked.is_review and not locked.plan.outcomes.exists():
            raise ContextualError(
                "The plan has no measurable outcomes yet: add them before the review decides",
                field="decision",
            )
        held_on = timezone.localdate(locked.starts_at)
        locked.status, locked.decision, locked.rationale = CscStatus.HELD, decision, rationale
        locked.parents_views_not_given = parents_views_not_given
        locked.young_person_views_not_given = young_person_views_not_given
        locked.held_on, locked.decided_by, locked.decided_at = held_on, by, timezone.now()
        if locked.is_review:
            _decide_review(locked, decision, held_on, by)
        else:
            timescale_services.meet_deadline(rule=RuleCode.CSC_DUE, subject=locked, met_on=held_on)
            if decision == CscDecision.PLAN:
                _start_plan(locked, held_on, by)
        return saved(locked, by)


def _start_plan(conference, held_on, by) -> ContextualSafeguardingPlan:
    plan = saved(ContextualSafeguardingPlan(child=conference.child, started_on=held_on), by)
    conference.plan = plan
    worker = conference.child.lead_social_worker
    timescale_services.open_deadline(
        rule=RuleCode.CSC_PLAN,
        subject=plan,
        start=held_on,
        responsible=conference.chair,
        chair=conference.chair,
        child=conference.child,
    )
    timescale_services.open_deadline(
        rule=RuleCode.CSC_REVIEW,
        subject=plan,
        start=held_on,
        responsible=worker,
        chair=conference.chair,
        child=conference.child,
    )
    return plan


def live_review_rule(plan) -> str:
    """CSC_REVIEW until the first review is held, CSC_REVIEW_NEXT after."""
    reviewed = plan.conferences.filter(kind=CscKind.REVIEW, status=CscStatus.HELD).exists()
    return RuleCode.CSC_REVIEW_NEXT if reviewed else RuleCode.CSC_REVIEW


def _decide_review(conference, decision, held_on, by) -> None:
    plan = ContextualSafeguardingPlan.objects.select_for_update().get(pk=conference.plan_id)
    timescale_services.meet_deadline(rule=live_review_rule(plan), subject=plan, met_on=held_on)
    if decision == CscDecision.CONTINUE:
        timescale_services.open_deadline(
            rule=RuleCode.CSC_REVIEW_NEXT,
            subject=plan,
            start=held_on,
            responsible=conference.child.lead_social_worker,
            chair=conference.chair,
            child=conference.child,
        )
        return
    plan.status, plan.ended_on = CscPlanStatus.ENDED, held_on
    plan._change_reason = "Ended by a review conference: the risk is reduced"
    saved(plan, by)
    why = f"The plan ended at the review conference of {held_on:%-d %B %Y}"
    for rule in PLAN_RULES:
        timescale_services.withdraw_deadline(rule=rule, subject=plan, reason=why, by=by)
