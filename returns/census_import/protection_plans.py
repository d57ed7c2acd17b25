"""A child protection plan from the census: started by its initial conference, with its initial
and latest category, its number of previous plans, its review conferences and its end. An open
plan is an active plan whose clocks start as ADR 66 decides; an ended plan is history."""

import datetime

from django.utils import timezone

from children.models import Child
from conferences.models import ConferenceKind
from core.history import save_as
from plans.models import ChildProtectionPlan, PlanCategoryChange, PlanStatus
from timescales import calendar
from timescales import services as timescale_services
from timescales.models import Deadline, DeadlineStatus, RuleCode

from .writes import (
    INITIAL_KINDS,
    REASON,
    CensusChildRefused,
    Changes,
    held_conference,
    long_date,
    overlapping_plan,
    record_category_change,
    write_conference,
)

# A plan that started this recently may not have had its first core group yet (CG_FIRST).
FIRST_CORE_GROUP_WORKING_DAYS = 10
PLAN_CLOCKS = (
    RuleCode.RCPC_FIRST,
    RuleCode.RCPC_NEXT,
    RuleCode.CG_FIRST,
    RuleCode.CG_NEXT,
    RuleCode.VISIT,
    RuleCode.LONG_PLAN,
    RuleCode.MIDWAY_REVIEW,
)


def _start_clocks(plan: ChildProtectionPlan, reviews: list[datetime.date]) -> None:
    """The clocks of an active plan brought in (ADR 66): the next review from the last review
    (RCPC_NEXT) or from the start (RCPC_FIRST); the 2-year alert from the start; visits and core
    groups from the day of the import, as the return holds neither."""
    worker = plan.child.lead_social_worker
    today = timezone.localdate()
    rule, start = (
        (RuleCode.RCPC_NEXT, reviews[-1]) if reviews else (RuleCode.RCPC_FIRST, plan.started_on)
    )
    review = timescale_services.open_deadline(
        rule=rule, subject=plan, start=start, responsible=worker, child=plan.child
    )
    plan.next_review_due = review.due_on
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(next_review_due=review.due_on)
    first_core_group_by = calendar.add_working_days(plan.started_on, FIRST_CORE_GROUP_WORKING_DAYS)
    if not reviews and first_core_group_by >= today:
        timescale_services.open_deadline(
            rule=RuleCode.CG_FIRST,
            subject=plan,
            start=plan.started_on,
            responsible=worker,
            child=plan.child,
        )
    else:
        timescale_services.open_deadline(
            rule=RuleCode.CG_NEXT, subject=plan, start=today, responsible=worker, child=plan.child
        )
    timescale_services.open_deadline(
        rule=RuleCode.VISIT, subject=plan, start=today, responsible=worker, child=plan.child
    )
    timescale_services.open_deadline(
        rule=RuleCode.LONG_PLAN,
        subject=plan,
        start=plan.started_on,
        responsible=worker,
        child=plan.child,
    )


def _move_review_clock(plan: ChildProtectionPlan, last_review: datetime.date) -> None:
    """A review the return adds to an active plan: the live review clock is met that day and
    the next one (RCPC_NEXT) counts from it."""
    for rule in (RuleCode.RCPC_FIRST, RuleCode.RCPC_NEXT):
        timescale_services.meet_deadline(
            rule=rule,
            subject=plan,
            met_on=timezone.make_aware(datetime.datetime.combine(last_review, datetime.time(10))),
        )
    review = timescale_services.open_deadline(
        rule=RuleCode.RCPC_NEXT,
        subject=plan,
        start=last_review,
        responsible=plan.child.lead_social_worker,
        child=plan.child,
    )
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(next_review_due=review.due_on)


def _stop_clocks(plan: ChildProtectionPlan, *, by) -> None:
    """The return says the plan ended: every clock still running on it stops."""
    live = Deadline.objects.filter(
        subject_id=plan.pk,
        rule__in=PLAN_CLOCKS,
        status__in=[DeadlineStatus.OPEN, DeadlineStatus.BREACHED],
    ).values_list("rule", flat=True)
    for rule in set(live):
        timescale_services.withdraw_deadline(
            rule=rule, subject=plan, reason="The plan ended (CIN census return)", by=by
        )


def write_plan(child: Child, planned, *, by, changes: Changes) -> ChildProtectionPlan:
    what = f"Child protection plan from {long_date(planned.start)}"
    clash = overlapping_plan(child, planned.start, planned.end)
    if clash is not None:
        ends = f"to {long_date(clash.ended_on)}" if clash.ended_on else "(still active)"
        raise CensusChildRefused(
            f"The {what} overlaps the plan the service already holds from "
            f"{long_date(clash.started_on)} {ends}."
        )
    link = held_conference(child, planned.start, INITIAL_KINDS)
    conference = (
        link.conference
        if link is not None
        else write_conference(
            child, planned.start, kind=ConferenceKind.INITIAL, by=by, changes=changes
        )
    )
    before = len(changes.created)
    review_conferences = [
        write_conference(child, day, kind=ConferenceKind.REVIEW, by=by, changes=changes)
        for day in planned.reviews
    ]
    added_reviews = len(changes.created) - before  # a later year's return adds its reviews
    plan = (
        ChildProtectionPlan.objects.select_for_update()
        .filter(child=child, started_on=planned.start)
        .exclude(status=PlanStatus.INTERIM)
        .first()
    )
    if plan is None:
        return _create_plan(child, planned, conference, review_conferences, by=by, changes=changes)
    updates = []
    if planned.latest_category != plan.category:
        on = planned.reviews[-1] if planned.reviews else timezone.localdate()
        record_category_change(
            plan,
            to_category=planned.latest_category,
            on=on,
            conference=review_conferences[-1] if review_conferences else conference,
            by=by,
        )
        plan.category = planned.latest_category
        updates.append("its latest category")
    if added_reviews:
        plan.reviews_held += added_reviews
        updates.append(f"{added_reviews} review{'s' if added_reviews > 1 else ''} added")
    if planned.end and plan.ended_on != planned.end:
        plan.status, plan.ended_on = PlanStatus.ENDED, planned.end
        updates.append(f"ended on {long_date(planned.end)}")
    if not updates:
        changes.unchanged.append(what)
        return plan
    save_as(plan, by=by, reason=REASON)
    if plan.status == PlanStatus.ENDED:
        _stop_clocks(plan, by=by)
    elif added_reviews:
        _move_review_clock(plan, planned.reviews[-1])
    changes.updated.append(f"{what}: {', '.join(updates)}")
    return plan


def _create_plan(
    child, planned, conference, review_conferences, *, by, changes
) -> ChildProtectionPlan:
    plan = ChildProtectionPlan(
        child=child,
        started_on=planned.start,
        started_by_conference=conference,
        category=planned.latest_category,
        status=PlanStatus.ENDED if planned.end else PlanStatus.ACTIVE,
        ended_on=planned.end,
        is_subsequent=planned.previous_plans > 0,
        previous_plans_from_census=planned.previous_plans,
        reviews_held=len(planned.reviews),
        created_by=by,
    )
    save_as(plan, by=by, reason=REASON)
    save_as(
        PlanCategoryChange(
            plan=plan,
            to_category=planned.initial_category,
            conference=conference,
            changed_on=planned.start,
            recorded_by=by,
        ),
        by=by,
        reason=REASON,
    )
    if planned.latest_category != planned.initial_category:
        plan.category = planned.initial_category  # the change records from and to
        record_category_change(
            plan,
            to_category=planned.latest_category,
            on=planned.reviews[-1] if planned.reviews else planned.start,
            conference=review_conferences[-1] if review_conferences else conference,
            by=by,
        )
        plan.category = planned.latest_category
    if plan.status == PlanStatus.ACTIVE:
        _start_clocks(plan, planned.reviews)
    state = f"ended {long_date(planned.end)}" if planned.end else "active"
    changes.created.append(f"Child protection plan from {long_date(planned.start)} ({state})")
    return plan
