"""The one rule for where a conference is in its meeting (booked and started, booked and not
started, started at all), which the holding, decision, booking and minutes pages ask."""

import datetime

import pytest

from conferences.models import Conference, ConferenceStatus
from conferences.rules import has_started, is_booked_and_started, is_booked_not_started

STARTED = datetime.datetime(2026, 3, 11, 10, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("status", "started_at", "booked_and_started", "booked_not_started", "started"),
    [
        (ConferenceStatus.ALLOCATED, None, False, False, False),
        (ConferenceStatus.BOOKED, None, False, True, False),
        (ConferenceStatus.BOOKED, STARTED, True, False, True),
        (ConferenceStatus.HELD, STARTED, False, False, True),
        (ConferenceStatus.POSTPONED, None, False, False, False),
        (ConferenceStatus.CANCELLED, None, False, False, False),
        (ConferenceStatus.CANCELLED, STARTED, False, False, False),
    ],
)
def test_where_a_conference_is_in_its_meeting(
    status, started_at, booked_and_started, booked_not_started, started
):
    conference = Conference(status=status, started_at=started_at)

    assert is_booked_and_started(conference) is booked_and_started
    assert is_booked_not_started(conference) is booked_not_started
    assert has_started(conference) is started


def test_no_conference_is_neither_started_nor_booked():
    assert is_booked_and_started(None) is False
    assert is_booked_not_started(None) is False
    assert has_started(None) is False
