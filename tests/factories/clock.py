"""The moment the test suite runs at: tests/conftest.py pins the clock there for every test, and
tests write their datetimes relative to it (PINNED - 5 minutes is "earlier this morning")."""

import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# A working Wednesday morning, clear of bank holidays: 15 working days on is Wednesday 1 April,
# before Good Friday (3 April 2026); 10 working days on is Wednesday 25 March.
PINNED = datetime.datetime(2026, 3, 11, 10, 0, tzinfo=LONDON)
