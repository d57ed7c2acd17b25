"""Starting a child protection plan: a conference decides the child needs one
(start_child_protection_plan), with its danger statements and safety goals, core group, outline
actions and contingency plan, and the plan's first deadlines.

Visits. The authority's VISIT policy (10 working days) is the longest a plan may go between visits;
a conference may set a shorter frequency for the plan. timescales.services.open_deadline always
applies the policy, so `_open_visit_deadline` opens VISIT through it and then, when the plan's
frequency is shorter, brings that one deadline's due date forward to the plan's frequency
(computed with timescales.services.compute_due, the same working-day calendar) and records the
frequency as the deadline's policy value, with a history reason. A later `open_deadline(value=)`
in timescales would make this a single call.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from children.models import Child
from conferences.models import Conference
from timescales import services as timescale_services
from timescales.models import DeadlineStatus, RuleCode, Unit

from ..models import (
    MAX_CONFERENCE_DANGER_STATEMENTS,
    MAX_VISIT_FREQUENCY,
    MIN_VISIT_FREQUENCY,
    ChildProtectionPlan,
    CoreGroupMember,
    PlanAction,
    PlanCategoryChange,
    PlanDangerStatement,
    PlanStatus,
    Source,
)
from ._common import (
    REVIEW_RULES,
    PlanError,
    _clean_category,
    _clean_secondary_factors,
    _open_review_deadline,
    _require_chair,
    _require_conference_for_child,
    _saved,
)
from .child_in_need_work import end_for_child_protection


def _clean_danger_statements(danger_statements: Sequence) -> list[tuple[str, str]]:
    cleaned = []
    for statement, goal in danger_statements:
        statement, goal = (statement or "").strip(), (goal or "").strip()
        if not statement:
            raise PlanError("Enter the danger statement", field="danger_statements")
        if not goal:
            raise PlanError(
                "Enter the safety goal for each danger statement", field="danger_statements"
            )
        cleaned.append((statement, goal))
    if len(cleaned) > MAX_CONFERENCE_DANGER_STATEMENTS:
        raise PlanError(
            f"A conference can set at most {MAX_CONFERENCE_DANGER_STATEMENTS} danger statements",
            field="danger_statements",
        )
    return cleaned


def _member_name(member: dict) -> str:
    name = (member.get("name") or "").strip()
    if not name and member.get("user") is not None:
        name = member["user"].full_name
    if not name and member.get("person") is not None:
        name = member["person"].full_name
    if not name:
        raise PlanError("Enter the name of each core group member", field="core_group_members")
    return name


# --- Deadlines -------------------------------------------------------------------------------------


def _open_visit_deadline(*, plan: ChildProtectionPlan, start: datetime.date, responsible):
    """VISIT through the policy, brought forward to the plan's own frequency when it is shorter
    (see the module docstring)."""
    deadline = timescale_services.open_deadline(
        rule=RuleCode.VISIT, subject=plan, start=start, responsible=responsible, child=plan.child
    )
    frequency = plan.visit_frequency_working_days
    if (
        deadline.status == DeadlineStatus.OPEN
        and deadline.policy_unit == Unit.WORKING_DAYS
        and frequency < deadline.policy_value
    ):
        deadline.due_on, deadline.due_at = timescale_services.compute_due(
            value=frequency,
            unit=Unit.WORKING_DAYS,
            direction=deadline.policy_direction,
            start=start,
        )
        deadline.policy_value = frequency
        deadline._change_reason = f"The plan's visiting frequency: every {frequency} working days"
        deadline.save()
    return deadline


# --- Starting a child protection plan -----------------------------------------------------------


def start_child_protection_plan(
    *,
    child: Child,
    conference: Conference,
    started_on: datetime.date,
    category: str,
    secondary_factors: Iterable[str] = (),
    danger_statements: Sequence[tuple[str, str]] = (),
    core_group_members: Sequence[dict] = (),
    outline_actions: Sequence[dict] = (),
    contingency_plan: str = "",
    visit_frequency_working_days: int = MAX_VISIT_FREQUENCY,
    first_review_rule: str = RuleCode.RCPC_FIRST,
    outcomes_for_child: str = "",
    family_safety_plan_brought: bool | None = None,
    by,
) -> ChildProtectionPlan:
    """The chair's decision that the child needs a child protection plan: the plan with the
    conference's danger statements and safety goals, core group, outline actions and contingency
    plan. Opens CG_FIRST (10 working days), the review (RCPC_FIRST at 3 months after an initial
    conference, RCPC_NEXT at 6 months after a review), VISIT and LONG_PLAN (24 months), each with
    the plan as subject and the child's lead social worker responsible.

    `family_safety_plan_brought`: whether the family brought a safety plan to the conference;
    when False, the plan's next steps include forming one, a dated action (ADR 51); None (not
    asked, as at a review) adds no action. The chair answers it with the decision.

    A child already on an active plan is refused; a child who had a plan before gets a second
    or subsequent plan, with the date the last one ended.
    """
    action = "start a child protection plan"
    _require_conference_for_child(conference, child, action)
    _require_chair(conference, by, action)
    category = _clean_category(category)
    factors = _clean_secondary_factors(secondary_factors)
    statements = _clean_danger_statements(danger_statements)
    if first_review_rule not in REVIEW_RULES:
        raise PlanError("The first review is RCPC_FIRST or RCPC_NEXT", field="first_review_rule")
    if not (MIN_VISIT_FREQUENCY <= int(visit_frequency_working_days) <= MAX_VISIT_FREQUENCY):
        raise PlanError(
            "Visits are at least every 10 working days: enter a number from 1 to 10",
            field="visit_frequency_working_days",
        )
    if conference.starts_at and started_on < timezone.localdate(conference.starts_at):
        raise PlanError("A plan cannot start before the conference", field="started_on")
    members = [dict(member, name=_member_name(member)) for member in core_group_members]
    for action_row in outline_actions:
        if not (action_row.get("what") or "").strip() or not (action_row.get("who") or "").strip():
            raise PlanError("Enter what is to happen and who does it", field="outline_actions")
        index = action_row.get("danger_statement_index")
        if index is not None and not 0 <= index < len(statements):
            raise PlanError("An action refers to a danger statement that is not there")

    try:
        with transaction.atomic():
            locked_child = (
                Child.objects.select_for_update(of=("self",))
                .select_related("lead_social_worker", "lead_social_worker__team")
                .get(pk=child.pk)
            )
            if ChildProtectionPlan.objects.filter(
                child=locked_child, status=PlanStatus.ACTIVE
            ).exists():
                raise PlanError(
                    f"{locked_child.legal_name} already has an active child protection plan"
                )
            # An interim plan (issue 17) was never a plan: it neither counts as an earlier plan
            # nor is a second record made; the same record becomes the plan (plans.interim).
            interim = (
                ChildProtectionPlan.objects.select_for_update()
                .filter(child=locked_child, status=PlanStatus.INTERIM)
                .first()
            )
            previous_end = (
                ChildProtectionPlan.objects.reportable()
                .filter(child=locked_child, status=PlanStatus.ENDED)
                .aggregate(last=Max("ended_on"))["last"]
            )
            had_plan = (
                previous_end is not None
                or ChildProtectionPlan.objects.reportable().filter(child=locked_child).exists()
            )
            fields = {
                "child": locked_child,
                "started_on": started_on,
                "started_by_conference": conference,
                "category": category,
                "secondary_factors": factors,
                "is_subsequent": had_plan,
                "previous_plan_ended_on": previous_end,
                "contingency_plan": contingency_plan.strip(),
                "outcomes_for_child": (outcomes_for_child or "").strip(),
                "visit_frequency_working_days": int(visit_frequency_working_days),
                "created_by": by,
            }
            if interim is not None:
                # plans.interim imports plans.services at the top: imported here to break that cycle.
                from ..interim import made_from_interim

                plan = _saved(made_from_interim(interim, conference, **fields), by)
            else:
                plan = _saved(ChildProtectionPlan(**fields), by)
            _saved(
                PlanCategoryChange(
                    plan=plan,
                    to_category=category,
                    conference=conference,
                    changed_on=started_on,
                    recorded_by=by,
                ),
                by,
            )
            now = timezone.now()
            made = [
                _saved(
                    PlanDangerStatement(
                        plan=plan,
                        text=text,
                        safety_goal=goal,
                        position=position,
                        source=Source.CONFERENCE,
                        set_by_conference=conference,
                        added_at=now,
                        added_by=by,
                    ),
                    by,
                )
                for position, (text, goal) in enumerate(statements, start=1)
            ]
            for member in members:
                _saved(
                    CoreGroupMember(
                        plan=plan,
                        name=member["name"],
                        role=(member.get("role") or "").strip(),
                        user=member.get("user"),
                        person=member.get("person"),
                        set_by_conference=conference,
                        added_at=now,
                        added_by=by,
                    ),
                    by,
                )
            for row in outline_actions:
                index = row.get("danger_statement_index")
                _saved(
                    PlanAction(
                        plan=plan,
                        danger_statement=made[index] if index is not None else None,
                        what=row["what"].strip(),
                        who=row["who"].strip(),
                        responsible=row.get("responsible"),
                        by_when=row.get("by_when"),
                        source=Source.CONFERENCE,
                        set_by_conference=conference,
                        added_at=now,
                        added_by=by,
                    ),
                    by,
                )

            worker = locked_child.lead_social_worker
            team = worker.team if worker is not None else None
            first_core_group = timescale_services.open_deadline(
                rule=RuleCode.CG_FIRST,
                subject=plan,
                start=started_on,
                responsible=worker,
                team=team,
                child=locked_child,
            )
            _open_review_deadline(
                plan=plan,
                rule=first_review_rule,
                start=started_on,
                conference=conference,
                responsible=worker,
            )
            _open_visit_deadline(plan=plan, start=started_on, responsible=worker)
            end_for_child_protection(child=locked_child, started_on=started_on, by=by)
            # Imported here: safety_planning imports danger_statements_and_actions, as this does.
            from .safety_planning import start_family_safety_plan

            start_family_safety_plan(
                plan=plan,
                conference=conference,
                brought=family_safety_plan_brought,
                first_core_group=first_core_group,
                by=by,
            )
            timescale_services.open_deadline(
                rule=RuleCode.LONG_PLAN,
                subject=plan,
                start=started_on,
                responsible=worker,
                team=team,
                child=locked_child,
            )
            # The denormalised review date, without a second history row for the same action.
            ChildProtectionPlan.objects.filter(pk=plan.pk).update(
                next_review_due=plan.next_review_due
            )
            return plan
    except IntegrityError as error:
        # Two requests racing past the check: the partial unique index refuses the second.
        if ChildProtectionPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).exists():
            raise PlanError(
                f"{child.legal_name} already has an active child protection plan"
            ) from error
        raise
