"""The two truths the dashboard's counts lean on (ADR 79): a deadline is due no earlier than the
start of its due day, and a breach is recorded at or after the moment the deadline fell due. The
database refuses a row that breaks either, a breached deadline's date never moves, and so the
dashboard may find "overdue or due soon" by the due day alone."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.factories.clock import PINNED
from tests.factories.timescales import DeadlineFactory, end_of, working_days_from_today
from timescales import services
from timescales.breakdowns import counted_groups
from timescales.dashboard import Show, Window, show_only
from timescales.models import Deadline, DeadlineStatus

pytestmark = pytest.mark.django_db


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineFactory(**fields)


def test_the_database_refuses_a_deadline_due_before_its_due_day():
    day = working_days_from_today(3)
    _refused(due_on=day, due_at=end_of(day) - datetime.timedelta(days=2))
    # An hour-based rule is due at an hour of its due day: that is allowed.
    assert DeadlineFactory(due_on=day, due_at=end_of(day) - datetime.timedelta(hours=10)).pk


def test_the_database_refuses_a_breach_recorded_before_the_deadline_fell_due():
    day = working_days_from_today(3)
    _refused(due_on=day, status=DeadlineStatus.BREACHED, breached_at=PINNED)
    _refused(due_on=day, status=DeadlineStatus.BREACHED, breached_at=None)
    breached = DeadlineFactory(due_on=working_days_from_today(-1), status=DeadlineStatus.BREACHED)
    with pytest.raises(IntegrityError), transaction.atomic():  # moved later after its breach
        Deadline.objects.filter(pk=breached.pk).update(due_at=end_of(day), due_on=day)


def test_an_open_deadline_moves_to_a_new_due_day_and_a_breached_one_keeps_its_own():
    open_one = DeadlineFactory(due_on=working_days_from_today(5))
    new_day = working_days_from_today(2)
    assert services.move_due_day(open_one, new_day, reason="Before the conference reconvenes")
    open_one.refresh_from_db()
    assert (open_one.due_on, open_one.due_at) == (new_day, end_of(new_day))
    assert open_one.history.first().history_change_reason == "Before the conference reconvenes"

    breached = DeadlineFactory(due_on=working_days_from_today(-2), status=DeadlineStatus.BREACHED)
    was = (breached.due_on, breached.due_at)
    assert not services.move_due_day(breached, working_days_from_today(4), reason="Later")
    breached.refresh_from_db()
    assert (breached.due_on, breached.due_at) == was


def test_overdue_or_due_soon_by_the_due_day_alone_is_exactly_overdue_or_due_soon():
    """Every kind of live deadline the truths allow, from a week overdue to three weeks ahead:
    open and breached, due at the end of the day and at an hour of it (hour-based rules)."""
    now = PINNED
    for days in range(-5, 16):
        day = working_days_from_today(days)
        for due_at in (end_of(day), end_of(day) - datetime.timedelta(hours=14)):
            DeadlineFactory(due_on=day, due_at=due_at)
            if due_at <= now:
                DeadlineFactory(due_on=day, due_at=due_at, status=DeadlineStatus.BREACHED)
    window = Window.at(now)
    live = Deadline.objects.filter(status__in=[DeadlineStatus.OPEN, DeadlineStatus.BREACHED])
    by_definition = set(live.filter(window.overdue | window.due_soon).values_list("pk", flat=True))
    assert 0 < len(by_definition) < live.count()
    assert set(show_only(live, Show.OVERDUE_OR_DUE_SOON, window).values_list("pk", flat=True)) == (
        by_definition
    )
    counted = sum(group[-1] for group in counted_groups(live, window))
    assert counted == len(by_definition)
