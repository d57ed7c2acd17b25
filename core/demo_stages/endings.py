"""Stages where a plan's question is settled: a plan ended at its first review with a step-down
Child in Need plan (the service manager agreeing, as an ending at the first review needs), and
a conference that reconvened after an adjournment with the professionals still split, so the
decision is escalated to the senior managers (the head of service's work list)."""

from django.utils import timezone
from faker import Faker

from conferences import services as conference_services
from plans.models import ChildProtectionPlan, PlanStatus
from timescales import calendar

from . import holding
from .clock import at, on, working_days_ago
from .families import People, exists, make_family
from .stages import _core_group, _through_booking, _visit, book_review

WHAT_CHANGED = (
    "The mother has finished the parenting programme and the child's school attendance is "
    "now 97%. The core group agrees the child is no longer at risk of significant harm."
)


def ended_plan(fake: Faker, who: People) -> None:
    """A child on a plan (emotional abuse) from an initial conference about three months ago,
    core groups and visits held, and ended at the first review five working days ago with a
    step-down Child in Need plan."""
    if exists(141):
        return
    family = make_family(fake, who, number=141, ages=(11,))
    held_on = _through_booking(
        fake,
        who,
        family,
        requested=70,
        held=62,
        concerns="The child told a teacher he is shouted at and called names every evening.",
    )
    with on(held_on, 10, 5):
        holding.start(who, family)
        holding.decide_plans(
            who,
            family,
            by_when=calendar.add_working_days(held_on, 30),
            category="emotional_abuse",
        )
    plan = ChildProtectionPlan.objects.get(child=family.children[0], status=PlanStatus.ACTIVE)
    for days_ago, score in ((54, 4), (26, 7)):
        _core_group(who, plan, held_on=working_days_ago(days_ago), score=score)
    for days_ago in (59, 50, 41, 32, 23, 14, 7):
        _visit(who, plan, visited_on=working_days_ago(days_ago))
    review_on = working_days_ago(5)
    with on(working_days_ago(20), 11):
        review = book_review(
            who,
            plan,
            starts_at=at(review_on, 13),
            online_link="https://meet.example/demo-review-ended",
            invite=True,
        )
    with on(review_on, 13, 5):
        review = holding.start_quorate(who, review)
        holding.proceed_without_inputs(who, review)
        for decision in conference_services.open_decisions(conference=review, by=who.chair):
            holding.give_views(who, decision, ("cin_plan",) * 3)
            conference_services.record_decision(
                decision=decision,
                by=who.chair,
                outcome="cin_plan",
                rationale=WHAT_CHANGED,
                service_manager_agreement=who.service_manager,
            )
            conference_services.finalise_decision(decision=decision, by=who.chair)


def escalated(fake: Faker, who: People) -> None:
    """An initial conference adjourned six working days ago on a split, reconvened two working
    days ago with the professionals still split: the child is on a plan and the decision waits
    for a senior manager's review."""
    if exists(171):
        return
    family = make_family(fake, who, number=171, ages=(3,))
    held_on = _through_booking(
        fake,
        who,
        family,
        requested=13,
        held=6,
        concerns="The child has lost weight and missed three health appointments.",
    )
    with on(held_on, 10, 5):
        holding.adjourn_on_split(
            who,
            family,
            reason=(
                "The professionals were split evenly. The chair asked the health visiting and "
                "police managers for brief reports."
            ),
        )
    with on(working_days_ago(2), 10):
        for decision in conference_services.open_decisions(
            conference=family.conference, by=who.chair
        ):
            by_when = calendar.add_working_days(timezone.localdate(), 20)
            holding.record_plan(who, decision, by_when=by_when)
            conference_services.finalise_decision(decision=decision, by=who.chair)


STAGES = [ended_plan, escalated]
