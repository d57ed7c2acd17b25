"""A child's protection history written straight to the tables, at any dates: a strategy
discussion and Section 47 enquiry, the initial conference held, the plan it started, review
conferences, the plan's end. For the statutory returns and the plan-list enquiries, which only
read these records. Synthetic data only."""

import datetime
import itertools

from django.utils import timezone

from children.models import (
    S47Enquiry,
    S47Outcome,
    StrategyDecision,
    StrategyDiscussion,
    StrategyDiscussionChild,
)
from conferences.models import Conference, ConferenceChild, ConferenceKind, ConferenceStatus
from plans.models import ChildProtectionPlan, PlanCategory, PlanCategoryChange, PlanStatus


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def s47_enquiry(*, child, by, started_on, outcome=S47Outcome.CONFERENCE_NEEDED, concluded_on=None):
    """A strategy discussion on `started_on` that opened a Section 47 enquiry, concluded with
    `outcome` (empty: still open)."""
    discussion = StrategyDiscussion.objects.create(
        held_at=at(started_on),
        concerns="Bruising seen at school.",
        decision=StrategyDecision.S47,
        recorded_by=by,
    )
    StrategyDiscussionChild.objects.create(discussion=discussion, child=child)
    return S47Enquiry.objects.create(
        child=child,
        strategy_discussion=discussion,
        started_on=started_on,
        outcome=outcome,
        concluded_on=(concluded_on or started_on + datetime.timedelta(days=7)) if outcome else None,
        outcome_recorded_by=by if outcome else None,
    )


# Conferences written here take 25-minute slots through the day, so one chair can hold many on
# the same day without breaking PostgreSQL's no-double-booking constraint (ADR 23).
_slots = itertools.count()


def held_conference_on(*, child, on, chair, kind=ConferenceKind.INITIAL, enquiry=None):
    starts_at = at(on, 0) + datetime.timedelta(minutes=30 * (1 + next(_slots) % 46))
    conference = Conference.objects.create(
        kind=kind,
        status=ConferenceStatus.HELD,
        chair=chair,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=25),
        online_link="https://meet.example/conference",
    )
    ConferenceChild.objects.create(conference=conference, child=child, enquiry=enquiry)
    return conference


def plan_on(
    *,
    child,
    conference,
    category=PlanCategory.NEGLECT,
    started_on=None,
    ended_on=None,
    initial_category=None,
):
    """A child protection plan started by `conference` (ended on `ended_on` if given). With
    `initial_category`, the plan started in that category and a review changed it."""
    started_on = started_on or timezone.localdate(conference.starts_at)
    plan = ChildProtectionPlan.objects.create(
        child=child,
        started_on=started_on,
        started_by_conference=conference,
        category=category,
        status=PlanStatus.ENDED if ended_on else PlanStatus.ACTIVE,
        ended_on=ended_on,
    )
    PlanCategoryChange.objects.create(
        plan=plan,
        to_category=initial_category or category,
        conference=conference,
        changed_on=started_on,
    )
    if initial_category and initial_category != category:
        PlanCategoryChange.objects.create(
            plan=plan,
            from_category=initial_category,
            to_category=category,
            conference=conference,
            changed_on=started_on + datetime.timedelta(days=87),
        )
    return plan


def plan_with_history(*, child, by, chair, s47_on, icpc_on, reviews=(), ended_on=None, **plan):
    """S47, the initial conference held on `icpc_on` and the plan it started, then reviews."""
    enquiry = s47_enquiry(child=child, by=by, started_on=s47_on)
    icpc = held_conference_on(child=child, on=icpc_on, chair=chair, enquiry=enquiry)
    result = plan_on(child=child, conference=icpc, ended_on=ended_on, **plan)
    for day in reviews:
        held_conference_on(child=child, on=day, chair=chair, kind=ConferenceKind.REVIEW)
    return result
