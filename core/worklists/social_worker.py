"""The social worker's list: the children they are lead social worker for, each with its next
deadline, conference, core group meeting and visit."""

from django.db.models import F, OuterRef, Subquery
from django.urls import reverse

from children.selectors import children_visible_to
from conferences.models import ConferenceChild, ConferenceStatus
from core.links import url_maker
from core.templatetags.govuk import govuk_date, govuk_datetime
from coreGroups.models import CoreGroupMeeting, MeetingStatus
from plans.models import CURRENT_PLAN_STATUSES, ChildProtectionPlan, PlanStatus
from timescales.models import LIVE_STATUSES, Deadline, RuleCode
from timescales.presenters import RULE_NAMES

from ._common import (
    _DUE_FIELDS,
    LIMIT,
    WorkItem,
    WorkList,
    _due,
    _legal_name,
    _start_of_today,
    _trim,
)


def _first(queryset, value: str):
    return Subquery(queryset.values(value)[:1])


def _next_conferences(child_ids: list[int], now) -> dict[int, tuple]:
    """{child id: (conference id, starts at)} of each child's next booked conference, for the
    children shown only: one query for the 20 children on the list (issue 25).

    It reads every conference of those children and keeps the booked ones to come here. With
    the conference's status and time in the query, PostgreSQL misjudged how many booked
    conferences are to come (status and time go together) and scanned all of them, 7 ms at
    100,000 children; a child has a handful of conferences, found by the child's index."""
    start = _start_of_today(now)
    conferences = (
        ConferenceChild.objects.filter(child__in=child_ids)
        .order_by("conference__starts_at", "conference_id")
        .values_list(
            "child_id",
            "conference_id",
            "conference__starts_at",
            "conference__status",
            "conference__started_at",
        )
    )
    found: dict[int, tuple] = {}
    for child_id, conference_id, starts_at, status, started_at in conferences:
        booked_to_come = (
            status == ConferenceStatus.BOOKED
            and started_at is None
            and starts_at is not None
            and starts_at >= start
        )
        if booked_to_come:
            found.setdefault(child_id, (conference_id, starts_at))
    return found


def _live_deadlines(child_ids: list[int]) -> tuple[dict, dict]:
    """({child id: next live deadline}, {child id: when the next visit is due}) for the children
    shown, from one read of their live deadlines, soonest first. Each row has the columns _due
    reads."""
    rows = (
        Deadline.objects.filter(child__in=child_ids, status__in=LIVE_STATUSES)
        .order_by("due_at", "pk")
        .values_list("child_id", "pk", *_DUE_FIELDS, named=True)
    )
    next_deadline: dict = {}
    next_visit: dict = {}
    for row in rows:
        next_deadline.setdefault(row.child_id, row)
        if row.rule == RuleCode.VISIT:
            next_visit.setdefault(row.child_id, row.due_on)
    return next_deadline, next_visit


def _current_plans(child_ids: list[int], now) -> dict[int, tuple]:
    """{child id: (plan id, plan status, next core group meeting id, when)} of the current plan
    of each child shown, and the plan's next planned meeting from today. One query, by the
    children's ids: joined to the list of children, PostgreSQL hashed every current plan of
    the authority (5 ms at 100,000 children) to keep twenty (issue 25)."""
    meeting = CoreGroupMeeting.objects.filter(
        plan=OuterRef("pk"),
        status=MeetingStatus.PLANNED,
        held_at__gte=_start_of_today(now),
    ).order_by("held_at")
    return {
        child_id: (plan_id, status, meeting_id, meeting_at)
        for child_id, plan_id, status, meeting_id, meeting_at in ChildProtectionPlan.objects.filter(
            child__in=child_ids, status__in=CURRENT_PLAN_STATUSES
        )
        .annotate(next_meeting_id=_first(meeting, "pk"), next_meeting_at=_first(meeting, "held_at"))
        .order_by()
        .values_list("child_id", "pk", "status", "next_meeting_id", "next_meeting_at")
    }


def your_children(user, now) -> WorkList:
    """The children the user is lead social worker for: the next deadline of each (most urgent
    first), and the next conference, core group meeting and visit due. Four queries.

    The children's query asks only what orders them (the next deadline's due time); the current
    plans with their next meetings, the deadlines and the conferences are read for the children
    shown. Each subquery costs about as much Python to build as a query of its own (issue 25)."""
    live = Deadline.objects.filter(child=OuterRef("pk"), status__in=LIVE_STATUSES).order_by(
        "due_at"
    )
    children = list(
        children_visible_to(user)
        .filter(lead_social_worker=user)
        .annotate(next_due_at=_first(live, "due_at"))
        .order_by(F("next_due_at").asc(nulls_last=True), "legal_surname", "pk")
        .values_list("pk", "is_unborn", "legal_forename", "legal_surname", named=True)[: LIMIT + 1]
    )
    children, more = _trim(children)
    child_ids = [child.pk for child in children]
    plans = _current_plans(child_ids, now) if child_ids else {}
    deadlines, visits = _live_deadlines(child_ids)
    conferences = _next_conferences(child_ids, now)
    deadline_url = url_maker("timescales:deadline-detail")
    conference_url = url_maker("conferences:conference")
    meeting_url = url_maker("coreGroups:meeting")
    plan_url = url_maker("plans:detail")
    child_url = url_maker("children:detail")
    items = []
    for child in children:
        deadline = deadlines.get(child.pk)
        due, overdue = _due(deadline, now)
        plan_id, plan_status, meeting_id, meeting_at = plans.get(child.pk, (None,) * 4)
        # A core group meets under an active plan only.
        meeting_id = meeting_id if plan_status == PlanStatus.ACTIVE else None
        details = []
        if deadline is not None:
            rule_name = RULE_NAMES.get(deadline.rule, deadline.rule)
            details.append(f"Next deadline: {rule_name}")
        next_conference_id, next_conference_at = conferences.get(child.pk, (None, None))
        if next_conference_at:
            details.append(f"Conference: {govuk_datetime(next_conference_at)}")
        if meeting_id:
            details.append(f"Core group: {govuk_datetime(meeting_at)}")
        visit_due_on = visits.get(child.pk)
        if visit_due_on:
            details.append(f"Visit due by {govuk_date(visit_due_on)}")
        if plan_status == PlanStatus.INTERIM:
            details.append("On an interim plan: the initial conference is adjourned")
        links = []
        if deadline is not None:
            links.append((f"Deadline: {rule_name}", deadline_url(deadline.pk)))
        if next_conference_id:
            links.append(("Conference", conference_url(next_conference_id)))
        if meeting_id:
            links.append(("Core group meeting", meeting_url(meeting_id)))
        if plan_id:
            links.append(("Plan", plan_url(plan_id)))
        items.append(
            WorkItem(
                text=_legal_name(child.is_unborn, child.legal_forename, child.legal_surname),
                href=child_url(child.pk),
                details=details or ["Nothing due"],
                due=due,
                overdue=overdue,
                links=links,
            )
        )
    return WorkList(
        "your-children",
        "Your children",
        items,
        "You are not the lead social worker for any child.",
        more,
        reverse("children:search"),
        "Find a child",
    )
