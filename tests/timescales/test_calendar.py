"""The working-day calendar: GOV.UK's dates, the worked examples, the cache and its properties."""

import json
from collections import defaultdict
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from workalendar.europe import UnitedKingdom

from timescales import calendar
from timescales.calendar import (
    add_months,
    add_working_days,
    is_working_day,
    next_working_day,
    previous_working_day,
    working_days_between,
)
from timescales.models import NonWorkingDay, NonWorkingDayKind

DATA = Path(calendar.__file__).parent / "data" / "bank-holidays-england-and-wales.json"
GOV_UK = json.loads(DATA.read_text(encoding="utf-8"))
GOV_UK_DATES = {date.fromisoformat(event["date"]) for event in GOV_UK["events"]}
GOV_UK_BY_YEAR = defaultdict(set)
for _day in GOV_UK_DATES:
    GOV_UK_BY_YEAR[_day.year].add(_day)


def weekdays_of(year):
    day = date(year, 1, 1)
    while day.year == year:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


@cache
def rule_holidays(year):
    return {holiday for holiday, _ in UnitedKingdom().holidays(year)}


def reference_is_working_day(day):
    """The rule spelt out day by day, independent of the calendar's ordinals and cache."""
    if day.weekday() >= 5:
        return False
    if day.year in GOV_UK_BY_YEAR:
        return day not in GOV_UK_BY_YEAR[day.year]
    return day not in rule_holidays(day.year)


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Each test starts from the table as it is now, and leaves nothing behind."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def add_closure(day, name="Office closed"):
    return NonWorkingDay.objects.create(date=day, name=name, kind=NonWorkingDayKind.CLOSURE)


# GOV.UK's list -------------------------------------------------------------------------------


def test_the_gov_uk_copy_covers_2018_to_2027_and_every_date_is_a_weekday():
    assert GOV_UK["division"] == "england-and-wales"
    assert set(range(2018, 2028)) <= set(GOV_UK_BY_YEAR)
    assert all(day.weekday() < 5 for day in GOV_UK_DATES)
    assert {
        date(2020, 5, 8),
        date(2020, 12, 28),
        date(2021, 12, 27),
        date(2021, 12, 28),
        date(2022, 1, 3),
        date(2022, 6, 2),
        date(2022, 6, 3),
        date(2022, 9, 19),
        date(2022, 12, 27),
        date(2023, 1, 2),
        date(2023, 5, 8),
        date(2026, 12, 28),
        date(2027, 3, 26),
        date(2027, 12, 27),
        date(2027, 12, 28),
    } <= GOV_UK_DATES
    assert date(2020, 5, 4) not in GOV_UK_DATES  # early May moved to VE Day that year


@pytest.mark.django_db
def test_the_migration_loaded_every_published_date_as_a_bank_holiday():
    seeded = set(
        NonWorkingDay.objects.filter(kind=NonWorkingDayKind.BANK_HOLIDAY).values_list(
            "date", flat=True
        )
    )
    assert seeded >= GOV_UK_DATES
    assert NonWorkingDay.objects.get(date=date(2020, 12, 28)).name == "Boxing Day (substitute day)"


@pytest.mark.django_db
def test_every_published_date_is_a_non_working_day():
    assert [day for day in sorted(GOV_UK_DATES) if is_working_day(day)] == []


@pytest.mark.django_db
def test_each_published_year_has_exactly_gov_uks_weekday_holidays():
    assert not NonWorkingDay.objects.filter(kind=NonWorkingDayKind.CLOSURE).exists()
    for year, published in sorted(GOV_UK_BY_YEAR.items()):
        non_working = {day for day in weekdays_of(year) if not is_working_day(day)}
        assert non_working == published, year
    assert is_working_day(date(2020, 5, 4))
    assert not is_working_day(date(2023, 5, 8))


def test_workalendar_matches_gov_uk_but_for_the_coronation():
    """Why the table wins where it has a year: the rules cannot know a one-off proclamation."""
    rules = UnitedKingdom()
    differences = {}
    for year, published in GOV_UK_BY_YEAR.items():
        by_rule = {day for day, _ in rules.holidays(year) if day.weekday() < 5}
        if by_rule != published:
            differences[year] = published ^ by_rule
    assert differences == {2023: {date(2023, 5, 8)}}


@pytest.mark.django_db
def test_later_years_follow_the_england_and_wales_rules_not_scotlands():
    non_working_2030 = {day for day in weekdays_of(2030) if not is_working_day(day)}
    assert non_working_2030 == {
        date(2030, 1, 1),
        date(2030, 4, 19),  # Good Friday
        date(2030, 4, 22),  # Easter Monday
        date(2030, 5, 6),
        date(2030, 5, 27),
        date(2030, 8, 26),  # last Monday of August (Scotland: first)
        date(2030, 12, 25),
        date(2030, 12, 26),
    }
    assert is_working_day(date(2030, 1, 2))  # 2nd January: Scotland only
    assert is_working_day(date(2030, 12, 2))  # St Andrew's Day substitute: Scotland only


@pytest.mark.django_db
def test_bank_holidays_in_the_table_replace_the_rules_for_their_year():
    assert not is_working_day(date(2031, 1, 1))
    NonWorkingDay.objects.create(
        date=date(2031, 6, 2), name="Proclaimed", kind=NonWorkingDayKind.BANK_HOLIDAY
    )
    assert not is_working_day(date(2031, 6, 2))
    # 2031 now has a published list, and New Year's Day is not on it.
    assert is_working_day(date(2031, 1, 1))
    assert not is_working_day(date(2032, 1, 1))  # other years keep the rules


# Counting ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_monday_plus_15_working_days_is_the_third_monday_after():
    monday = date(2026, 6, 1)  # no bank holiday until 31 August
    assert add_working_days(monday, 15) == date(2026, 6, 22)
    assert working_days_between(monday, date(2026, 6, 22)) == 15
    assert working_days_between(date(2026, 6, 22), monday) == -15
    assert working_days_between(monday, monday) == 0


@pytest.mark.django_db
def test_a_bank_holiday_in_the_window_moves_the_due_date_a_day_later():
    monday = date(2026, 8, 17)  # 31 August 2026 is the summer bank holiday
    assert add_working_days(monday, 15) == date(2026, 9, 8)
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


@pytest.mark.django_db
def test_a_weekend_or_holiday_start_counts_from_the_next_working_day():
    saturday = date(2026, 6, 6)
    assert add_working_days(saturday, 15) == date(2026, 6, 29)
    assert add_working_days(saturday, 15) == add_working_days(date(2026, 6, 8), 15)
    assert add_working_days(saturday, 0) == date(2026, 6, 8)
    assert add_working_days(saturday, -1) == date(2026, 6, 5)  # back from Monday
    assert add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 29)


@pytest.mark.django_db
def test_counting_back_before_a_meeting_skips_the_bank_holiday():
    meeting = date(2026, 9, 1)  # a Tuesday; Monday 31 August is a bank holiday
    assert add_working_days(meeting, -1) == date(2026, 8, 28)
    assert add_working_days(meeting, -3) == date(2026, 8, 26)


@pytest.mark.django_db
def test_next_and_previous_working_day():
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 29)
    assert previous_working_day(date(2026, 12, 28)) == date(2026, 12, 24)
    assert next_working_day(date(2026, 6, 3)) == date(2026, 6, 3)
    assert previous_working_day(date(2026, 6, 3)) == date(2026, 6, 3)
    assert previous_working_day(date(2026, 6, 7)) == date(2026, 6, 5)


@pytest.mark.django_db
def test_the_calendar_covers_2000_to_2100_and_refuses_far_beyond():
    assert add_working_days(date(2000, 1, 4), -1) == date(1999, 12, 30)  # the Millennium holidays
    # Friday 24 December 2100; Christmas, Boxing Day and New Year's Day all fall at weekends.
    assert add_working_days(date(2100, 12, 24), 3) == date(2100, 12, 31)
    assert add_working_days(date(2100, 12, 24), 4) == date(2101, 1, 4)
    assert working_days_between(date(2000, 1, 1), date(2100, 12, 31)) > 25_000
    with pytest.raises(ValueError):
        add_working_days(date(1960, 1, 1), 1)
    with pytest.raises(ValueError):
        add_working_days(date(2199, 1, 1), 1_000)


# Calendar months -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 15), -5, date(2025, 12, 15)),
        (date(2026, 3, 31), -13, date(2025, 2, 28)),
        (date(2026, 3, 31), 0, date(2026, 3, 31)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


# The table and the cache ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_closure_day_shifts_the_due_date_and_deleting_it_restores_it():
    monday = date(2026, 6, 1)
    assert add_working_days(monday, 15) == date(2026, 6, 22)  # the table is now cached

    closure = add_closure(date(2026, 6, 10))
    assert not is_working_day(date(2026, 6, 10))
    assert add_working_days(monday, 15) == date(2026, 6, 23)

    closure.delete()
    assert is_working_day(date(2026, 6, 10))
    assert add_working_days(monday, 15) == date(2026, 6, 22)


@pytest.mark.django_db
def test_a_rolled_back_closure_leaves_nothing_in_the_cache():
    assert is_working_day(date(2026, 6, 10))
    with pytest.raises(RuntimeError), transaction.atomic():
        add_closure(date(2026, 6, 10))
        assert not is_working_day(date(2026, 6, 10))
        raise RuntimeError("roll the savepoint back")
    assert is_working_day(date(2026, 6, 10))


@pytest.mark.django_db
def test_rows_written_without_signals_show_after_clear_cache_or_the_time_to_live(monkeypatch):
    assert is_working_day(date(2026, 6, 10))
    NonWorkingDay.objects.bulk_create(
        [NonWorkingDay(date=date(2026, 6, 10), name="Bulk", kind=NonWorkingDayKind.CLOSURE)]
    )
    assert is_working_day(date(2026, 6, 10))  # still the cached table
    calendar.clear_cache()
    assert not is_working_day(date(2026, 6, 10))

    # As if another process moved it: update() sends no signal, so this process keeps its copy.
    NonWorkingDay.objects.filter(date=date(2026, 6, 10)).update(date=date(2026, 6, 11))
    assert not is_working_day(date(2026, 6, 10))
    assert is_working_day(date(2026, 6, 11))
    later = calendar.time.monotonic() + calendar.CACHE_SECONDS + 1
    monkeypatch.setattr(calendar.time, "monotonic", lambda: later)
    assert is_working_day(date(2026, 6, 10))  # the snapshot expired and was read again
    assert not is_working_day(date(2026, 6, 11))


@pytest.mark.django_db
def test_five_thousand_due_dates_read_the_table_once(django_assert_max_num_queries):
    starts = [date(2019, 1, 1) + timedelta(days=i) for i in range(0, 5_000 * 3, 3)]
    with django_assert_max_num_queries(1):
        due = [add_working_days(start, 5 + i % 60) for i, start in enumerate(starts)]
        spans = [working_days_between(s, d) for s, d in zip(starts, due, strict=True)]
        assert all(is_working_day(d) for d in due)
    assert spans == [5 + i % 60 for i in range(5_000)]
    with django_assert_max_num_queries(0):
        add_working_days(date(2030, 1, 1), 15)


@pytest.mark.django_db(transaction=True)
def test_a_committed_closure_is_seen_and_a_rolled_back_one_is_not():
    day = date(2026, 6, 10)
    assert is_working_day(day)
    with transaction.atomic():
        add_closure(day, "Rolled back")
        assert not is_working_day(day)
        transaction.set_rollback(True)
    assert is_working_day(day)

    with transaction.atomic():
        add_closure(day, "Committed")
    assert not is_working_day(day)
    NonWorkingDay.objects.filter(date=day).delete()
    assert is_working_day(day)  # a queryset delete sends post_delete per row


# Properties ----------------------------------------------------------------------------------

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
counts = st.integers(min_value=-400, max_value=400)


class WorkingDayProperties(HypothesisTestCase):
    """Runs in a Django TestCase so each example gets the seeded table without a pytest fixture;
    the table does not change between examples, so the cache is read once for them all."""

    @settings(max_examples=300, deadline=None)
    @given(dates, counts)
    def test_working_days_between_inverts_add_working_days(self, start, n):
        assert working_days_between(start, add_working_days(start, n)) == n

    @settings(max_examples=300, deadline=None)
    @given(dates, counts)
    def test_the_result_is_always_a_working_day(self, start, n):
        due = add_working_days(start, n)
        assert is_working_day(due)
        assert reference_is_working_day(due)

    @settings(max_examples=200, deadline=None)
    @given(dates, counts)
    def test_one_more_working_day_is_the_next_working_day(self, start, n):
        due = add_working_days(start, n)
        following = due + timedelta(days=1)
        while not reference_is_working_day(following):
            following += timedelta(days=1)
        assert add_working_days(start, n + 1) == following

    @settings(max_examples=200, deadline=None)
    @given(dates, dates, counts)
    def test_monotonic_in_the_start(self, a, b, n):
        a, b = min(a, b), max(a, b)
        assert add_working_days(a, n) <= add_working_days(b, n)

    @settings(max_examples=200, deadline=None)
    @given(dates, counts, counts)
    def test_monotonic_in_the_count(self, start, n, m):
        n, m = min(n, m), max(n, m)
        assert add_working_days(start, n) <= add_working_days(start, m)

    @settings(max_examples=200, deadline=None)
    @given(dates, dates)
    def test_working_days_between_is_antisymmetric(self, a, b):
        assert working_days_between(a, b) == -working_days_between(b, a)
        assert working_days_between(a, a) == 0

    @settings(max_examples=200, deadline=None)
    @given(dates, st.integers(min_value=0, max_value=60))
    def test_working_days_between_counts_working_days_from_the_rolled_forward_start(self, a, days):
        b = a + timedelta(days=days)
        day, expected = a, 0
        while not reference_is_working_day(day):
            day += timedelta(days=1)
        while day < b:
            expected += reference_is_working_day(day)
            day += timedelta(days=1)
        assert working_days_between(a, b) == expected

    @settings(max_examples=300, deadline=None)
    @given(dates, st.integers(min_value=-240, max_value=240))
    def test_add_months_moves_whole_months_and_clamps_only_when_it_must(self, start, n):
        moved = add_months(start, n)
        assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == n
        assert moved.day == start.day or (
            moved.day < start.day and (moved + timedelta(days=1)).day == 1
        )
