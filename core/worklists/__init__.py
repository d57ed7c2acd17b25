"""The work waiting for each role, shown on the page each user lands on (ADR 30).

Each list is one or two queries whatever the size of the authority (subqueries and annotations, a
fixed prefetch, never a query per row), shows at most LIMIT rows (the oldest or most urgent first)
and links each row to the page where the work is done. Every list starts from the scoped reads of
the owning apps (`children_visible_to`, `conferences_visible_to`, `plans_visible_to`, the QAN scope),
so a child or conference the user may not see is never listed.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from children.selectors import (
    children_visible_to,
    strategy_discussions_awaiting_sign_off,
    visible_child_q,
)
from conferences.models import (
    ConferenceChild,
    ConferenceStatus,
    Invitation,
    InvitationReply,
)
from conferences.selectors import conferences_visible_to, requests_in_queue
from core.templatetags.govuk import govuk_date, govuk_datetime
from coreGroups.models import CoreGroupMeeting, MeetingStatus
from plans.models import ChildProtectionPlan, PlanStatus
from plans.selectors import plans_visible_to
from reports.models import (
    ConferenceMinutes,
    MinutesStatus,
    SocialWorkReport,
    SocialWorkReportStatus,
)
from timescales.dashboard import RESTRICTED_CHILD, qans_in_scope
from timescales.due_dates import due_date_text
from timescales.indicators import two_years_before
from timescales.models import LIVE_STATUSES, Deadline, QanStatus, RuleCode
from timescales.templatetags.timescales import due_of

LIMIT = 20
# Plans are shown to senior managers from three months before they reach two years.
LONG_PLAN_WARNING_MONTHS = 3


@dataclass
class WorkItem:
    text: str  # what the row is about, the link to where the work is done
    href: str
    details: list[str] = field(default_factory=list)
    due: str = ""  # "Overdue by 2 working days", "Due 3 March 2026, 4 working days left"
    overdue: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)  # further places to act


@dataclass
class WorkList:
    slug: str
    title: str
    items: list[WorkItem]
    empty: str  # what the page says when there is nothing to do
    more: bool = False  # more than LIMIT waiting: only the first are shown
    all_href: str = ""
    all_text: str = ""


def _trim(rows: list) -> tuple[list, bool]:
    return rows[:LIMIT], len(rows) > LIMIT


def _start_of_today(now: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time.min)
    )


def _due(deadline, now) -> tuple[str, bool]:
    if deadline is None:
        return "", False
    due = due_of(deadline, now)
    return due.text[0].upper() + due.text[1:], due.overdue


def _names(children) -> str:
    return ", ".join(child.legal_name for child in children) or RESTRICTED_CHILD


def _conference_when(conference) -> str:
    if conference.starts_at:
        return govuk_datetime(conference.starts_at)
    return "Not booked yet"


def _visible_deadlines(user):
    """Live deadlines of children the user may see (and those about no one child)."""
    return Deadline.objects.filter(status__in=LIVE_STATUSES).filter(
        Q(child__isnull=True) | visible_child_q(user)
    )


def _visible_conference_children():
    return Prefetch(
        "conference_children",
        queryset=ConferenceChild.objects.select_related("child").order_by(
            "child__date_of_birth", "pk"
        ),
    )


# --- Everyone who is given deadlines ------------------------------------------------------------


def your_deadlines(user, now) -> WorkList:
    rows = list(
        _visible_deadlines(user)
        .filter(responsible=user)
        .select_related("child")
        .order_by("due_at", "pk")[: LIMIT + 1]
    )
    rows, more = _trim(rows)
    items = []
    for deadline in rows:
        due, overdue = _due(deadline, now)
        items.append(
            WorkItem(
                text=deadline.get_rule_display(),
                href=reverse("timescales:deadline-detail", args=[deadline.pk]),
                details=[deadline.child.legal_name] if deadline.child_id else ["Several children"],
                due=due,
                overdue=overdue,
            )
        )
    return WorkList("your-deadlines", "Your deadlines", items, "You have no open deadlines.", more)


# --- Social worker ------------------------------------------------------------------------------


def _first(queryset, value: str):
    return Subquery(queryset.values(value)[:1])


def your_children(user, now) -> WorkList:
    """The children the user is lead social worker for: the next deadline of each (most urgent
    first), and the next conference, core group meeting and visit due. Two queries."""
    live = Deadline.objects.filter(child=OuterRef("pk"), status__in=LIVE_STATUSES).order_by(
        "due_at", "pk"
    )
    conference = ConferenceChild.objects.filter(
        child=OuterRef("pk"),
        conference__status=ConferenceStatus.BOOKED,
        conference__starts_at__gte=_start_of_today(now),
        conference__started_at__isnull=True,
    ).order_by("conference__starts_at")
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
        .annotate(
            next_deadline_id=_first(live, "pk"),
            next_due_at=_first(live, "due_at"),
            next_conference_id=_first(conference, "conference_id"),
            next_conference_at=_first(conference, "conference__starts_at"),
            next_meeting_id=_first(meeting, "pk"),
            next_meeting_at=_first(meeting, "held_at"),
            visit_due_on=_first(visit, "due_on"),
            plan_id=_first(plan, "pk"),
            plan_status=_first(plan, "status"),
        )
        .order_by(F("next_due_at").asc(nulls_last=True), "legal_surname", "pk")[: LIMIT + 1]
    )
    children, more = _trim(children)
    deadlines = Deadline.objects.in_bulk(
        [child.next_deadline_id for child in children if child.next_deadline_id]
    )
    items = []
    for child in children:
        deadline = deadlines.get(child.next_deadline_id)
        due, overdue = _due(deadline, now)
        details = []
        if deadline is not None:
            details.append(f"Next deadline: {deadline.get_rule_display()}")
        if child.next_conference_at:
            details.append(f"Conference: {govuk_datetime(child.next_conference_at)}")
        if child.next_meeting_at:
            details.append(f"Core group: {govuk_datetime(child.next_meeting_at)}")
        if child.visit_due_on:
            details.append(f"Visit due by {govuk_date(child.visit_due_on)}")
        if child.plan_status == PlanStatus.INTERIM:
            details.append("On an interim plan: the initial conference is adjourned")
        links = []
        if deadline is not None:
            links.append(
                (
                    f"Deadline: {deadline.get_rule_display()}",
                    reverse("timescales:deadline-detail", args=[deadline.pk]),
                )
            )
        if child.next_conference_id:
            links.append(
                ("Conference", reverse("conferences:conference", args=[child.next_conference_id]))
            )
        if child.next_meeting_id:
            links.append(
                ("Core group meeting", reverse("coreGroups:meeting", args=[child.next_meeting_id]))
            )
        if child.plan_id:
            links.append(("Plan", reverse("plans:detail", args=[child.plan_id])))
        items.append(
            WorkItem(
                text=child.legal_name,
                href=reverse("children:detail", args=[child.pk]),
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


# --- Team manager -------------------------------------------------------------------------------


def _managed(user, worker_field: str) -> Q:
    """Work of the user's team, or of the people they line manage."""
    condition = Q(**{f"{worker_field}__line_manager": user})
    if user.team_id:
        condition |= Q(**{f"{worker_field}__team": user.team_id})
    return condition


def strategy_records_to_sign_off(user, now) -> WorkList:
    discussions = list(
        strategy_discussions_awaiting_sign_off(user)
        .filter(_managed(user, "recorded_by"))
        .exclude(recorded_by=user)[: LIMIT + 1]
    )
    discussions, more = _trim(discussions)
    items = [
        WorkItem(
            text=f"Strategy discussion of {govuk_date(d.held_at)}",
            href=reverse("children:strategy-discussion", args=[d.pk]),
            details=[_names(d.children.all()), f"Recorded by {d.recorded_by.full_name}"],
        )
        for d in discussions
    ]
    return WorkList(
        "strategy-records",
        "Strategy discussion records to sign off",
        items,
        "No strategy discussion records from your team are waiting for you.",
        more,
        reverse("children:strategy-discussions-to-sign-off"),
        "All strategy discussion records to sign off",
    )


def social_work_reports_to_sign_off(user, now) -> WorkList:
    of_team = ConferenceChild.objects.filter(conference=OuterRef("conference_id")).filter(
        _managed(user, "child__lead_social_worker")
    )
    reports = list(
        SocialWorkReport.objects.filter(
            status=SocialWorkReportStatus.AWAITING_SIGN_OFF,
            conference__in=conferences_visible_to(user),
        )
        .filter(Exists(of_team))
        .select_related("conference", "author")
        .prefetch_related(
            Prefetch(
                "conference__conference_children",
                queryset=ConferenceChild.objects.select_related("child").order_by("pk"),
            )
        )
        .order_by("submitted_at", "pk")[: LIMIT + 1]
    )
    reports, more = _trim(reports)
    items = [
        WorkItem(
            text=f"Social work report for {report.conference.get_kind_display().lower()}",
            href=reverse("reports:conference", args=[report.conference_id]),
            details=[
                _names(link.child for link in report.conference.conference_children.all()),
                f"Written by {report.author.full_name}",
                f"Conference: {_conference_when(report.conference)}",
            ],
        )
        for report in reports
    ]
    return WorkList(
        "reports-to-sign-off",
        "Social work reports to sign off",
        items,
        "No social work reports are waiting for your sign-off.",
        more,
    )


def delays_to_sign_off(user, now) -> WorkList:
    deadlines = list(
        Deadline.objects.filter(delay_reason_signed_off_at__isnull=True)
        .exclude(delay_reason="")
        .exclude(responsible=user)
        .filter(Q(child__isnull=True) | visible_child_q(user))
        .filter(_managed(user, "responsible"))
        .select_related("child", "responsible")
        .order_by("due_at", "pk")[: LIMIT + 1]
    )
    deadlines, more = _trim(deadlines)
    items = [
        WorkItem(
            text=deadline.get_rule_display(),
            href=reverse("timescales:deadline-detail", args=[deadline.pk]),
            details=[
                deadline.child.legal_name if deadline.child_id else "Several children",
                f"Reason given by {deadline.responsible.full_name}"
                if deadline.responsible_id
                else "Reason given",
            ],
            due=f"Was due {govuk_date(deadline.due_on)}",
        )
        for deadline in deadlines
    ]
    return WorkList(
        "delays-to-sign-off",
        "Reasons for delay to sign off",
        items,
        "No reasons for delay are waiting for your sign-off.",
        more,
    )


# --- Managers and QA -----------------------------------------------------------------------------


def open_qans(user, now) -> WorkList:
    qans = list(
        qans_in_scope(user)
        .exclude(status=QanStatus.CLOSED)
        .filter(Q(child__isnull=True) | visible_child_q(user))
        .select_related("child", "responsible")
        .order_by("raised_at", "pk")[: LIMIT + 1]
    )
    qans, more = _trim(qans)
    items = [
        WorkItem(
            text=qan.reference,
            href=reverse("timescales:qan-detail", args=[qan.pk]),
            details=[
                qan.get_kind_display(),
                qan.child.legal_name if qan.child_id else "No child named",
                qan.get_status_display(),
            ],
            due=f"Raised {govuk_date(qan.raised_at)}",
        )
        for qan in qans
    ]
    return WorkList(
        "open-qans",
        "Quality Assurance notifications not closed",
        items,
        "No Quality Assurance notifications are waiting.",
        more,
        reverse("timescales:qan-inbox"),
        "All Quality Assurance notifications",
    )


def postponements_to_rebook(user, now) -> WorkList:
    """Postponements the service manager agreed that the conference service has not re-booked."""
    conferences = list(
        conferences_visible_to(user)
        .filter(status=ConferenceStatus.POSTPONED, change_agreed_by=user)
        .prefetch_related(_visible_conference_children())
        .order_by("changed_at", "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    items = [
        WorkItem(
            text=conference.get_kind_display(),
            href=reverse("conferences:conference", args=[conference.pk]),
            details=[
                _names(link.child for link in conference.conference_children.all()),
                f"Postponed {govuk_date(conference.changed_at)}" if conference.changed_at else "",
            ],
        )
        for conference in conferences
    ]
    return WorkList(
        "postponements",
        "Postponements you agreed, not yet re-booked",
        items,
        "Every postponement you agreed has been re-booked.",
        more,
    )


def _two_years_after(day: datetime.date) -> datetime.date:
    """When a plan started on `day` has lasted two years (1 March for one started on 29 February,
    as timescales.indicators counts it)."""
    try:
        return day.replace(year=day.year + 2)
    except ValueError:
        return datetime.date(day.year + 2, 3, 1)


def plans_reaching_two_years(user, now) -> WorkList:
    from timescales.calendar import add_months

    warn_from = two_years_before(add_months(timezone.localdate(now), LONG_PLAN_WARNING_MONTHS))
    plans = list(
        plans_visible_to(user)
        .filter(status=PlanStatus.ACTIVE, started_on__lte=warn_from)
        .select_related("child")
        .order_by("started_on", "pk")[: LIMIT + 1]
    )
    plans, more = _trim(plans)
    items = []
    for plan in plans:
        reaches = _two_years_after(plan.started_on)
        items.append(
            WorkItem(
                text=plan.child.legal_name,
                href=reverse("plans:detail", args=[plan.pk]),
                details=[plan.get_category_display(), f"Started {govuk_date(plan.started_on)}"],
                due=f"Two years on {govuk_date(reaches)}",
                overdue=reaches <= timezone.localdate(now),
            )
        )
    return WorkList(
        "long-plans",
        "Plans reaching 2 years",
        items,
        "No child's plan is within 3 months of lasting 2 years.",
        more,
    )


# --- Conference coordinator --------------------------------------------------------------------


def request_queue(user, now) -> WorkList:
    entries, more = _trim(requests_in_queue(user, limit=LIMIT + 1))
    items = []
    for entry in entries:
        names = [child.legal_name for child in entry.children]
        if entry.hidden_children:
            names.append(RESTRICTED_CHILD)
        due, overdue = _due(entry.icpc_due, now)
        items.append(
            WorkItem(
                text=", ".join(names) or RESTRICTED_CHILD,
                href=reverse("conferences:request", args=[entry.request.pk]),
                details=[
                    entry.request.get_conference_type_display(),
                    f"Sent {govuk_date(entry.request.sent_at)} by "
                    f"{entry.request.requested_by.full_name}",
                ],
                due=f"Conference {due[0].lower()}{due[1:]}" if due else "",
                overdue=overdue,
            )
        )
    return WorkList(
        "request-queue",
        "Requests waiting to be booked",
        items,
        "No conference requests are waiting.",
        more,
        reverse("conferences:request-queue"),
        "The whole request queue",
    )


def conferences_to_book(user, now) -> WorkList:
    conferences = list(
        conferences_visible_to(user)
        .filter(status__in=[ConferenceStatus.ALLOCATED, ConferenceStatus.POSTPONED])
        .select_related("chair")
        .prefetch_related(_visible_conference_children())
        .order_by("allocated_at", "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    items = [
        WorkItem(
            text=_names(link.child for link in conference.conference_children.all()),
            href=reverse("conferences:conference", args=[conference.pk]),
            details=[
                conference.get_kind_display(),
                conference.get_status_display(),
                f"Chair: {conference.chair.full_name}" if conference.chair_id else "No chair yet",
            ],
        )
        for conference in conferences
    ]
    return WorkList(
        "conferences-to-book",
        "Conferences to book or re-book",
        items,
        "Every conference with a chair is booked.",
        more,
    )


def reviews_to_book(user, now) -> WorkList:
    """Active plans whose next review conference is not booked (none yet, or postponed)."""
    booked = Q(next_review_conference__status__in=[ConferenceStatus.BOOKED, ConferenceStatus.HELD])
    plans = list(
        plans_visible_to(user)
        .filter(status=PlanStatus.ACTIVE)
        .exclude(booked)
        .select_related("child")
        .order_by(F("next_review_due").asc(nulls_last=True), "pk")[: LIMIT + 1]
    )
    plans, more = _trim(plans)
    today = timezone.localdate(now)
    items = [
        WorkItem(
            text=plan.child.legal_name,
            href=reverse("plans:detail", args=[plan.pk]),
            details=[plan.get_category_display(), f"Plan started {govuk_date(plan.started_on)}"],
            due=f"Review due by {due_date_text(plan.next_review_due)}"
            if plan.next_review_due
            else "",
            overdue=bool(plan.next_review_due and plan.next_review_due < today),
        )
        for plan in plans
    ]
    return WorkList(
        "reviews-to-book",
        "Review conferences not booked",
        items,
        "Every plan's next review conference is booked.",
        more,
    )


def transfer_ins_to_arrange(user, now) -> WorkList:
    """Children who moved in on another authority's plan whose transfer-in conference is not
    booked yet, the TRANSFER_IN due day first (one query)."""
    from django.contrib.contenttypes.models import ContentType

    from conferences.models import Conference, ConferenceKind
    from plans.models import TransferIn

    due = Deadline.objects.filter(
        rule=RuleCode.TRANSFER_IN,
        subject_type=ContentType.objects.get_for_model(TransferIn),
        subject_id=OuterRef("pk"),
        status__in=LIVE_STATUSES,
    )
    booked = Conference.objects.filter(
        kind=ConferenceKind.TRANSFER_IN,
        conference_children__child_id=OuterRef("child_id"),
        status=ConferenceStatus.BOOKED,
    )
    transfers = list(
        TransferIn.objects.filter(visible_child_q(user), conference__isnull=True)
        .exclude(Exists(booked))
        .annotate(due_on=Subquery(due.values("due_on")[:1]))
        .select_related("child")
        .order_by(F("due_on").asc(nulls_last=True), "pk")[: LIMIT + 1]
    )
    transfers, more = _trim(transfers)
    today = timezone.localdate(now)
    items = [
        WorkItem(
            text=transfer.child.legal_name,
            href=reverse("plans:transfer-in-detail", args=[transfer.pk]),
            details=[f"Moved from {transfer.previous_authority}"],
            due=f"Conference due by {govuk_date(transfer.due_on)}" if transfer.due_on else "",
            overdue=bool(transfer.due_on and transfer.due_on < today),
        )
        for transfer in transfers
    ]
    return WorkList(
        "transfer-ins-to-arrange",
        "Transfer-in conferences not booked",
        items,
        "No child who moved in is waiting for a transfer-in conference.",
        more,
    )


# --- Chair ---------------------------------------------------------------------------------------


def conferences_you_chair(user, now) -> WorkList:
    unread_agency = Count(
        "agency_reports", filter=Q(agency_reports__read_by_chair_at__isnull=True), distinct=True
    )
    unread_sw = SocialWorkReport.objects.filter(
        conference=OuterRef("pk"), sent_to_chair_at__isnull=False, read_by_chair_at__isnull=True
    )
    conferences = list(
        conferences_visible_to(user)
        .filter(
            Q(chair=user),
            Q(status__in=[ConferenceStatus.ALLOCATED, ConferenceStatus.POSTPONED])
            | Q(status=ConferenceStatus.BOOKED, starts_at__gte=_start_of_today(now)),
        )
        .annotate(unread_agency=unread_agency, unread_sw=Exists(unread_sw))
        .prefetch_related(_visible_conference_children())
        .order_by(F("starts_at").asc(nulls_last=True), "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    items = []
    for conference in conferences:
        unread = conference.unread_agency + (1 if conference.unread_sw else 0)
        links = []
        if unread:
            links.append(
                (
                    f"{unread} report{'s' if unread != 1 else ''} to read",
                    reverse("reports:conference", args=[conference.pk]),
                )
            )
        items.append(
            WorkItem(
                text=_names(link.child for link in conference.conference_children.all()),
                href=reverse("conferences:conference", args=[conference.pk]),
                details=[conference.get_kind_display(), conference.get_status_display()],
                due=_conference_when(conference),
                links=links,
            )
        )
    return WorkList(
        "conferences-you-chair",
        "Conferences you chair",
        items,
        "You have no conferences coming up.",
        more,
        reverse("reports:chair"),
        "Your conferences and their reports",
    )


def minutes_to_approve(user, now) -> WorkList:
    minutes = list(
        ConferenceMinutes.objects.filter(
            status=MinutesStatus.WITH_CHAIR,
            conference__chair=user,
            conference__in=conferences_visible_to(user),
        )
        .select_related("conference")
        .order_by("submitted_to_chair_at", "pk")[: LIMIT + 1]
    )
    minutes, more = _trim(minutes)
    items = [
        WorkItem(
            text=f"Minutes of the {m.conference.get_kind_display().lower()}",
            href=reverse("reports:minutes", args=[m.conference_id]),
            details=[f"Held {_conference_when(m.conference)}"],
            due=f"Sent to you {govuk_date(m.submitted_to_chair_at)}"
            if m.submitted_to_chair_at
            else "",
        )
        for m in minutes
    ]
    return WorkList(
        "minutes-to-approve",
        "Minutes to approve",
        items,
        "No minutes are waiting for your approval.",
        more,
    )


# --- Minute taker --------------------------------------------------------------------------------


def minutes_to_draft(user, now) -> WorkList:
    conferences = list(
        conferences_visible_to(user)
        .filter(minute_taker=user)
        .filter(Q(status=ConferenceStatus.HELD) | Q(started_at__isnull=False))
        .filter(Q(minutes__isnull=True) | Q(minutes__status=MinutesStatus.DRAFT))
        .select_related("minutes")
        .prefetch_related(_visible_conference_children())
        .order_by("starts_at", "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    items = []
    for conference in conferences:
        minutes = getattr(conference, "minutes", None)
        state, href = "Not started", reverse("reports:minutes", args=[conference.pk])
        if minutes is not None:
            state = "Returned by the chair" if minutes.returned_at else "Draft"
            href = reverse("reports:edit-minutes", args=[conference.pk])
        items.append(
            WorkItem(
                text=_names(link.child for link in conference.conference_children.all()),
                href=href,
                details=[conference.get_kind_display(), state],
                due=f"Held {_conference_when(conference)}",
            )
        )
    return WorkList(
        "minutes-to-draft", "Minutes to draft", items, "You have no minutes to draft.", more
    )


def conferences_you_minute(user, now) -> WorkList:
    conferences = list(
        conferences_visible_to(user)
        .filter(
            minute_taker=user,
            status=ConferenceStatus.BOOKED,
            starts_at__gte=_start_of_today(now),
            started_at__isnull=True,
        )
        .prefetch_related(_visible_conference_children())
        .order_by("starts_at", "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    items = [
        WorkItem(
            text=_names(link.child for link in conference.conference_children.all()),
            href=reverse("conferences:conference", args=[conference.pk]),
            details=[conference.get_kind_display()],
            due=_conference_when(conference),
        )
        for conference in conferences
    ]
    return WorkList(
        "conferences-you-minute",
        "Conferences you are minuting",
        items,
        "You have no conferences to minute coming up.",
        more,
    )


# --- Agency professional -------------------------------------------------------------------------


def _upcoming_invitations(user, now):
    return Invitation.objects.filter(
        user=user,
        is_active=True,
        conference__in=conferences_visible_to(user),
        conference__status=ConferenceStatus.BOOKED,
        conference__starts_at__gte=_start_of_today(now),
    ).select_related("conference")


def your_invitations(user, now) -> WorkList:
    invitations = list(
        _upcoming_invitations(user, now).order_by("conference__starts_at", "pk")[: LIMIT + 1]
    )
    invitations, more = _trim(invitations)
    items = []
    for invitation in invitations:
        links = []
        if invitation.reply == InvitationReply.AWAITING:
            links.append(("Reply", reverse("conferences:reply", args=[invitation.pk])))
        items.append(
            WorkItem(
                text=invitation.conference.get_kind_display(),
                href=reverse("conferences:conference", args=[invitation.conference_id]),
                details=[f"Your reply: {invitation.get_reply_display()}"],
                due=_conference_when(invitation.conference),
                links=links,
            )
        )
    return WorkList(
        "your-invitations",
        "Conferences you are invited to",
        items,
        "You have no invitations to conferences coming up.",
        more,
        reverse("conferences:invited"),
        "All your invitations",
    )


def reports_due(user, now) -> WorkList:
    """reports.worklists (issue 18 item 8: the children and the due date); imported here, not at
    the top, as it builds on this module."""
    from reports.worklists import reports_due as build

    return build(user, now)


def plans_ended_outside_conference(user, now) -> WorkList:
    """plans.worklists (issue 17); imported here, not at the top, as it builds on this module."""
    from plans.worklists import plans_ended_outside_conference as build

    return build(user, now)


# --- Adjournments and escalations (issue 17) ------------------------------------------------------


def adjournment_reports_to_send(user, now) -> WorkList:
    """Managers' reports the chair of an adjourned conference is waiting for from the user's
    agency (the user was at the conference or is invited to it)."""
    from conferences.models import AdjournmentReport, AdjournmentReportStatus, Attendance

    attended = Attendance.objects.filter(conference=OuterRef("conference_id"), user=user)
    invited = Invitation.objects.filter(
        conference=OuterRef("conference_id"), user=user, is_active=True
    )
    reports = list(
        AdjournmentReport.objects.filter(
            status=AdjournmentReportStatus.REQUESTED,
            agency_id=user.agency_id,
            conference__status=ConferenceStatus.BOOKED,
        )
        .filter(Exists(attended) | Exists(invited))
        .select_related("conference")
        .order_by("due_on", "pk")[: LIMIT + 1]
    )
    reports, more = _trim(reports)
    today = timezone.localdate(now)
    items = [
        WorkItem(
            text=f"Manager's report for the adjourned {report.conference.get_kind_display().lower()}",
            href=reverse("conferences:adjournment-report", args=[report.pk]),
            details=[f"Reconvenes by {govuk_date(report.conference.reconvene_by)}"],
            due=f"Due by {govuk_date(report.due_on)}",
            overdue=report.due_on < today,
        )
        for report in reports
    ]
    return WorkList(
        "adjournment-reports",
        "Managers' reports for adjourned conferences",
        items,
        "No adjourned conference is waiting for a report from your agency.",
        more,
    )


def escalations_to_review(user, now) -> WorkList:
    """Decisions escalated to senior managers, waiting for a review (before the first review)."""
    from conferences.models import DecisionEscalation, EscalationStatus

    escalations = list(
        DecisionEscalation.objects.filter(status=EscalationStatus.AWAITING_REVIEW)
        .filter(visible_child_q(user))
        .select_related("child")
        .order_by("due_on", "pk")[: LIMIT + 1]
    )
    escalations, more = _trim(escalations)
    today = timezone.localdate(now)
    items = [
        WorkItem(
            text=escalation.child.legal_name,
            href=reverse("conferences:escalation", args=[escalation.pk]),
            details=[escalation.get_reason_display()],
            due=f"Review by {govuk_date(escalation.due_on)}",
            overdue=escalation.due_on < today,
        )
        for escalation in escalations
    ]
    return WorkList(
        "escalations",
        "Escalated decisions to review",
        items,
        "No escalated decisions are waiting for a review.",
        more,
        reverse("conferences:escalations"),
        "All escalated decisions",
    )


# --- Which lists each role sees, in order -------------------------------------------------------

ROLE_WORKLISTS = {
    RoleCode.SOCIAL_WORKER: [your_children, your_deadlines],
    RoleCode.TEAM_MANAGER: [
        strategy_records_to_sign_off,
        social_work_reports_to_sign_off,
        delays_to_sign_off,
        open_qans,
        your_deadlines,
    ],
    RoleCode.SERVICE_MANAGER: [
        escalations_to_review,
        open_qans,
        postponements_to_rebook,
        delays_to_sign_off,
    ],
    RoleCode.HEAD_OF_SERVICE: [escalations_to_review, plans_reaching_two_years, open_qans],
    RoleCode.CONFERENCE_COORDINATOR: [
        request_queue,
        conferences_to_book,
        reviews_to_book,
        transfer_ins_to_arrange,
        your_deadlines,
    ],
    RoleCode.CHAIR: [conferences_you_chair, minutes_to_approve],
    RoleCode.MINUTE_TAKER: [minutes_to_draft, conferences_you_minute],
    RoleCode.QA_MANAGER: [open_qans, plans_reaching_two_years, plans_ended_outside_conference],
    RoleCode.AGENCY_PROFESSIONAL: [adjournment_reports_to_send, reports_due, your_invitations],
    RoleCode.ENQUIRER: [],
}


def work_lists_for(user, role: str, *, shown: set | None = None, now=None) -> list[WorkList]:
    """The role's lists, leaving out any already shown for another of the user's roles."""
    now = now or timezone.now()
    shown = shown if shown is not None else set()
    lists = []
    for build in ROLE_WORKLISTS.get(role, []):
        if build in shown:
            continue
        shown.add(build)
        lists.append(build(user, now))
    return lists


def register_work_list(role: str, build, *, before=None) -> None:
    """An app adds a list of its own to a role (from its AppConfig.ready), before another list
    or last; registering twice changes nothing."""
    lists = ROLE_WORKLISTS.setdefault(role, [])
    if build in lists:
        return
    lists.insert(lists.index(before) if before in lists else len(lists), build)
