"""The lists of managers and quality assurance: Quality Assurance notifications not closed (also
the team manager's), postponements the service manager agreed, decisions escalated to senior
managers, and plans reaching two years (head of service, QA manager)."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from children.selectors import visible_child_q
from conferences.models import ConferenceStatus, DecisionEscalation, EscalationStatus
from conferences.selectors import conferences_visible_to, may_open_conference_q
from core.templatetags.govuk import govuk_date
from plans.models import PlanStatus
from plans.selectors import plans_visible_to
from timescales.calendar import add_months
from timescales.dashboard import qans_in_scope
from timescales.indicators import two_years_before
from timescales.models import QanStatus

from ._common import LIMIT, WorkItem, WorkList, _names, _trim, _visible_conference_children

# Plans are shown to senior managers from three months before they reach two years.
LONG_PLAN_WARNING_MONTHS = 3


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


def _postponement_href(conference) -> str:
    """The conference's page if the user may open it; else (a service manager agrees postponements
    but may not open the conference: issue 24) its request, or its first child's record."""
    if conference.may_open:
        return reverse("conferences:conference", args=[conference.pk])
    if conference.request_id:
        return reverse("conferences:request", args=[conference.request_id])
    links = conference.conference_children.all()
    return reverse("children:detail", args=[links[0].child_id]) if links else ""


def postponements_to_rebook(user, now) -> WorkList:
    """Postponements the service manager agreed that the conference service has not re-booked."""
    conferences = list(
        conferences_visible_to(user)
        .filter(status=ConferenceStatus.POSTPONED, change_agreed_by=user)
        .annotate(may_open=Q(may_open_conference_q(user)))
        .prefetch_related(_visible_conference_children())
        .order_by("changed_at", "pk")[: LIMIT + 1]
    )
    conferences, more = _trim(conferences)
    items = [
        WorkItem(
            text=conference.get_kind_display(),
            href=_postponement_href(conference),
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


def escalations_to_review(user, now) -> WorkList:
    """Decisions escalated to senior managers, waiting for a review (before the first review)."""
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
