"""A protection plan's core group meetings and visits, with the deadlines each one meets and the
live deadline for the next.

Uses `add` (writer), `working_day` and `at` (diary) and `deadline` (deadlines).
"""

from __future__ import annotations

import datetime

from coreGroups.models import CoreGroupMeeting, MeetingStatus, Visit
from timescales.models import RuleCode


class CoreGroupsAndVisits:
    """Core group meetings and visits for one plan."""

    def _core_groups(self, plan, child, worker, start, until, ended):
        rng = self.rng
        day = self.working_day(start, rng.choice([6, 8, 9, 10, 10, 12]))
        first = True
        previous = start
        while day < until:
            held_at = self.at(day, 14)
            self.add(
                CoreGroupMeeting(
                    plan=plan,
                    held_at=held_at,
                    chaired_by=worker.line_manager if first else worker,
                    venue="Family centre",
                    is_first=first,
                    status=MeetingStatus.HELD,
                    notes="Progress against the plan discussed.",
                    decisions="Keep going.",
                    recorded_by=worker,
                    recorded_at=held_at + datetime.timedelta(hours=3),
                    created_by=worker,
                )
            )
            self.deadline(
                RuleCode.CG_FIRST if first else RuleCode.CG_NEXT,
                plan,
                start=previous,
                met_at=held_at,
                child=child,
                responsible=worker,
            )
            first = False
            previous = held_at
            day = self.working_day(day + datetime.timedelta(days=rng.choice([35, 42, 42, 49])))
        if not ended:
            self.deadline(
                RuleCode.CG_FIRST if first else RuleCode.CG_NEXT,
                plan,
                start=previous,
                live=True,
                child=child,
                responsible=worker,
            )
            if day <= self.today + datetime.timedelta(days=42):
                self.add(
                    CoreGroupMeeting(
                        plan=plan,
                        held_at=self.at(max(day, self.today), 14),
                        status=MeetingStatus.PLANNED,
                        is_first=first,
                        venue="Family centre",
                        created_by=worker,
                    )
                )

    def _visits(self, plan, child, worker, start, until, ended):
        rng = self.rng
        previous = start
        day = self.working_day(start, rng.randint(2, 8))
        while day < until:
            seen = rng.random() < 0.93
            self.add(
                Visit(
                    plan=plan,
                    visited_on=day,
                    visited_by=worker,
                    child_seen=seen,
                    seen_alone=seen and rng.random() < 0.5,
                    reason_not_seen="" if seen else "The child was at a relative's house.",
                    recorded_by=worker,
                    recorded_at=self.at(day, 17),
                )
            )
            self.deadline(
                RuleCode.VISIT,
                plan,
                start=previous,
                met_at=self.at(day, 12),
                child=child,
                responsible=worker,
            )
            previous = day
            day = self.working_day(day, rng.choice([7, 8, 9, 9, 10, 10, 11]))
        if not ended:
            self.deadline(
                RuleCode.VISIT, plan, start=previous, live=True, child=child, responsible=worker
            )
