"""When a conference may be booked (issue 18 item 1): on a working day, and not in the past.

A working day is the one the timescales count in (timescales.calendar): not a Saturday or a
Sunday, not a bank holiday (GOV.UK's list in the authority's table, or the England & Wales rules
for other years) and not one of the authority's own closure days. Every path that sets a
conference's date asks here: booking and re-booking (conferences.services.book_conference) and
changing a booking (conferences.booking_changes.change_booking).

The answer is a plain-English message and the field it belongs next to, so the booking pages
show it beside the date (or the start time) and in the error summary.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from workalendar.europe import UnitedKingdom

from core.templatetags.govuk import govuk_date
from timescales import calendar
from timescales.models import NonWorkingDay, NonWorkingDayKind

_england_and_wales = UnitedKingdom()


@dataclass(frozen=True)
class BookingTimeProblem:
    message: str
    field: str  # "starts_at" (the date) or "start_time"


def why_not_a_working_day(day: datetime.date) -> str:
    """Why `day` is not a working day, in plain English ("a Saturday", "a bank holiday
    (Christmas Day)"); empty when it is a working day."""
    if day.weekday() >= 5:
        return f"a {day:%A}"
    if calendar.is_working_day(day):
        return ""
    row = NonWorkingDay.objects.filter(date=day).only("name", "kind").first()
    if row is not None and row.kind == NonWorkingDayKind.CLOSURE:
        return f"a day {settings.AUTHORITY_NAME} is closed ({row.name})"
    if row is not None:
        return f"a bank holiday ({row.name})"
    names = dict(_england_and_wales.holidays(day.year))
    return f"a bank holiday ({names[day]})" if day in names else "not a working day"


def booking_time_problem(starts_at: datetime.datetime, *, now=None) -> BookingTimeProblem | None:
    """What is wrong with a conference starting at `starts_at`, or None."""
    now = now or timezone.now()
    day = timezone.localdate(starts_at)
    if day < timezone.localdate(now):
        return BookingTimeProblem(
            f"The date of the conference must be today or in the future. {govuk_date(day)} "
            "has passed",
            "starts_at",
        )
    if starts_at <= now:
        return BookingTimeProblem(
            "The start time has passed: enter a time later today or another date", "start_time"
        )
    why = why_not_a_working_day(day)
    if why:
        return BookingTimeProblem(
            f"A conference is held on a working day. {govuk_date(day)} is {why}: choose another "
            "date",
            "starts_at",
        )
    return None
