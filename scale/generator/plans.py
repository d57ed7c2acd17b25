"""Child protection plans: the plans an initial conference starts, their review conferences,
danger statements, actions, core group members and review and long-plan deadlines, until
the review that ends them (or today).

Uses `add` (writer), `working_day`, `at` and `book` (diary), `deadline` (deadlines),
`_signs_of_safety`, `_decision` and `_child_in_need` (decisions), and `_core_groups` and
`_visits` (coregroups).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from conferences.models import (
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceStatus,
    DecisionOutcome,
)
from plans.models import (
    ChildProtectionPlan,
    CoreGroupMember,
    PlanAction,
    PlanCategory,
    PlanDangerStatement,
    PlanEndReason,
    PlanStatus,
    SecondaryFactor,
    Source,
    StepDown,
)
from scale.generator.constants import ACTIONS, CONFERENCE_MINUTES
from timescales import calendar
from timescales.models import RuleCode


class Plans:
    """Protection plans and their reviews."""

    def _protection_plans(self, children, icpc, chair, worker, icpc_day, dangers):
        """One plan per child from the initial conference, reviewed together at 3 months and
        then every 6 months until the review that ends them (or today)."""
        rng = self.rng
        reviews_wanted = rng.choices([1, 2, 3, 4, 5], weights=[25, 40, 20, 10, 5])[0]
        review_days = []
        day = icpc_day
        for number in range(reviews_wanted):
            day = self.working_day(
                calendar.add_months(day, 3 if number == 0 else 6), -rng.randint(0, 5)
            )
            review_days.append(day)
        held_days = [d for d in review_days if d < self.today]
        ends = len(held_days) == len(review_days)
        # Children turning 18 leave at the last review before their birthday.
        reviews = []
        for day in held_days:
            index, starts_at = self.book(day)
            conference = self.add(
                Conference(
                    kind=ConferenceKind.REVIEW,
                    status=ConferenceStatus.HELD,
                    chair=self.staff.chairs[index],
                    minute_taker=self.staff.minute_takers[index],
                    venue=self.staff.venues[index],
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=CONFERENCE_MINUTES),
                    booked_at=starts_at - datetime.timedelta(days=60),
                    invitations_sent_at=starts_at - datetime.timedelta(days=59),
                    started_at=starts_at,
                    started_by=self.staff.chairs[index],
                )
            )
            for child in children:
                self.add(ConferenceChild(conference=conference, child=child))
            self._signs_of_safety(conference, conference.chair, dangers)
            reviews.append(conference)
        next_conference = None
        if not ends:
            next_day = review_days[len(held_days)]
            if next_day <= self.today + datetime.timedelta(days=56):
                index, starts_at = self.book(max(next_day, self.working_day(self.today, 1)))
                next_conference = self.add(
                    Conference(
                        kind=ConferenceKind.REVIEW,
                        status=ConferenceStatus.BOOKED,
                        chair=self.staff.chairs[index],
                        minute_taker=self.staff.minute_takers[index],
                        venue=self.staff.venues[index],
                        starts_at=starts_at,
                        ends_at=starts_at + datetime.timedelta(minutes=CONFERENCE_MINUTES),
                        booked_at=self.now - datetime.timedelta(days=20),
                        booked_by=self.staff.coordinators[0],
                    )
                )
                for child in children:
                    self.add(ConferenceChild(conference=next_conference, child=child))
        category = rng.choice(PlanCategory.values)
        step_down = rng.choices(
            [StepDown.CHILD_IN_NEED, StepDown.EARLY_HELP, StepDown.NONE], weights=[60, 30, 10]
        )[0]
        ended_on = held_days[-1] if ends else None
        latest = ended_on
        for child in children:
            plan = self._plan(
                child,
                icpc,
                chair,
                worker,
                icpc_day,
                dangers,
                category,
                reviews,
                review_days,
                ended_on,
                next_conference,
                step_down,
            )
            if plan.status == PlanStatus.ENDED and step_down == StepDown.CHILD_IN_NEED:
                cin, end = self._child_in_need(child, ended_on, reviews[-1], worker, from_plan=plan)
                latest = None if end is None or latest is None else max(latest, end)
                self._decision(
                    reviews[-1],
                    child,
                    reviews[-1].chair,
                    worker,
                    DecisionOutcome.CHILD_IN_NEED_PLAN,
                    cin=cin,
                )
            elif plan.status == PlanStatus.ENDED:
                self._decision(
                    reviews[-1], child, reviews[-1].chair, worker, DecisionOutcome.NO_FURTHER_ACTION
                )
        return latest

    def _plan(
        self,
        child,
        icpc,
        chair,
        worker,
        icpc_day,
        dangers,
        category,
        reviews,
        review_days,
        ended_on,
        next_conference,
        step_down,
    ):
        rng = self.rng
        plan = self.add(
            ChildProtectionPlan(
                child=child,
                started_on=icpc_day,
                started_by_conference=icpc,
                category=category,
                secondary_factors=rng.sample(SecondaryFactor.values, rng.randint(0, 2)),
                contingency_plan="If the concerns return, the social worker calls a strategy discussion.",
                visit_frequency_working_days=10,
                status=PlanStatus.ENDED if ended_on else PlanStatus.ACTIVE,
                ended_on=ended_on,
                end_reason=PlanEndReason.NO_LONGER_AT_RISK if ended_on else "",
                ended_by_conference=reviews[-1] if ended_on else None,
                ended_by=reviews[-1].chair if ended_on else None,
                ended_at=reviews[-1].ends_at if ended_on else None,
                step_down=step_down if ended_on else "",
                reviews_held=len(reviews),
                next_review_due=None if ended_on else review_days[len(reviews)],
                next_review_conference=next_conference,
                created_by=chair,
            )
        )
        self._decision(
            icpc,
            child,
            chair,
            worker,
            DecisionOutcome.CHILD_PROTECTION_PLAN,
            plan=plan,
            category=category,
        )
        for review in reviews[:-1] if ended_on else reviews:
            self._decision(
                review,
                child,
                review.chair,
                worker,
                DecisionOutcome.CHILD_PROTECTION_PLAN,
                plan=plan,
                category=category,
            )
        statements = []
        for position, (danger, goal) in enumerate(dangers, start=1):
            statements.append(
                self.add(
                    PlanDangerStatement(
                        plan=plan,
                        text=danger,
                        safety_goal=goal,
                        position=position,
                        source=Source.CONFERENCE,
                        set_by_conference=icpc,
                        added_by=chair,
                    )
                )
            )
        for number, (what, who) in enumerate(rng.sample(ACTIONS, 3)):
            self.add(
                PlanAction(
                    plan=plan,
                    danger_statement=statements[number % len(statements)],
                    what=what,
                    who=who,
                    responsible=worker if who == "Social worker" else None,
                    by_when=icpc_day + datetime.timedelta(days=14 * (number + 1)),
                    source=Source.CONFERENCE if number < 2 else Source.CORE_GROUP,
                    set_by_conference=icpc if number < 2 else None,
                    added_by=chair,
                )
            )
        for name, role, user in [
            (worker.full_name, "Lead social worker", worker),
            (child._involvements[0].name, child._involvements[0].get_role_display(), None),
        ]:
            self.add(
                CoreGroupMember(
                    plan=plan,
                    name=name,
                    role=role,
                    user=user,
                    set_by_conference=icpc,
                    added_by=chair,
                )
            )
        until = ended_on or self.today
        # Reviews: the first counts from the initial conference, each next one from the last held.
        previous = icpc_day
        for number, review in enumerate(reviews):
            rule = RuleCode.RCPC_FIRST if number == 0 else RuleCode.RCPC_NEXT
            self.deadline(
                rule,
                plan,
                start=previous,
                met_at=review.starts_at,
                child=child,
                responsible=worker,
                chair=review.chair,
            )
            previous = timezone.localdate(review.starts_at)
        if not ended_on:
            rule = RuleCode.RCPC_FIRST if not reviews else RuleCode.RCPC_NEXT
            self.deadline(
                rule, plan, start=previous, live=True, child=child, responsible=worker, chair=chair
            )
        two_years = calendar.add_months(icpc_day, 24)
        if two_years <= until:
            # Reached two years: the head of service and the QA manager were told that day.
            plan.long_plan_notified_at = self.at(two_years, 8)
            self.deadline(
                RuleCode.LONG_PLAN,
                plan,
                start=icpc_day,
                child=child,
                responsible=worker,
                met_at=plan.long_plan_notified_at - datetime.timedelta(days=1),
            )
        else:
            self.deadline(
                RuleCode.LONG_PLAN,
                plan,
                start=icpc_day,
                child=child,
                responsible=worker,
                live=not ended_on,
                not_applicable="The plan ended." if ended_on else "",
            )
        # Some live plans have fallen behind: no visit for 3 to 6 weeks, so their visit deadline
        # has passed (breached, or still open for the next sweep to find).
        visits_until = until
        if not ended_on and rng.random() < 0.2:
            visits_until = max(icpc_day, until - datetime.timedelta(days=rng.randint(21, 42)))
        self._core_groups(plan, child, worker, icpc_day, until, bool(ended_on))
        self._visits(plan, child, worker, icpc_day, visits_until, bool(ended_on))
        return plan
