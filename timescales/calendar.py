"""Working days for England & Wales: the calendar every timescale counts in.

Which days are not working days
    Saturdays, Sundays, bank holidays and the authority's closure days. For a year with at least
    one ``NonWorkingDay`` of kind "bank_holiday", the table's bank holidays *are* that year's bank
    holidays: GOV.UK's published list is authoritative and includes one-off proclamations (the
    Coronation on 8 May 2023) and moved days (early May 2020 moved to VE Day). For any other year
    the rule-based England & Wales calendar from workalendar applies (its ``UnitedKingdom`` is the
    England & Wales list: no 2 January, no St Andrew's Day, summer holiday on the last Monday of
    August). Closure days always add.

How counting works
    Every date has an ordinal: the number of working days before it since a fixed starting point.
    A non-working day has the same ordinal as the next working day, so a start on a weekend or
    holiday counts from the next working day, forwards and backwards alike: ``add_working_days``
    returns the working day whose ordinal is the start's plus ``n``, and ``working_days_between`` is
    the difference of the two ordinals. That makes the two exact inverses for every date.

Why there is a cache, and why it expires
    Computing thousands of deadlines must not query the table per day or per call, so the table is
    read once into an in-process snapshot, and the per-day arrays are built lazily for the years
    asked about. Saving or deleting a ``NonWorkingDay`` clears it in this process (signals below),
    but other processes (every gunicorn worker, every Celery worker) cannot hear those signals, so
    a snapshot also expires after ``CACHE_SECONDS``: an admin's new closure day reaches every
    process within five minutes without a shared cache server.

    Uncommitted changes stay private: after this thread saves or deletes a ``NonWorkingDay`` inside
    a transaction, it reads the table into a snapshot of its own, read again whenever a savepoint
    opens or closes and dropped when the transaction ends, so a rolled-back change (every test's
    change) never leaks into the shared snapshot. Rows written without signals (``bulk_create``, ``update()``, raw SQL)
    need a ``clear_cache()`` call; a flush (TransactionTestCase) clears it through post_migrate.
"""

from __future__ import annotations

import threading
import time
from array import array
from calendar import monthrange
from datetime import date
from functools import cache

from django.db import router, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from workalendar.europe import UnitedKingdom

from .models import NonWorkingDay, NonWorkingDayKind

CACHE_SECONDS = 300
MIN_YEAR = 1970
MAX_YEAR = 2199
_BUILD_MARGIN_YEARS = 5

_england_and_wales = UnitedKingdom()


@cache
def _rule_bank_holidays(year: int) -> frozenset[date]:
    """workalendar's England & Wales bank holidays; pure, so cached for the life of the process."""
    return frozenset(day for day, _name in _england_and_wales.holidays(year))


class _Days:
    """Working-day arrays for whole years first_year..last_year (one immutable build)."""

    def __init__(self, first_year: int, last_year: int, closed: set[int]):
        self.first_year, self.last_year = first_year, last_year
        self.first = date(first_year, 1, 1).toordinal()
        end = date(last_year + 1, 1, 1).toordinal()
        # before[i]: working days in [first, first + i); working: their date ordinals, ascending.
        self.before = array("l", [0])
        self.working = array("l")
        for day in range(self.first, end):
            # Date ordinal 1 (1 January of year 1) was a Monday, so (ordinal - 1) % 7 is weekday().
            if (day - 1) % 7 < 5 and day not in closed:
                self.working.append(day)
            self.before.append(len(self.working))

    def covers(self, d: date) -> bool:
        return self.first_year <= d.year <= self.last_year

    def ordinal(self, d: date) -> int:
        return self.before[d.toordinal() - self.first]


class _Snapshot:
    """The table as read once, plus the day arrays built from it for the years asked about."""

    def __init__(self, rows, atomic_blocks=None):
        self.loaded_at = time.monotonic()
        self.atomic_blocks = atomic_blocks
        self.table_bank_holidays: dict[int, set[date]] = {}
        self.closures: set[date] = set()
        for day, kind in rows:
            if kind == NonWorkingDayKind.BANK_HOLIDAY:
                self.table_bank_holidays.setdefault(day.year, set()).add(day)
            else:
                self.closures.add(day)
        self.days: _Days | None = None

    def bank_holidays(self, year: int) -> set[date] | frozenset[date]:
        return self.table_bank_holidays.get(year) or _rule_bank_holidays(year)

    def days_for(self, first_year: int, last_year: int) -> _Days:
        """Day arrays covering both years, rebuilt wider (never narrower) when needed."""
        days = self.days
        if days and days.first_year <= first_year and last_year <= days.last_year:
            return days
        if first_year < MIN_YEAR or last_year > MAX_YEAR:
            raise ValueError(f"The working-day calendar covers {MIN_YEAR} to {MAX_YEAR} only.")
        if days:
            first_year, last_year = min(first_year, days.first_year), max(last_year, days.last_year)
        first_year = max(MIN_YEAR, first_year - _BUILD_MARGIN_YEARS)
        last_year = min(MAX_YEAR, last_year + _BUILD_MARGIN_YEARS)
        closed = {
            day.toordinal()
            for year in range(first_year, last_year + 1)
            for day in self.bank_holidays(year)
        }
        closed.update(day.toordinal() for day in self.closures)
        # Assigning one object is atomic, so a concurrent reader sees the old build or the new.
        self.days = _Days(first_year, last_year, closed)
        return self.days


_lock = threading.Lock()
_shared: _Snapshot | None = None
# .pending: the outermost atomic block in which this thread changed the table, uncommitted.
_local = threading.local()


def _connection():
    return transaction.get_connection(router.db_for_read(NonWorkingDay))


def _read_table(atomic_blocks=None) -> _Snapshot:
    rows = NonWorkingDay.objects.values_list("date", "kind")
    return _Snapshot(list(rows), atomic_blocks)


def _same_blocks(a, b) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _snapshot() -> _Snapshot:
    global _shared
    now = time.monotonic()
    pending = getattr(_local, "pending", None)
    if pending is not None:
        blocks = list(_connection().atomic_blocks)
        if blocks and blocks[0] is pending:
            # Savepoints may have come and gone since: re-read whenever the block stack changes.
            private = getattr(_local, "private", None)
            if (
                private is None
                or not _same_blocks(private.atomic_blocks, blocks)
                or now - private.loaded_at > CACHE_SECONDS
            ):
                private = _local.private = _read_table(blocks)
            return private
        # That transaction has ended: committed (on_commit cleared the cache) or rolled back.
        _local.pending = _local.private = None
    snapshot = _shared
    if snapshot is None or now - snapshot.loaded_at > CACHE_SECONDS:
        with _lock:
            snapshot = _shared
            if snapshot is None or now - snapshot.loaded_at > CACHE_SECONDS:
                snapshot = _shared = _read_table()
    return snapshot


def clear_cache() -> None:
    """Forget the table; the next call reads it again. Tests may call this freely."""
    global _shared
    with _lock:
        _shared = None
    _local.private = None


@receiver(post_save, sender=NonWorkingDay, dispatch_uid="timescales.calendar.saved")
@receiver(post_delete, sender=NonWorkingDay, dispatch_uid="timescales.calendar.deleted")
def _non_working_day_changed(sender, using=None, **kwargs):
    clear_cache()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        # Only this thread sees the change until the outermost block commits.
        _local.pending = connection.atomic_blocks[0]
        transaction.on_commit(clear_cache, using=using)


@receiver(post_migrate, dispatch_uid="timescales.calendar.migrated")
def _table_reloaded(sender, **kwargs):
    """migrate and flush (TransactionTestCase) rewrite the table without row signals."""
    clear_cache()


def _days(*dates: date) -> _Days:
    return _snapshot().days_for(min(d.year for d in dates), max(d.year for d in dates))


def is_working_day(d: date) -> bool:
    days = _days(d)
    i = d.toordinal() - days.first
    return days.before[i + 1] > days.before[i]


def add_working_days(start: date, n: int) -> date:
    """The working day n working days after (n < 0: before) start; start is day 0.

    A start that is not a working day counts from the next working day as day 0, in both
    directions: Saturday + 0 is Monday, Saturday + 1 is Tuesday, Saturday - 1 is Friday.
    """
    snapshot = _snapshot()
    # About 253 working days a year; the margin years absorb the estimate's error.
    span = abs(n) // 250 + 1
    first, last = start.year, start.year
    while True:
        days = snapshot.days_for(first, last)
        k = days.ordinal(start) + n
        if 0 <= k < len(days.working):
            return date.fromordinal(days.working[k])
        if k < 0:
            first = days.first_year - span
        else:
            last = days.last_year + span


def working_days_between(a: date, b: date) -> int:
    """How many working days from a to b: add_working_days(a, n) == b gives n, for any a."""
    days = _days(a, b)
    return days.ordinal(b) - days.ordinal(a)


def next_working_day(d: date) -> date:
    """d itself when it is a working day."""
    return add_working_days(d, 0)


def previous_working_day(d: date) -> date:
    """d itself when it is a working day, else the last working day before it."""
    return d if is_working_day(d) else add_working_days(d, -1)


def add_months(d: date, n: int) -> date:
    """Calendar months, clamped to the month's end: 31 January + 1 month is the end of February."""
    months = d.year * 12 + (d.month - 1) + n
    year, month = divmod(months, 12)
    month += 1
    return date(year, month, min(d.day, monthrange(year, month)[1]))
