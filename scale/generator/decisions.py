"""What a conference records and decides: the Signs of Safety record, each child's finalised
decision, and the Child in Need plan a decision can start.

Uses `add` (writer), `working_day` and `at` (diary) and `deadline` (deadlines).
"""

from __future__ import annotations

import datetime

from conferences.models import (
    ChildDecision,
    DangerStatement,
    DecisionStatus,
    SafetyGoal,
    SignsOfSafetyRecord,
)
from plans.models import (
    ChildInNeedPlan,
    PlanStatus,
)
from timescales.models import RuleCode


class Decisions:
    """Conference records, decisions and Child in Need plans."""

    def _signs_of_safety(self, conference, chair, dangers):
        record = self.add(
            SignsOfSafetyRecord(
                conference=conference,
                worried_about_harm="The adults argue and fight in front of the children.",
                working_well="The children are at school every day.",
                needs_to_happen="The parents work with the domestic abuse service.",
                contingency_plan="If the parents fight again, the social worker calls a strategy discussion.",
                updated_by=chair,
            )
        )
        for position, (danger, goal) in enumerate(dangers, start=1):
            statement = self.add(
                DangerStatement(
                    record=record, position=position, statement=danger, updated_by=chair
                )
            )
            self.add(SafetyGoal(danger_statement=statement, goal=goal))

    def _decision(
        self, conference, child, chair, worker, outcome, *, plan=None, cin=None, category=""
    ):
        decided_at = conference.starts_at + datetime.timedelta(minutes=80)
        return self.add(
            ChildDecision(
                conference=conference,
                child=child,
                recommendation=outcome,
                recommendation_by=worker,
                outcome=outcome,
                rationale="The chair weighed every view given at the conference.",
                category=category,
                contingency_plan="Strategy discussion if the concerns return.",
                outcomes_for_child=(
                    "The child is safe at home and goes to school every day." if category else ""
                ),
                status=DecisionStatus.FINALISED,
                decided_at=decided_at,
                decided_by=chair,
                finalised_at=decided_at,
                finalised_by=chair,
                child_protection_plan=plan,
                child_in_need_plan=cin,
            )
        )

    def _child_in_need(self, child, start, conference, worker, from_plan=None):
        end = start + datetime.timedelta(days=self.rng.randint(120, 300))
        active = end >= self.today
        cin = self.add(
            ChildInNeedPlan(
                child=child,
                started_on=start,
                started_by_conference=conference,
                from_plan=from_plan,
                status=PlanStatus.ACTIVE if active else PlanStatus.ENDED,
                ended_on=None if active else end,
                created_by=worker,
            )
        )
        # Issue 17 item 9: a conference's Child in Need plan is followed up as a step down is.
        self.deadline(
            RuleCode.CIN_REVIEW,
            cin,
            start=start,
            child=child,
            responsible=worker,
            met_at=self.at(self.working_day(start, self.rng.randint(12, 22)), 11),
            live=self.working_day(start, 22) >= self.today,
        )
        return cin, None if active else end
