"""The rows the dashboard and the QAN inbox show, built once in Python with their text and links
ready, so the templates do no lookups, filters, tags or URL reversing per row (issue 25)."""

from dataclasses import dataclass

from django.utils import timezone

from core.links import url_maker
from core.templatetags.govuk import govuk_date

from .models import QanKind, QanStatus, RuleCode
from .templatetags.timescales import due_of, qan_status_colour

# What each rule is called (Deadline.get_rule_display without its lookup per row).
RULE_NAMES = dict(RuleCode.choices)


def capfirst(text: str) -> str:
    """As the capfirst filter: the first letter in upper case."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class DeadlineRow:
    """One row of a page's timescales table (templates/fragments/deadline_rows_table.jinja)."""

    url: str
    rule: str
    child_id: int | None
    child_hidden: bool  # a restricted child the viewer is not named on: "Restricted record"
    child_url: str
    child_name: str
    due_text: str  # capitalised, as the table starts a cell with it
    overdue: bool
    due_on: str
    status_text: str
    status_colour: str
    responsible_id: int | None
    responsible: str


class DeadlineRows:
    """Builds a table's rows with one "now" and each URL pattern reversed once."""

    def __init__(self, now=None):
        self.now = now or timezone.now()
        self.detail_url = url_maker("timescales:deadline-detail")
        self.child_url = url_maker("children:detail")

    def row(self, deadline, *, child_name: str, responsible: str, row_class=None, **more):
        """`deadline` has the columns due_of reads, pk, rule, child_id and responsible_id.
        A table with more columns names its own row class (a DeadlineRow) and their values."""
        due = due_of(deadline, self.now)
        hidden = bool(getattr(deadline, "child_hidden", False))
        return (row_class or DeadlineRow)(
            url=self.detail_url(deadline.pk),
            rule=RULE_NAMES.get(deadline.rule, deadline.rule),
            child_id=deadline.child_id,
            child_hidden=hidden,
            child_url=self.child_url(deadline.child_id) if deadline.child_id else "",
            child_name="" if hidden else child_name,
            due_text=capfirst(due.text),
            overdue=due.overdue,
            due_on=govuk_date(deadline.due_on),
            status_text=due.status_text,
            status_colour=due.status_colour,
            responsible_id=deadline.responsible_id,
            responsible=responsible,
            **more,
        )


def deadline_rows(deadlines, now=None) -> list[DeadlineRow]:
    """The rows of a timescales table of Deadline objects (their child and responsible person
    read with them, or not at all when the table needs none)."""
    build = DeadlineRows(now)
    return [
        build.row(
            deadline,
            child_name=deadline.child.legal_name
            if deadline.child_id and not getattr(deadline, "child_hidden", False)
            else "",
            responsible=deadline.responsible.full_name if deadline.responsible_id else "",
        )
        for deadline in deadlines
    ]


@dataclass(frozen=True)
class DashboardRow(DeadlineRow):
    """One row of the dashboard's deadlines table: a timescales row with its team and chair."""

    team_id: int | None
    team: str
    chair_id: int | None
    chair: str


def dashboard_rows(deadlines, now, names) -> list[DashboardRow]:
    """The rows of one page of timescales.dashboard.dashboard_for's deadlines, with the names of
    their teams and people from `names` (timescales.breakdowns.Names)."""
    build = DeadlineRows(now)
    return [
        build.row(
            deadline,
            child_name=deadline.child.legal_name if deadline.child_id else "",
            responsible=names.person(deadline.responsible_id),
            row_class=DashboardRow,
            team_id=deadline.team_id,
            team=names.team(deadline.team_id),
            chair_id=deadline.chair_id,
            chair=names.person(deadline.chair_id),
        )
        for deadline in deadlines
    ]


# What each kind and status of notification is called, and its tag's colour.
QAN_KINDS = dict(QanKind.choices)
QAN_STATUSES = dict(QanStatus.choices)


@dataclass(frozen=True)
class QanRow:
    """One row of the QAN inbox's table."""

    url: str
    reference: str
    kind: str
    child_id: int | None
    child_hidden: bool
    child_name: str
    rule: str  # "" when not recorded
    responsible_id: int | None
    responsible: str
    addressed_to_id: int | None
    addressed_to: str
    raised_on: str
    status: str
    status_colour: str


def qan_rows(qans) -> list[QanRow]:
    """The rows of one page of timescales.dashboard.qan_inbox's notifications."""
    detail_url = url_maker("timescales:qan-detail")
    return [
        QanRow(
            url=detail_url(qan.pk),
            reference=qan.reference,
            kind=QAN_KINDS.get(qan.kind, qan.kind),
            child_id=qan.child_id,
            child_hidden=qan.child_hidden,
            child_name=qan.child.legal_name if qan.child_id and not qan.child_hidden else "",
            rule=RULE_NAMES.get(qan.rule, qan.rule) if qan.rule else "",
            responsible_id=qan.responsible_id,
            responsible=qan.responsible.full_name if qan.responsible_id else "",
            addressed_to_id=qan.addressed_to_id,
            addressed_to=qan.addressed_to.full_name if qan.addressed_to_id else "",
            raised_on=govuk_date(qan.raised_at),
            status=QAN_STATUSES.get(qan.status, qan.status),
            status_colour=qan_status_colour(qan.status),
        )
        for qan in qans
    ]
