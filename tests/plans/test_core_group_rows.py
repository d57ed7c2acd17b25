"""The plan page's core group meetings table, built as rows in Python for a Jinja2 fragment
(issue 25): each row says what the Django template said of its meeting."""

import datetime

from accounts.models import User
from coreGroups.models import CoreGroupMeeting, MeetingStatus
from plans.presenters import MeetingRow, meeting_rows
from tests.factories.clock import PINNED


def _meeting(pk, status, *, is_first=False, chair=None):
    meeting = CoreGroupMeeting(pk=pk, held_at=PINNED, status=status, is_first=is_first)
    meeting.chaired_by = chair
    return meeting


def test_each_meeting_row_has_its_link_date_chair_and_status_tag():
    chair = User(pk=7, full_name="Chris O'Chair")
    rows = meeting_rows(
        [
            _meeting(3, MeetingStatus.PLANNED),
            _meeting(2, MeetingStatus.CANCELLED, chair=chair),
            _meeting(1, MeetingStatus.HELD, is_first=True, chair=chair),
        ]
    )
    when = "11 March 2026 at 10am"
    assert rows == [
        MeetingRow("/core-groups/meetings/3/", when, False, "Not set", "blue", "Planned"),
        MeetingRow("/core-groups/meetings/2/", when, False, "Chris O'Chair", "grey", "Cancelled"),
        MeetingRow("/core-groups/meetings/1/", when, True, "Chris O'Chair", "green", "Held"),
    ]


def test_a_first_meeting_not_yet_held_is_not_called_the_first_core_group():
    (row,) = meeting_rows([_meeting(4, MeetingStatus.PLANNED, is_first=True)])
    assert row.first_held is False


def test_the_date_is_written_in_london_time():
    meeting = _meeting(5, MeetingStatus.HELD)
    meeting.held_at = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC)
    (row,) = meeting_rows([meeting])
    assert row.held_at == "1 July 2026 at 10:30am"
