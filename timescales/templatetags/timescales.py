"""How a deadline reads on a page: "due 3 March 2026, 4 working days left", "due today",
"overdue by 2 working days", or what became of it.

Works from the row alone (no query per row); the working-day calendar does the counting.
"""

import datetime
from dataclasses import dataclass

from django import template
from django.utils import timezone

from core.templatetags.govuk import govuk_date
from timescales import calendar, due_dates
from timescales.models import DeadlineStatus, QanStatus

register = template.Library()


@dataclass(frozen=True)
class Due:
    text: str  # starts in lower case, for use mid-sentence; templates capitalise it
    overdue: bool
    status_text: str
    status_colour: str  # the GOV.UK tag modifier


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


_DONE = {
    DeadlineStatus.MET_ON_TIME: ("met on time", "green"),
    DeadlineStatus.MET_LATE: ("met late", "orange"),
    DeadlineStatus.NOT_APPLICABLE: ("not applicable", "grey"),
    DeadlineStatus.MISSED: ("missed: the meeting was held without it", "red"),
}


def due_of(deadline, now: datetime.datetime | None = None) -> Due:
    now = now or timezone.now()
    today = timezone.localdate(now)
    if deadline.status in _DONE:
        text, colour = _DONE[deadline.status]
        label = text[0].upper() + text[1:]
        if deadline.status != DeadlineStatus.NOT_APPLICABLE and deadline.met_at:
            text = f"{text} on {govuk_date(deadline.met_at)}"
        return Due(text, False, label, colour)
    status = "Breached" if deadline.status == DeadlineStatus.BREACHED else "Open"
    if deadline.status == DeadlineStatus.BREACHED or deadline.due_at <= now:
        days = max(calendar.working_days_between(deadline.due_on, today), 0)
        if days:
            text = f"overdue by {_plural(days, 'working day')}"
        else:
            text = f"overdue, was due {govuk_date(deadline.due_on)}"
            if deadline.due_on == today:
                text = "overdue, was due today"
        return Due(text, True, "Breached" if status == "Breached" else "Overdue", "red")
    if deadline.due_on <= today:
        return Due("due today", False, status, "blue")
    # A forward-counted date on a weekend or holiday: counted to the last working day before it.
    last = due_dates.last_working_day(deadline.due_on)
    days = calendar.working_days_between(today, deadline.due_on)
    if last is not None:
        days = calendar.working_days_between(today, last)
    left = _plural(days, "working day") if days > 0 else "no working days"
    text = f"due {due_dates.due_date_text(deadline.due_on)}, {left} left"
    return Due(text, False, status, "blue")


@register.simple_tag
def deadline_due(deadline) -> Due:
    """{% deadline_due deadline as due %} then due.text, due.overdue, due.status_text."""
    return due_of(deadline)


@register.filter
def due_text(deadline) -> str:
    return due_of(deadline).text


@register.filter
def due_date_with_working_day(day) -> str:
    """{{ plan.next_review_due|due_date_with_working_day }}: the date, with the last working day
    on or before it when it is not a working day."""
    return due_dates.due_date_text(day)


@register.simple_tag
def deadline_rows(deadlines) -> list:
    """{% deadline_rows deadlines as rows %}: the rows templates/fragments/deadline_rows_table.jinja
    shows, built once in Python (timescales.presenters.deadline_rows)."""
    # Imported here: timescales.presenters imports due_of from this module.
    from timescales.presenters import deadline_rows as rows_of

    return rows_of(deadlines)


@register.simple_tag
def any_with_child(deadlines) -> bool:
    """Whether the table needs a child column."""
    return any(getattr(deadline, "child_id", None) for deadline in deadlines)


_QAN_COLOURS = {
    QanStatus.OPEN: "red",
    QanStatus.ACKNOWLEDGED: "yellow",
    QanStatus.EXPLAINED: "blue",
    QanStatus.CLOSED: "grey",
}


@register.filter
def qan_status_colour(status: str) -> str:
    return _QAN_COLOURS.get(status, "grey")
