"""The social worker's list: the children they are lead social worker for, each with its next
deadline, conference, core group meeting and visit."""

from django.db.models import F, OuterRef, Subquery
from django.urls import reverse

from children.selectors import children_visible_to
from conferences.models import ConferenceChild, ConferenceStatus
from core.links import url_maker
from core.templatetags.govuk import govuk_date, govuk_datetime
from coreGroups.models import CoreGroupMeeting, MeetingStatus
from plans.models import ChildProtectionPlan, PlanStatus
from timescales.models import LIVE_STATUSES, Deadline, RuleCode

from ._common import (
    _DUE_FIELDS,
    LIMIT,
    RULE_NAMES,
    WorkItem,
    WorkList,
    _due,
    _start_of_today,
    _trim,
)


def _first(queryset, value: str):
    return Subquery(queryset.values(value)[:1])


def _next_conferences(child_ids: list[int], now) -> dict[int, tuple]:
    """{child id: (conference id, starts at)} of each child's next booked conference, for the
    children shown only. Asked as a subquery of each child's row, PostgreSQL scanned every
    booked conference to come for each child (issue 25: 50 of the list's 63 ms at 10,000
    children, growing with the authority); for the 20 children on the list it is one query."""
    upcoming = (
        ConferenceChild.objects.filter(
            child__in=child_ids,
            conference__status=ConferenceStatus.BOOKED,
            conference__starts_at__gte=_start_of_today(now),
            conference__started_at__isnull=True,
        )
        .order_by("conference__starts_at", "conference_id")
        .values_list("child_id", "conference_id", "conference__starts_at")
    )
    found: dict[int, tuple] = {}
    for child_id, conference_id, starts_at in upcoming:
        found.setdefault(child_id, (conference_id, starts_at))
    return found


def your_children(user, now) -> WorkList:
    """The children the user is lead social worker for: the next deadline of each (most urgent
    first), and the next conference, core group meeting and visit due. Three queries."""
    live = Deadline.objects.filter(child=OuterRef("pk"), status__in=LIVE_STATUSES).order_by(
        "due_at", "pk"
    )
    meeting = CoreGroupMeeting.objects.filter(
        plan__child=OuterRef("pk"),
        plan__status=PlanStatus.ACTIVE,
        status=MeetingStatus.PLANNED,
        held_at__gte=_start_of_today(now),
    ).order_by("held_at")
    visit = Deadline.objects.filter(
        child=OuterRef("pk"), rule=RuleCode.VISIT, status__in=LIVE_STATUSES
    ).order_by("due_at")
    plan = ChildProtectionPlan.objects.current().filter(child=OuterRef("pk"))
    children = list(
        children_visible_to(user)
        .filter(lead_social_worker=user)
        .only("is_unborn", "legal_forename", "legal_surname")
        .annotate(
            next_deadline_id=_first(live, "pk"),
            next_due_at=_first(live, "due_at"),
            next_meeting_id=_first(meeting, "pk"),
            next_meeting_at=_first(meeting, "held_at"),
            visit_due_on=_first(visit, "due_on"),
            plan_id=_first(plan, "pk"),
            plan_status=_first(plan, "status"),
        )
        .order_by(F("next_due_at").asc(nulls_last=True), "legal_surname", "pk")[: LIMIT + 1]
    )
    children, more = _trim(children)
    deadlines = Deadline.objects.only(*_DUE_FIELDS).in_bulk(
        [child.next_deadline_id for child in children if child.next_deadline_id]
    )
    conferences = _next_conferences([child.pk for child in children], now)
    deadline_url = url_maker("timescales:deadline-detail")
    conference_url = url_maker("conferences:conference")
    meeting_url = url_maker("coreGroups:meeting")
    plan_url = url_maker("plans:detail")
    child_url = url_maker("children:detail")
    items = []
    for child in children:
        deadline = deadlines.get(child.next_deadline_id)
        due, overdue = _due(deadline, now)
        details = []
        if deadline is not None:
            rule_name = RULE_NAMES.get(deadline.rule, deadline.rule)
            details.append(f"Next deadline: {rule_name}")
        next_conference_id, next_conference_at = conferences.get(child.pk, (None, None))
        if next_conference_at:
            details.append(f"Conference: {govuk_datetime(next_conference_at)}")
        if child.next_meeting_at:
            details.append(f"Core group: {govuk_datetime(child.next_meeting_at)}")
        if child.visit_due_on:
            details.append(f"Visit due by {govuk_date(child.visit_due_on)}")
        if child.plan_status == PlanStatus.INTERIM:
            details.append("On an interim plan: the initial conference is adjourned")
        links = []
        if deadline is not None:
            links.append((f"Deadline: {rule_name}", deadline_url(deadline.pk)))
        if next_conference_id:
            links.append(("Conference", conference_url(next_conference_id)))
        if child.next_meeting_id:
            links.append(("Core group meeting", meeting_url(child.next_meeting_id)))
        if child.plan_id:
            links.append(("Plan", plan_url(child.plan_id)))
        items.append(
            WorkItem(
                text=child.legal_name,
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
