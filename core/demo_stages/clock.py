"""The demo's clock: a stage in the past is built by running the real services on the day it
happened (ADR 46), so every record, deadline and history row is what the services would have
written then. Days are counted in working days back from today, so the demo stays relative to
the day it is loaded."""

import contextlib
import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from timescales import calendar


def working_days_ago(days: int) -> datetime.date:
    """`days` working days before today; 0 is today, or the next working day when today is
    not one (nothing is held at a weekend)."""
    today = timezone.localdate()
    if days:
        return calendar.add_working_days(today, -days)
    return today if calendar.is_working_day(today) else calendar.next_working_day(today)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextlib.contextmanager
def on(day: datetime.date, hour: int = 9, minute: int = 0):
    """Run the services as if it were `hour`:`minute` on `day` (the clock then runs on)."""
    try:
        import time_machine
    except ImportError as error:  # pragma: no cover - the development dependencies hold it
        raise CommandError(
            "seed_demo needs the development dependencies (time-machine): run `make install`"
        ) from error
    with time_machine.travel(at(day, hour, minute), tick=True):
        yield
