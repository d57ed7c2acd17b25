"""Review conferences: a review continues the plan (continue_plan_at_review), and the social
worker's recommendation that the plan may end at a review meets END_NOTICE on the review
conference (record_end_recommendation, meet_end_notice)."""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.line_management import is_worker_or_manager
from conferences.models import Conference, ConferenceChild, ConferenceStatus
from timescales import services as timescale_services
from timescales.models import Deadline, RuleCode

from ..models import ChildProtectionPlan, PlanCategoryChange, PlanEndRecommendation
from ._common import (
    REVIEW_RULES,
    PlanError,
    _clean_category,
    _clean_secondary_factors,
    _locked_active_plan,
    _open_review_deadline,
    _require_chair,
    _require_conference_for_child,
    _review_kinds,
    _saved,
)

# --- Reviews ---------------------------------------------------------------------------------------


def continue_plan_at_review(
    *,
    plan: ChildProtectionPlan,
    conference: Conference,
    held_on: datetime.date,
    category: str | None = None,
    secondary_factors: Iterable[str] | None = None,
    contingency_plan: str | None = None,
    outcomes_for_child: str | None = None,
    by,
) -> ChildProtectionPlan:
    """A review conference decides the plan continues (with a new category, if it changes it):
    the review deadline is met on `held_on` (on time or late) and RCPC_NEXT opens, 6 months on.
    Nothing the plan holds is cleared by a blank: no (or a blank) category, no secondary
    factors, and a blank contingency plan or outcomes for the child keep the plan's."""
    action = "continue a child protection plan"
    _require_conference_for_child(conference, plan.child, action)
    _require_chair(conference, by, action)
    if conference.pk == plan.started_by_conference_id:
        raise PlanError("A plan is continued by a review conference, not the one that started it")
    category = _clean_category(category) if category not in (None, "") else None
    factors = _clean_secondary_factors(secondary_factors) if secondary_factors is not None else None
    contingency_plan = (contingency_plan or "").strip()
    outcomes_for_child = (outcomes_for_child or "").strip()
    if held_on < plan.started_on:
        raise PlanError("A review cannot be held before the plan started", field="held_on")

    with transaction.atomic():
        locked = _locked_active_plan(plan)
        if category is not None and category != locked.category:
            _saved(
                PlanCategoryChange(
                    plan=locked,
                    from_category=locked.category,
                    to_category=category,
                    conference=conference,
                    changed_on=held_on,
                    recorded_by=by,
                ),
                by,
            )
            locked.category = category
        if factors is not None:
            locked.secondary_factors = factors
        if contingency_plan:
            locked.contingency_plan = contingency_plan
        if outcomes_for_child:
            locked.outcomes_for_child = outcomes_for_child
        for rule in REVIEW_RULES:
            timescale_services.meet_deadline(rule=rule, subject=locked, met_on=held_on)
        _open_review_deadline(
            plan=locked,
            rule=RuleCode.RCPC_NEXT,
            start=held_on,
            conference=conference,
            responsible=locked.child.lead_social_worker,
        )
        locked.reviews_held += 1
        _saved(locked, by)
        # The drift review is raised before the third review, not at it (plans.drift).
        return locked


# --- The social worker's end recommendation (END_NOTICE) ---------------------------------------


def record_end_recommendation(*, plan: ChildProtectionPlan, by, review_conference: Conference):
    """The social worker tells the conference service the plan may end at the review: END_NOTICE
    on the review conference (10 days before it) is met now, on time or late. Told before the
    review is booked, END_NOTICE is opened and met when it is booked."""
    if review_conference.kind not in _review_kinds():
        raise PlanError("Select the review conference", field="review_conference")
    if not ConferenceChild.objects.filter(
        conference=review_conference, child_id=plan.child_id
    ).exists():
        raise PlanError(f"This review is not about {plan.child.legal_name}")
    if review_conference.status not in (
        ConferenceStatus.ALLOCATED,
        ConferenceStatus.BOOKED,
        ConferenceStatus.POSTPONED,
    ):
        raise PlanError("The review conference has already been held or was cancelled")
    worker = plan.child.lead_social_worker
    if by is None or not (is_worker_or_manager(by, worker) or by.has_role("team_manager")):
        raise PlanError("Only the lead social worker or their manager can recommend ending a plan")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        recommendation = PlanEndRecommendation.objects.filter(
            plan=locked, review_conference=review_conference
        ).first()
        if recommendation is None:
            recommendation = _saved(
                PlanEndRecommendation(
                    plan=locked, review_conference=review_conference, recommended_by=by
                ),
                by,
            )
        meet_end_notice(conference=review_conference)
        return recommendation


def meet_end_notice(*, conference: Conference):
    """END_NOTICE for a booked review with an end recommendation: opened from the booked time
    (10 days before) and met at the first recommendation's time. Called by
    record_end_recommendation and by booking; does nothing otherwise."""
    conference = Conference.objects.get(pk=conference.pk)
    first = (
        PlanEndRecommendation.objects.filter(review_conference=conference)
        .select_related("recommended_by")
        .order_by("recommended_at")
        .first()
    )
    if first is None or conference.starts_at is None or conference.status != "booked":
        return None
    if Deadline.objects.filter(
        rule=RuleCode.END_NOTICE,
        subject_type=ContentType.objects.get_for_model(Conference),
        subject_id=conference.pk,
    ).exists():
        # Told once: a re-booking moves an open one; one already met stays met.
        return timescale_services.meet_deadline(
            rule=RuleCode.END_NOTICE, subject=conference, met_on=first.recommended_at
        )
    timescale_services.open_deadline(
        rule=RuleCode.END_NOTICE,
        subject=conference,
        start=conference.starts_at,
        responsible=first.recommended_by,
        child=first.plan.child,
        chair=conference.chair,
    )
    return timescale_services.meet_deadline(
        rule=RuleCode.END_NOTICE, subject=conference, met_on=first.recommended_at
    )
