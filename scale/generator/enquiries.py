"""One episode of a household's history: a strategy discussion, its section 47 enquiries and,
when one is needed, the initial conference.

Uses `add` (writer), `working_day` and `at` (diary), `deadline` (deadlines) and
`_initial_conference` (conferences).
"""

from __future__ import annotations

import datetime

from children.models import (
    S47Enquiry,
    S47Outcome,
    StrategyDecision,
    StrategyDiscussion,
    StrategyDiscussionChild,
    StrategyDiscussionParticipant,
)
from scale.generator.constants import CONCERNS
from timescales.models import RuleCode


class Episodes:
    """A strategy discussion to the end of what follows it."""

    def _episode(self, all_children, parents, worker, day):
        """Returns the day the episode closed, or None while it is still going on."""
        rng = self.rng
        children = [
            c
            for c in all_children
            if (c.is_unborn and day >= self.today - datetime.timedelta(days=60))
            or (
                not c.is_unborn
                and c.date_of_birth <= day
                and (day - c.date_of_birth).days < 15 * 365
            )
        ]
        if not children:
            return None
        manager = worker.line_manager
        held_at = self.at(day, 10)
        decision = StrategyDecision.S47 if rng.random() < 0.9 else StrategyDecision.NO_S47
        discussion = self.add(
            StrategyDiscussion(
                held_at=held_at,
                concerns=rng.choice(CONCERNS),
                decision=decision,
                reason_for_decision=""
                if decision == StrategyDecision.S47
                else "Single agency response.",
                recorded_by=worker,
                recorded_at=held_at + datetime.timedelta(hours=3),
                signed_off_by=manager,
                signed_off_at=held_at + datetime.timedelta(days=1),
            )
        )
        recent = day >= self.today - datetime.timedelta(days=2)
        self.deadline(
            RuleCode.STRAT_RECORD,
            discussion,
            start=held_at,
            met_at=discussion.recorded_at,
            responsible=worker,
        )
        self.deadline(
            RuleCode.STRAT_SIGNOFF,
            discussion,
            start=held_at,
            met_at=discussion.signed_off_at,
            live=recent,
            responsible=manager,
        )
        for child in children:
            self.add(StrategyDiscussionChild(discussion=discussion, child=child))
        for role, agency in [("Detective constable", "police"), ("Named nurse", "health")]:
            self.add(
                StrategyDiscussionParticipant(
                    discussion=discussion,
                    name=f"{self.fake.name()}",
                    role=role,
                    agency=self.staff.agencies[agency],
                )
            )
        if decision == StrategyDecision.NO_S47:
            return day
        concluded = self.working_day(day, rng.randint(3, 7))
        open_enquiry = concluded >= self.today
        needed = rng.random() < 0.8
        enquiries = []
        for child in children:
            enquiry = S47Enquiry(child=child, strategy_discussion=discussion, started_on=day)
            if not open_enquiry:
                enquiry.outcome = (
                    S47Outcome.CONFERENCE_NEEDED if needed else S47Outcome.NO_CONFERENCE
                )
                enquiry.outcome_reason = "" if needed else "Concerns not substantiated."
                enquiry.concluded_on = concluded
                enquiry.outcome_recorded_by = worker
                enquiry.outcome_recorded_at = self.at(concluded, 15)
            enquiries.append(self.add(enquiry))
        if open_enquiry:
            for child, enquiry in zip(children, enquiries, strict=True):
                for rule in (RuleCode.ICPC_REQUEST, RuleCode.ICPC_DUE):
                    self.deadline(
                        rule, enquiry, start=held_at, live=True, child=child, responsible=worker
                    )
            return None
        if not needed:
            for child, enquiry in zip(children, enquiries, strict=True):
                for rule in (RuleCode.ICPC_REQUEST, RuleCode.ICPC_DUE):
                    self.deadline(
                        rule,
                        enquiry,
                        start=held_at,
                        child=child,
                        responsible=worker,
                        not_applicable="The enquiry found no conference was needed.",
                    )
            return concluded
        return self._initial_conference(children, enquiries, parents, worker, day, concluded)
