"""Due dates and working days (issue 18 item 5, ADR 45): a date counted back from a meeting falls
on a working day (the last one on or before it, across weekends and bank holidays); a date
counted forwards keeps its calendar date and is shown with the last working day on or before it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories.children import ChildFactory
from timescales import services
from timescales.due_dates import due_date_text, last_working_day
from timescales.models import RuleCode
from timescales.templatetags.timescales import due_of

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _due(value, unit, direction, start):
    return services.compute_due(value=value, unit=unit, direction=direction, start=start)[0]


def test_calendar_days_before_a_meeting_that_land_on_a_bank_holiday_move_to_the_friday():
    # 10 days before Thursday 4 June 2026 is Monday 25 May 2026, the Spring bank holiday.
    due = _due(10, "calendar_days", "before", datetime.date(2026, 6, 4))
    assert due == datetime.date(2026, 5, 22)


def test_calendar_days_before_a_meeting_that_land_on_a_sunday_move_to_the_friday():
    # 10 days before Wednesday 30 December 2026 is Sunday 20 December.
    assert _due(10, "calendar_days", "before", datetime.date(2026, 12, 30)) == datetime.date(
        2026, 12, 18
    )
    # On a working day already: unchanged.
    assert _due(7, "calendar_days", "before", datetime.date(2026, 12, 30)) == datetime.date(
        2026, 12, 23
    )


def test_working_days_before_a_meeting_skip_the_bank_holiday():
    # 3 working days before Wednesday 27 May 2026: Tuesday 26, Friday 22, Thursday 21.
    due = _due(3, "working_days", "before", datetime.datetime(2026, 5, 27, 10, tzinfo=LONDON))
    assert due == datetime.date(2026, 5, 21)


def test_a_review_report_deadline_opened_from_a_meeting_is_on_a_working_day():
    child = ChildFactory()
    deadline = services.open_deadline(
        rule=RuleCode.RCPC_REPORT_QA,
        subject=child,
        start=datetime.datetime(2026, 6, 4, 10, tzinfo=LONDON),
    )
    assert deadline.due_on == datetime.date(2026, 5, 22)
    assert deadline.due_at == datetime.datetime(2026, 5, 23, tzinfo=LONDON)


def test_a_date_counted_forwards_keeps_its_calendar_date():
    # 3 months after Monday 14 December 2026 is Sunday 14 March 2027: stored as it is.
    assert _due(3, "months", "after", datetime.date(2026, 12, 14)) == datetime.date(2027, 3, 14)


def test_it_is_shown_with_the_last_working_day_on_or_before_it():
    assert due_date_text(datetime.date(2027, 3, 14)) == (
        "14 March 2027 (a Sunday): last working day Friday 12 March 2027"
    )
    # Easter Monday 2027, after Good Friday: the Thursday before.
    assert due_date_text(datetime.date(2027, 3, 29)) == (
        "29 March 2027 (not a working day): last working day Thursday 25 March 2027"
    )
    assert due_date_text(datetime.date(2027, 3, 12)) == "12 March 2027"
    assert last_working_day(datetime.date(2027, 3, 12)) is None


@time_machine.travel(datetime.datetime(2027, 3, 8, 9, tzinfo=LONDON), tick=False)
def test_a_deadline_due_on_a_sunday_reads_with_its_friday_and_the_days_left_to_it():
    child = ChildFactory()
    review = services.open_deadline(
        rule=RuleCode.RCPC_FIRST, subject=child, start=datetime.date(2026, 12, 14), child=child
    )
    assert review.due_on == datetime.date(2027, 3, 14)
    due = due_of(review)
    assert due.text == (
        "due 14 March 2027 (a Sunday): last working day Friday 12 March 2027, 4 working days left"
    )
    assert not due.overdue
