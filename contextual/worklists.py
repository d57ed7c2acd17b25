"""Contextual Safeguarding Conferences on the work lists (added with register_work_list) and the
conference service's page: requests to book, reviews to book, conferences to chair, and the
social worker's young people at a conference. Each list is one or two queries, starts from the
scoped reads (selectors) and links only to pages its role may open."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.links import url_maker
from core.templatetags.govuk import govuk_date, govuk_datetime
from core.worklists import LIMIT, WorkItem, WorkList, _due, _trim, rows_when
from core.worklists._common import _legal_name
from timescales.models import LIVE_STATUSES, Deadline, RuleCode

from .models import OPEN_STATUSES, ContextualSafeguardingPlan, CscKind, CscStatus
from .selectors import conferences_visible_to, plans_visible_to

REVIEW_RULES = (RuleCode.CSC_REVIEW, RuleCode.CSC_REVIEW_NEXT)


def _requests(user) -> list:
    return list(
        conferences_visible_to(user)
        .filter(status=CscStatus.REQUESTED)
        .select_related("child")
        .order_by("requested_at", "pk")[: LIMIT + 1]
    )


def _reviews_to_book(user) -> list:
    """Live review deadlines of active plans with no conference booked, soonest first."""
    plans = (
        plans_visible_to(user)
        .filter(status="active")
        .exclude(child__contextual_conferences__status__in=OPEN_STATUSES)
        .values("pk")
    )
    return list(
        Deadline.objects.filter(
            rule__in=REVIEW_RULES,
            subject_type=ContentType.objects.get_for_model(ContextualSafeguardingPlan),
            subject_id__in=plans,
            status__in=LIVE_STATUSES,
        )
        .select_related("child")
        .order_by("due_at", "pk")[: LIMIT + 1]
    )


def csc_to_book(user, now) -> WorkList:
    """The conference service's requests to book and reviews to book (three queries)."""
    requests, more = _trim(_requests(user))
    items = [
        WorkItem(
            text=conference.child.legal_name,
            href=reverse("contextual:book", args=[conference.pk]),
            details=[
                "Contextual Safeguarding Conference requested "
                + govuk_date(conference.requested_at),
                ", ".join(conference.harm_labels),
            ],
            links=[("Request", reverse("contextual:detail", args=[conference.pk]))],
        )
        for conference in requests
    ]
    reviews, more_reviews = _trim(_reviews_to_book(user))
    for deadline in reviews:
        due, overdue = _due(deadline, now)
        items.append(
            WorkItem(
                text=deadline.child.legal_name if deadline.child_id else "A young person",
                href=reverse("contextual:review-book", args=[deadline.subject_id]),
                details=[f"Book the {deadline.get_rule_display().lower()}"],
                due=due,
                overdue=overdue,
            )
        )
    return WorkList(
        "contextual-to-book",
        "Contextual Safeguarding Conferences to book",
        items,
        "No Contextual Safeguarding Conference is waiting to be booked.",
        more or more_reviews,
        all_href=reverse("contextual:queue"),
        all_text="All Contextual Safeguarding Conferences",
    )


# What each kind of conference is called (get_kind_display without a lookup per row).
CSC_KINDS = dict(CscKind.choices)

# The columns a row of the chair's and the social worker's lists shows.
_ROW_FIELDS = (
    "pk",
    "kind",
    "starts_at",
    "child__is_unborn",
    "child__legal_forename",
    "child__legal_surname",
)


def _rows(conferences, unbooked: str = "") -> list[WorkItem]:
    """The chair's and the social worker's rows: the young person, the kind of conference and
    when it is (or `unbooked` when it has no time yet)."""
    detail_url = url_maker("contextual:detail")
    return [
        WorkItem(
            text=_legal_name(is_unborn, forename, surname),
            href=detail_url(pk),
            details=[
                CSC_KINDS.get(kind, kind),
                govuk_datetime(starts_at) if starts_at else unbooked,
            ],
        )
        for pk, kind, starts_at, is_unborn, forename, surname in conferences
    ]


@rows_when(
    "SELECT 1 FROM {contextual.ContextualConference} x "
    "WHERE x.status = 'booked' AND x.chair_id = {user}"
)
def csc_you_chair(user, now, *, empty: bool = False) -> WorkList:
    """The chair's booked Contextual Safeguarding Conferences, soonest first. One query, of the
    columns shown (none when `empty`: rows_when)."""
    conferences, more = _trim(
        []
        if empty
        else list(
            conferences_visible_to(user)
            .filter(status=CscStatus.BOOKED, chair=user)
            .order_by("starts_at", "pk")
            .values_list(*_ROW_FIELDS)[: LIMIT + 1]
        )
    )
    return WorkList(
        "contextual-you-chair",
        "Contextual Safeguarding Conferences you chair",
        _rows(conferences),
        "You have no Contextual Safeguarding Conference booked.",
        more,
    )


@rows_when(
    "SELECT 1 FROM {contextual.ContextualConference} x JOIN {children.Child} c "
    "ON c.id = x.child_id WHERE x.status IN ('requested', 'booked') "
    "AND c.lead_social_worker_id = {user}"
)
def your_young_people_at_csc(user, now, *, empty: bool = False) -> WorkList:
    """The social worker's young people with a conference requested or booked. One query, of
    the columns shown (none when `empty`: rows_when)."""
    conferences, more = _trim(
        []
        if empty
        else list(
            conferences_visible_to(user)
            .filter(status__in=OPEN_STATUSES, child__lead_social_worker=user)
            .order_by("requested_at", "pk")
            .values_list(*_ROW_FIELDS)[: LIMIT + 1]
        )
    )
    return WorkList(
        "contextual-your-young-people",
        "Your young people at a Contextual Safeguarding Conference",
        _rows(conferences, "Waiting for the conference service to book it"),
        "None of your young people has a Contextual Safeguarding Conference requested or booked.",
        more,
    )


@dataclass
class QueuePage:
    requests: list
    booked: list
    reviews: list


def queue_page(user) -> QueuePage:
    return QueuePage(
        requests=_requests(user)[:LIMIT],
        booked=list(
            conferences_visible_to(user)
            .filter(status=CscStatus.BOOKED)
            .select_related("child", "chair")
            .order_by("starts_at", "pk")[:LIMIT]
        ),
        reviews=_reviews_to_book(user)[:LIMIT],
    )
