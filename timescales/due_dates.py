"""How a due date counted forwards reads when it is not a working day (ADR 45).

A deadline counted forwards in weeks or months (the next core group, a review conference) keeps
its calendar date: that is the timescale the procedures set, and the sweep breaches it at the end
of that day. Nothing can happen on a weekend or bank holiday, though, so pages show it with the
last working day on or before it: "14 March 2027 (a Sunday): last working day Friday 12 March
2027". A deadline counted back from a meeting is already due on a working day
(`timescales.services.compute_due`).
"""

import datetime

from core.templatetags.govuk import govuk_date

from . import calendar


def last_working_day(day: datetime.date | None) -> datetime.date | None:
    """The last working day on or before `day`, or None when `day` is itself a working day."""
    if day is None or calendar.is_working_day(day):
        return None
    return calendar.previous_working_day(day)


def _why_not_working(day: datetime.date) -> str:
    if day.weekday() >= 5:
        return f"a {day:%A}"
    return "not a working day"


def due_date_text(day: datetime.date | None) -> str:
    """'3 March 2026', or '14 March 2027 (a Sunday): last working day Friday 12 March 2027'."""
    if day is None:
        return ""
    last = last_working_day(day)
    if last is None:
        return govuk_date(day)
    return (
        f"{govuk_date(day)} ({_why_not_working(day)}): last working day "
        f"{last:%A} {govuk_date(last)}"
    )
