"""What the work lists share: the WorkList and WorkItem they return, LIMIT, and the small
helpers that trim a list, say when something is due and name a conference's children."""

import datetime
from collections import namedtuple
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from children.models import Child
from children.selectors import visible_child_q
from conferences.models import ConferenceChild, ConferenceKind, ConferenceStatus
from core.templatetags.govuk import govuk_datetime
from timescales.dashboard import RESTRICTED_CHILD
from timescales.models import LIVE_STATUSES, Deadline
from timescales.templatetags.timescales import due_of

LIMIT = 20


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


# What each kind and status of conference is called (get_kind_display without a lookup per row).
CONFERENCE_KINDS = dict(ConferenceKind.choices)
CONFERENCE_STATUSES = dict(ConferenceStatus.choices)


def _trim(rows: list) -> tuple[list, bool]:
    return rows[:LIMIT], len(rows) > LIMIT


def _start_of_today(now: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time.min)
    )


# The columns _due reads, for lists that load only what they show.
_DUE_FIELDS = ("rule", "status", "due_on", "due_at", "met_at")


def _due(deadline, now) -> tuple[str, bool]:
    if deadline is None:
        return "", False
    due = due_of(deadline, now)
    return due.text[0].upper() + due.text[1:], due.overdue


def _names(children) -> str:
    return ", ".join(child.legal_name for child in children) or RESTRICTED_CHILD


_ChildName = namedtuple("_ChildName", "is_unborn legal_forename legal_surname")


def _legal_name(is_unborn: bool, forename: str, surname: str) -> str:
    """Child.legal_name from the three columns a list read with values_list: the same rule
    without a Child instance per row."""
    return Child.legal_name.fget(_ChildName(is_unborn, forename, surname))


# The columns _child_name reads, as a list reads them with values_list(..., named=True).
CHILD_NAME_COLUMNS = ("child__is_unborn", "child__legal_forename", "child__legal_surname")


def _child_name(row) -> str:
    """The legal name of a values_list row's child (CHILD_NAME_COLUMNS)."""
    return _legal_name(row.child__is_unborn, row.child__legal_forename, row.child__legal_surname)


def _conference_when(conference) -> str:
    return _starts_when(conference.starts_at)


def _starts_when(starts_at) -> str:
    """When a conference starts, for a list read with values_list."""
    if starts_at:
        return govuk_datetime(starts_at)
    return "Not booked yet"


def _visible_deadlines(user):
    """Live deadlines of children the user may see (and those about no one child)."""
    return Deadline.objects.filter(status__in=LIVE_STATUSES).filter(
        Q(child__isnull=True) | visible_child_q(user)
    )


def _visible_conference_children():
    """Each conference's children, for _names: only the columns a name needs."""
    return Prefetch(
        "conference_children",
        queryset=ConferenceChild.objects.select_related("child")
        .only("conference", "child__is_unborn", "child__legal_forename", "child__legal_surname")
        .order_by("child__date_of_birth", "pk"),
    )


def _conference_names(conference_ids: list[int]) -> dict[int, str]:
    """{conference id: its children's names, as _names writes them} for the conferences shown,
    in one query of the three columns a name needs (the same children, in the same order, as
    _visible_conference_children, without a ConferenceChild and a Child per row)."""
    children: dict[int, list[str]] = {pk: [] for pk in conference_ids}
    for conference_id, is_unborn, forename, surname in (
        ConferenceChild.objects.filter(conference__in=conference_ids)
        .order_by("child__date_of_birth", "pk")
        .values_list(
            "conference_id", "child__is_unborn", "child__legal_forename", "child__legal_surname"
        )
    ):
        children[conference_id].append(_legal_name(is_unborn, forename, surname))
    return {pk: ", ".join(names) or RESTRICTED_CHILD for pk, names in children.items()}


def rows_when(condition: str):
    """Mark a list that is empty for most people most days with the condition (core.presence,
    with `{user}` for the user's id) under which it may have rows: a superset of its own filter.
    work_lists_for asks the conditions of a role's marked lists in one query and builds a list
    whose condition finds nothing with `empty=True`, which reads nothing (ADR 81)."""

    def mark(build):
        build.rows_when = condition
        return build

    return mark
