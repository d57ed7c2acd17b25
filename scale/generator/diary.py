"""Dates and the conference diary: working days, aware datetimes, a rule's due date, and a free
chair, minute taker and room for a conference.

Uses the Generator's `policy`, `staff`, `slots` and `next_chair`.
"""

from __future__ import annotations

import datetime
import functools

from django.utils import timezone

from scale.generator.constants import SLOT_MINUTES, SLOTS_PER_DAY
from timescales import calendar
from timescales.services import compute_due


class Diary:
    """Date helpers (remembered: called for nearly every row) and booking."""

    # The three date helpers below are called for nearly every row (tens of millions of times at
    # 100,000 children) with a few thousand distinct arguments, so each remembers its answers.

    @functools.cache  # noqa: B019  # one generator per run; the cache dies with it
    def working_day(self, day: datetime.date, add: int = 0) -> datetime.date:
        return calendar.add_working_days(day, add)

    @functools.cache  # noqa: B019
    def at(self, day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    @functools.cache  # noqa: B019
    def due(self, rule: str, start) -> tuple[datetime.date, datetime.datetime]:
        policy = self.policy[rule]
        return compute_due(
            value=policy.value, unit=policy.unit, direction=policy.direction, start=start
        )

    def book(self, day: datetime.date):
        """A chair, minute taker, room and start time free on `day` (or the next working day
        with a free slot): each chair keeps their own room and minute taker and at most
        SLOTS_PER_DAY back-to-back conferences a day, so no two ever overlap."""
        chairs = len(self.staff.chairs)
        while True:
            for _ in range(chairs):
                index = self.next_chair
                self.next_chair = (self.next_chair + 1) % chairs
                slot = self.slots[(index, day)]
                if slot < SLOTS_PER_DAY:
                    self.slots[(index, day)] = slot + 1
                    starts_at = self.at(day, 9, 30) + datetime.timedelta(
                        minutes=SLOT_MINUTES * slot
                    )
                    return index, starts_at
            day = self.working_day(day, 1)
