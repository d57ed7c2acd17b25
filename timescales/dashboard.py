"""Reads for the managers' timescales dashboard and the Quality Assurance notification pages.

`deadlines_in_scope(user)` and `qans_in_scope(user)` are the only places that decide which rows a
user sees, so narrowing to need-to-know later changes one function each. Every read here costs a
fixed number of queries whatever the number of rows: joins with select_related, counts in one
grouped query, and restricted children's names hidden by an annotation rather than a check per row.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.rules import is_qa_manager
from children.models import NamedAccess

from . import calendar
from .breakdowns import (
    BREAKDOWN_ROWS_SHOWN,
    Breakdown,
    Names,
    RuleCount,
    breakdowns_from,
    counted_groups,
    rule_totals,
    shown_people,
    tally,
    team_lookup,
)
from .breakdowns import breakdowns as tally_breakdowns
from .models import (
    LIVE_STATUSES,
    Deadline,
    DeadlineStatus,
    QanStatus,
    QualityAssuranceNotification,
)
from .rules import may_use_qan_inbox, may_view_dashboard

DUE_SOON_WORKING_DAYS = 5
PAGE_SIZE = 50
RESTRICTED_CHILD = "Restricted record"


class Show:
    OVERDUE_OR_DUE_SOON = "overdue_or_due_soon"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ALL = "all"
    CHOICES = [
        (OVERDUE_OR_DUE_SOON, f"Overdue or due in the next {DUE_SOON_WORKING_DAYS} working days"),
        (OVERDUE, "Overdue"),
        (DUE_SOON, f"Due in the next {DUE_SOON_WORKING_DAYS} working days"),
        (ALL, "All open"),
    ]


class Sort:
    MOST_OVERDUE = "most_overdue"
    SOONEST_DUE = "soonest_due"
    CHOICES = [
        (MOST_OVERDUE, "Most overdue first"),
        (SOONEST_DUE, "Due soonest first, overdue last"),
    ]


@dataclass(frozen=True)
class Window:
    """'Now' for one request, so every row and count is judged against the same moment."""

    now: datetime.datetime
    today: datetime.date
    due_soon_until: datetime.date

    @classmethod
    def at(cls, now: datetime.datetime | None = None) -> "Window":
        now = now or timezone.now()
        today = timezone.localdate(now)
        return cls(now, today, calendar.add_working_days(today, DUE_SOON_WORKING_DAYS))

    @property
    def overdue(self) -> Q:
        return Q(status=DeadlineStatus.BREACHED) | Q(due_at__lte=self.now)

    @property
    def due_soon(self) -> Q:
        return ~self.overdue & Q(due_on__lte=self.due_soon_until)

    @property
    def urgent(self) -> Q:
        """Overdue or due soon: `overdue | due_soon`, written as the due day alone. Whatever is
        overdue is due today or before (the database holds the two truths that make it so:
        Deadline's constraints), so a range of the due-day index finds them all (ADR 79)."""
        return Q(due_on__lte=self.due_soon_until)


def _child_hidden(user, child_field: str = "child"):
    """True for a restricted child the user is not named on: the row stays, the name does not."""
    named = NamedAccess.objects.filter(
        child=OuterRef(f"{child_field}_id"), user=user, revoked_at__isnull=True
    )
    return Case(
        When(Q(**{f"{child_field}__is_restricted": True}) & ~Exists(named), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


# --- Deadlines ----------------------------------------------------------------------------------


def deadlines_in_scope(user):
    """The live deadlines a dashboard viewer sees. First cut: the whole authority for every
    manager; the need-to-know issue narrows this (a team manager to their teams) here only."""
    if not may_view_dashboard(user):
        return Deadline.objects.none()
    return Deadline.objects.filter(status__in=LIVE_STATUSES)


def filter_deadlines(queryset, *, team=None, worker: str = "", chair: str = "", rule: str = ""):
    """`worker` and `chair` are all or part of a name, as typed in the filter."""
    if team is not None:
        queryset = queryset.filter(team=team)
    if worker:
        queryset = queryset.filter(responsible__full_name__icontains=worker.strip())
    if chair:
        queryset = queryset.filter(chair__full_name__icontains=chair.strip())
    if rule:
        queryset = queryset.filter(rule=rule)
    return queryset


def show_only(queryset, show: str, window: Window):
    if show == Show.OVERDUE:
        return queryset.filter(window.overdue)
    if show == Show.DUE_SOON:
        return queryset.filter(window.due_soon)
    if show == Show.OVERDUE_OR_DUE_SOON:
        return queryset.filter(window.urgent)
    return queryset


def sort_deadlines(queryset, sort: str, window: Window):
    """Most overdue first is the earliest due moment first. Soonest due puts what can still be
    done on time first and the overdue after it, most overdue first."""
    if sort == Sort.SOONEST_DUE:
        queryset = queryset.annotate(
            is_overdue=Case(When(window.overdue, then=Value(1)), default=Value(0))
        )
        return queryset.order_by("is_overdue", "due_at", "pk")
    return queryset.order_by("due_at", "pk")


# The columns of with_display's rows: the table's and the CSV's, and what due_of reads.
DISPLAY_FIELDS = (
    "rule",
    "due_on",
    "due_at",
    "status",
    "met_at",
    "child__is_unborn",
    "child__legal_forename",
    "child__legal_surname",
    "responsible__full_name",
    "team__name",
    "chair__full_name",
)


def with_display(queryset, user):
    """Everything the table, the due text and the CSV show, in the same query as the rows, and
    only that: the four joined tables' other columns cost time to read and to turn into objects."""
    return (
        queryset.select_related("child", "responsible", "team", "chair")
        .only(*DISPLAY_FIELDS)
        .annotate(child_hidden=_child_hidden(user))
    )


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, when the page has counted them already: at a
    regional authority's size each count of the live deadlines is a query worth saving."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


def breakdowns(queryset, window: Window, teams: dict | None = None) -> list[Breakdown]:
    """The breakdowns of `queryset` on their own (for their spreadsheets): the grouped query and
    the names of those it counted (timescales.breakdowns)."""
    groups = counted_groups(queryset, window)
    teams = team_lookup() if teams is None else teams
    return tally_breakdowns(groups, _names_for(groups, teams))


def _names_for(groups, teams, people=None) -> Names:
    """The names of the teams and the agencies counted, and of `people` (None: everyone)."""
    return Names.read(teams, {group[4] for group in groups}, people=people)


@dataclass
class Dashboard:
    window: Window
    counts: list[RuleCount]
    page: object  # a Django Page of deadlines
    total_overdue: int
    total_due_soon: int
    breakdowns: list[Breakdown] = field(default_factory=list)
    names: Names | None = None  # of the teams and people on the page's rows


# The columns of the dashboard's rows (timescales.presenters.dashboard_rows): the team's and
# people's names come from the names the breakdowns read, not from joins.
PAGE_FIELDS = (
    "rule",
    "due_on",
    "due_at",
    "status",
    "met_at",
    "responsible",
    "team",
    "chair",
    "child__is_unborn",
    "child__legal_forename",
    "child__legal_surname",
)


def dashboard_for(
    user,
    *,
    team=None,
    worker: str = "",
    chair: str = "",
    rule: str = "",
    show: str = Show.OVERDUE_OR_DUE_SOON,
    sort: str = Sort.MOST_OVERDUE,
    page_number=1,
    now=None,
    teams: dict | None = None,
) -> Dashboard:
    """The counts (of every filter but the overdue/due soon choice) and one page of rows: one
    grouped query for every number, one for the rows, one for the names (`teams`, from
    team_lookup, when the caller has read them already)."""
    window = Window.at(now)
    teams = team_lookup() if teams is None else teams
    filtered = filter_deadlines(
        deadlines_in_scope(user), team=team, worker=worker, chair=chair, rule=rule
    )
    count_live = show not in (Show.OVERDUE, Show.DUE_SOON, Show.OVERDUE_OR_DUE_SOON)
    groups = counted_groups(filtered, window, count_live=count_live)
    totals = rule_totals(groups, count_live=count_live)
    shown = {
        Show.OVERDUE: totals.overdue,
        Show.DUE_SOON: totals.due_soon,
        Show.OVERDUE_OR_DUE_SOON: totals.overdue + totals.due_soon,
    }.get(show, totals.live)
    rows = sort_deadlines(
        show_only(filtered, show, window)
        .select_related("child")
        .only(*PAGE_FIELDS)
        .annotate(child_hidden=_child_hidden(user)),
        sort,
        window,
    )
    page = CountedPaginator(rows, PAGE_SIZE, count=shown).get_page(page_number)
    page.object_list = list(page.object_list)
    # The names of the rows and of those the breakdowns show, not of everyone they count.
    tallies = tally(groups)
    people = shown_people(tallies)
    people.update(pk for row in page.object_list for pk in (row.responsible_id, row.chair_id))
    names = _names_for(groups, teams, people)
    return Dashboard(
        window=window,
        counts=totals.counts,
        page=page,
        total_overdue=totals.overdue,
        total_due_soon=totals.due_soon,
        breakdowns=breakdowns_from(tallies, names, limit=BREAKDOWN_ROWS_SHOWN),
        names=names,
    )


CSV_HEADER = [
    "Child",
    "Rule",
    "Due date",
    "Working days overdue",
    "Responsible",
    "Team",
    "Chair",
    "Status",
]


def working_days_overdue(deadline: Deadline, window: Window) -> int:
    """0 until it is overdue; then the working days since the due day."""
    overdue = deadline.status == DeadlineStatus.BREACHED or deadline.due_at <= window.now
    if not overdue:
        return 0
    return max(calendar.working_days_between(deadline.due_on, window.today), 0)


def _status_text(deadline: Deadline, window: Window) -> str:
    """As the status tag on the page: breached by the sweep, past due but not yet swept, or open."""
    if deadline.status == DeadlineStatus.BREACHED:
        return "Breached"
    return "Overdue" if deadline.due_at <= window.now else "Open"


def csv_rows(
    user,
    *,
    team=None,
    worker: str = "",
    chair: str = "",
    rule: str = "",
    show: str = Show.OVERDUE_OR_DUE_SOON,
    sort: str = Sort.MOST_OVERDUE,
    now=None,
):
    """Every row of the filtered dashboard (not just one page), as the CSV columns."""
    window = Window.at(now)
    filtered = filter_deadlines(
        deadlines_in_scope(user), team=team, worker=worker, chair=chair, rule=rule
    )
    rows = sort_deadlines(with_display(show_only(filtered, show, window), user), sort, window)
    for deadline in rows.iterator(chunk_size=2000):
        if deadline.child_id is None:
            child = ""
        elif deadline.child_hidden:
            child = RESTRICTED_CHILD
        else:
            child = deadline.child.legal_name
        overdue_by = working_days_overdue(deadline, window)
        yield [
            child,
            deadline.get_rule_display(),
            deadline.due_on.isoformat(),
            overdue_by,
            deadline.responsible.full_name if deadline.responsible else "",
            deadline.team.name if deadline.team else "",
            deadline.chair.full_name if deadline.chair else "",
            _status_text(deadline, window),
        ]


# --- Quality Assurance notifications --------------------------------------------------------------


class InboxStatus:
    NOT_CLOSED = "not_closed"
    ALL = "all"
    CHOICES = [
        (NOT_CLOSED, "Not closed"),
        (QanStatus.OPEN, QanStatus.OPEN.label),
        (QanStatus.ACKNOWLEDGED, QanStatus.ACKNOWLEDGED.label),
        (QanStatus.EXPLAINED, QanStatus.EXPLAINED.label),
        (QanStatus.CLOSED, QanStatus.CLOSED.label),
        (ALL, "All"),
    ]


def qans_in_scope(user):
    """The QA manager sees every notification; a manager those sent to them (as addressee, or
    as the service manager also told)."""
    if is_qa_manager(user):
        return QualityAssuranceNotification.objects.all()
    if may_use_qan_inbox(user):
        return QualityAssuranceNotification.objects.filter(
            Q(addressed_to=user) | Q(also_addressed_to=user)
        )
    return QualityAssuranceNotification.objects.none()


# The columns the inbox's table shows (timescales.presenters.qan_rows).
INBOX_FIELDS = (
    "kind",
    "rule",
    "status",
    "raised_at",
    "child__is_unborn",
    "child__legal_forename",
    "child__legal_surname",
    "responsible__full_name",
    "addressed_to__full_name",
)


def qan_inbox(user, *, status: str = InboxStatus.NOT_CLOSED, page_number=1):
    """One page of the user's notifications, newest first."""
    queryset = qans_in_scope(user)
    if status == InboxStatus.NOT_CLOSED:
        queryset = queryset.exclude(status=QanStatus.CLOSED)
    elif status in QanStatus.values:
        queryset = queryset.filter(status=status)
    queryset = (
        queryset.select_related("child", "responsible", "addressed_to")
        .only(*INBOX_FIELDS)
        .annotate(child_hidden=_child_hidden(user))
        .order_by("-raised_at", "-pk")
    )
    return Paginator(queryset, PAGE_SIZE).get_page(page_number)


def get_qan(user, pk) -> QualityAssuranceNotification:
    """One notification with everything its page shows, or Http404. Whether the user may see it
    is the view's check (a 403, so a manager knows it exists but is not theirs)."""
    qan = (
        QualityAssuranceNotification.objects.filter(pk=pk)
        .select_related(
            "child",
            "deadline",
            "responsible",
            "addressed_to",
            "also_addressed_to",
            "agency",
            "team",
            "raised_by",
            "acknowledged_by",
            "explained_by",
            "closed_by",
        )
        .annotate(child_hidden=_child_hidden(user))
        .first()
    )
    if qan is None:
        raise Http404("No Quality Assurance notification found")
    return qan


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str


_STATUS_EVENTS = {
    QanStatus.OPEN: "Reopened",
    QanStatus.ACKNOWLEDGED: "Acknowledged",
    QanStatus.EXPLAINED: "Explanation given",
    QanStatus.CLOSED: "Closed",
}
# Who took each step, from the row itself, for changes made outside a request (no history_user).
_STATUS_ACTOR = {
    QanStatus.ACKNOWLEDGED: "acknowledged_by_id",
    QanStatus.EXPLAINED: "explained_by_id",
    QanStatus.CLOSED: "closed_by_id",
}


def _describe(record, previous) -> tuple[str, int | None]:
    """What one history row changed, and the id of whoever the row itself says did it."""
    if previous is None or record.history_type == "+":
        return "Raised", record.raised_by_id
    if record.status != previous.status:
        return _STATUS_EVENTS[record.status], getattr(
            record, _STATUS_ACTOR.get(record.status, ""), None
        )
    if record.explanation != previous.explanation:
        return "Explanation changed", record.explained_by_id
    return "Details changed", None


def qan_history(qan: QualityAssuranceNotification) -> list[HistoryEntry]:
    """Who raised it and who moved it on, oldest first, from django-simple-history: two queries
    whatever the length of the history."""
    records = list(
        qan.history.select_related("history_user").order_by("history_date", "history_id")
    )
    described = []
    previous = None
    for record in records:
        what, actor_id = _describe(record, previous)
        described.append((record, what, actor_id))
        previous = record
    actor_ids = {actor_id for _, _, actor_id in described if actor_id}
    actors = User.objects.in_bulk(actor_ids) if actor_ids else {}
    entries = []
    for record, what, actor_id in described:
        if actor_id in actors:
            who = actors[actor_id].full_name
        elif what == "Raised":
            who = "The scheduler"  # raised_by is empty only when the service raised it itself
        elif record.history_user is not None:
            who = record.history_user.full_name
        else:
            who = "Not recorded"
        entries.append(HistoryEntry(record.history_date, who, what))
    return entries
