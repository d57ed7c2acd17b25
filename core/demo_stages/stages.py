"""The stages of the journey, each a demo family taken there through the services on the days
it would have happened (counted in working days back from today). Each stage is built once:
its first child's demo ID marks it as there, so loading the demo again changes nothing."""

from django.utils import timezone
from faker import Faker

from conferences import services as conference_services
from coreGroups import services as core_group_services
from coreGroups.models import AttendanceStatus
from plans.models import ActionStatus, ChildProtectionPlan, CoreGroupMember, PlanStatus
from reports import services as report_services
from timescales import calendar

from . import holding
from .clock import at, on, working_days_ago
from .families import (
    BASE_URL,
    Family,
    People,
    book,
    exists,
    make_family,
    send_request,
    to_conference_needed,
)


def _through_booking(fake, who, family, *, requested: int, held: int, concerns: str):
    """Strategy discussion `requested` + 1 working days ago, the request the next day, and the
    conference booked that afternoon for `held` working days ago (negative: ahead)."""
    discussion_day = working_days_ago(requested + 1)
    to_conference_needed(fake, who, family, on_day=discussion_day, concerns=concerns)
    send_request(who, family, on_day=working_days_ago(requested))
    held_on = (
        working_days_ago(held)
        if held >= 0
        else calendar.add_working_days(working_days_ago(0), -held)
    )
    book(who, family, on_day=working_days_ago(requested), starts_at=at(held_on, 10))
    return held_on


def ready_today(fake: Faker, who: People) -> None:
    """A conference ready to hold today at 2pm: booked and invited last week, the social work
    report signed off and sent to the chair."""
    if exists(101):
        return
    family = make_family(fake, who, number=101, ages=(6, 4))
    held_on = working_days_ago(0)
    to_conference_needed(
        fake,
        who,
        family,
        on_day=working_days_ago(8),
        concerns="The nursery saw a burn on the younger child's hand.",
    )
    send_request(who, family, on_day=working_days_ago(7))
    book(who, family, on_day=working_days_ago(7), starts_at=at(held_on, 14))
    with on(working_days_ago(4), 10):
        report = report_services.save_social_work_report(
            conference=family.conference,
            by=who.social_worker,
            recommendation="cp_plan",
            scaling_score=3,
            worries="A burn on the younger child's hand that the parents could not explain.",
            working_well="The mother takes the children to every appointment.",
            recommended_category="physical_abuse",
        )
        report_services.submit_for_sign_off(report=report, by=who.social_worker)
        report_services.sign_off_report(report=report, by=who.team_manager)


def minutes_being_drafted(fake: Faker, who: People) -> Family | None:
    """A conference held two working days ago that put the children on plans; the minute
    taker has started the minutes."""
    if exists(111):
        return None
    family = make_family(fake, who, number=111, ages=(9, 7))
    held_on = _through_booking(
        fake,
        who,
        family,
        requested=9,
        held=2,
        concerns="The children told their teacher their father hits their mother.",
    )
    with on(held_on, 10, 5):
        holding.start(who, family)
        holding.decide_plans(who, family, by_when=calendar.add_working_days(held_on, 20))
    with on(held_on, 15):
        report_services.start_minutes(conference=family.conference, by=who.minute_taker)
    return family


def adjourned(fake: Faker, who: People) -> None:
    """A conference held yesterday and adjourned on a split: the child is on an interim plan
    until it reconvenes within 5 working days."""
    if exists(121):
        return
    family = make_family(fake, who, number=121, ages=(5,))
    held_on = _through_booking(
        fake,
        who,
        family,
        requested=8,
        held=1,
        concerns="The child was left alone at home at night.",
    )
    with on(held_on, 10, 5):
        holding.adjourn_on_split(
            who,
            family,
            reason=(
                "The professionals were split evenly between a child protection plan and a "
                "child in need plan. The chair asked the agencies' managers for brief reports."
            ),
        )


def _core_group(who: People, plan, *, held_on, score: int):
    with on(held_on, 14):
        meeting = core_group_services.plan_meeting(
            plan=plan, held_at=at(held_on, 10), by=who.social_worker
        )
        core_group_services.record_meeting(
            meeting=meeting,
            by=who.social_worker,
            decisions="Keep going with the plan; the next core group in six weeks.",
            attendance=[
                {"member": member, "status": AttendanceStatus.ATTENDED}
                for member in CoreGroupMember.objects.filter(plan=plan, is_active=True)
            ],
            progress=[
                {"action": action, "status": ActionStatus.IN_PROGRESS}
                for action in plan.actions.all()
            ],
            scaling=[
                {"danger_statement": statement, "score": score}
                for statement in plan.danger_statements.filter(is_active=True)
            ],
        )


def _visit(who: People, plan, *, visited_on):
    with on(visited_on, 16):
        core_group_services.record_visit(
            plan=plan,
            by=who.social_worker,
            visited_on=visited_on,
            child_seen=True,
            seen_alone=True,
            notes="Seen at home. Her room was clean and there was food in the house.",
        )


def book_review(who: People, plan, *, starts_at, online_link: str, invite: bool = False):
    """The coordinator schedules the plan's review, gives it the chair and books it online
    (and sends the invitations when `invite`)."""
    review = conference_services.schedule_review_conference(plan=plan, by=who.coordinator)
    conference_services.allocate_review_chair(
        conference=review, chair=who.chair, by=who.coordinator
    )
    review = conference_services.book_conference(
        conference=review,
        starts_at=starts_at,
        online_link=online_link,
        minute_taker=who.minute_taker,
        by=who.coordinator,
    )
    if invite:
        conference_services.send_invitations(
            conference=review, by=who.coordinator, base_url=BASE_URL
        )
    return review


def active_plan(fake: Faker, who: People) -> None:
    """A child on a plan since an initial conference about three months ago: core groups held,
    visits every couple of weeks, and the first review booked for next week."""
    if exists(131):
        return
    family = make_family(fake, who, number=131, ages=(7,))
    held_on = _through_booking(
        fake, who, family, requested=66, held=58, concerns="The school is worried about neglect."
    )
    with on(held_on, 10, 5):
        holding.start(who, family)
        holding.decide_plans(who, family, by_when=calendar.add_working_days(held_on, 30))
    plan = ChildProtectionPlan.objects.get(child=family.children[0], status=PlanStatus.ACTIVE)
    for days_ago, score in ((50, 3), (22, 5)):
        _core_group(who, plan, held_on=working_days_ago(days_ago), score=score)
    for days_ago in (55, 46, 37, 28, 19, 10, 2):
        _visit(who, plan, visited_on=working_days_ago(days_ago))
    with on(working_days_ago(12), 11):
        book_review(
            who,
            plan,
            starts_at=at(calendar.add_working_days(timezone.localdate(), 17), 13),
            online_link="https://meet.example/demo-review",
        )


STAGES = [ready_today, minutes_being_drafted, adjourned, active_plan]
