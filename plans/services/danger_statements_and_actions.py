"""What a conference set, and what the core group adds: only a conference changes a danger
statement or its safety goal (amend_conference_danger_statement); the core group adds danger
statements and actions (add_core_group_danger_statement, add_action)."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.line_management import is_worker_or_manager
from conferences.models import Conference

from ..models import (
    MAX_CONFERENCE_DANGER_STATEMENTS,
    ActionStatus,
    ChildProtectionPlan,
    PlanAction,
    PlanDangerStatement,
    Source,
)
from ._common import PlanError, _locked_active_plan, _require_conference_for_child, _saved


def _may_act_for_core_group(plan: ChildProtectionPlan, by) -> bool:
    """The child's lead social worker (who leads the core group), their team manager, or an
    active member of the plan's core group who signs in."""
    if by is None or not by.is_authenticated:
        return False
    worker = plan.child.lead_social_worker
    if is_worker_or_manager(by, worker):
        return True
    return plan.core_group_members.filter(user=by, is_active=True).exists()


# --- What a conference set, and what the core group adds ----------------------------------------


def amend_conference_danger_statement(
    *, statement: PlanDangerStatement, conference: Conference, text: str, safety_goal: str, by
) -> PlanDangerStatement:
    """A conference changes a danger statement or its safety goal. Nothing else may: without a
    conference that is being held or was held for the plan's child (not before the plan
    started), recorded by its chair or minute taker, this is refused whatever
    the user's role."""
    plan = statement.plan
    _require_conference_for_child(conference, plan.child, "change a danger statement")
    if by is None or by.pk not in {conference.chair_id, conference.minute_taker_id} - {None}:
        raise PlanError("Only the conference's chair or minute taker can record the change")
    if conference.starts_at and timezone.localdate(conference.starts_at) < plan.started_on:
        raise PlanError("A conference held before the plan started cannot change it")
    text, safety_goal = (text or "").strip(), (safety_goal or "").strip()
    if not text:
        raise PlanError("Enter the danger statement", field="text")
    if not safety_goal:
        raise PlanError("Enter the safety goal", field="safety_goal")

    with transaction.atomic():
        _locked_active_plan(plan)
        locked = PlanDangerStatement.objects.select_for_update().get(pk=statement.pk)
        locked.text, locked.safety_goal = text, safety_goal
        if locked.source == Source.CONFERENCE:
            locked.set_by_conference = conference
        locked._amending_conference = conference
        locked._change_reason = f"Changed by the conference {conference.pk}"
        try:
            return _saved(locked, by)
        finally:
            # The permission is for this one save: the instance handed back carries none.
            del locked._amending_conference


def _require_core_group(plan: ChildProtectionPlan, by) -> None:
    if not _may_act_for_core_group(plan, by):
        raise PlanError(
            "Only the lead social worker, their team manager or a member of the core group can "
            "add to the plan"
        )


def add_core_group_danger_statement(
    *, plan: ChildProtectionPlan, text: str, safety_goal: str, by
) -> PlanDangerStatement:
    """The core group adds a danger statement with its safety goal (numbered after the
    conference's four places); it never changes or removes what a conference set."""
    text, safety_goal = (text or "").strip(), (safety_goal or "").strip()
    if not text:
        raise PlanError("Enter the danger statement", field="text")
    if not safety_goal:
        raise PlanError("Enter the safety goal", field="safety_goal")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        _require_core_group(locked, by)
        last = locked.danger_statements.aggregate(last=Max("position"))["last"] or 0
        return _saved(
            PlanDangerStatement(
                plan=locked,
                text=text,
                safety_goal=safety_goal,
                position=max(last, MAX_CONFERENCE_DANGER_STATEMENTS) + 1,
                source=Source.CORE_GROUP,
                added_by=by,
            ),
            by,
        )


def add_action(
    *,
    plan: ChildProtectionPlan,
    what: str,
    who: str,
    by_when: datetime.date | None = None,
    danger_statement: PlanDangerStatement | None = None,
    responsible=None,
    by,
) -> PlanAction:
    """The core group adds an action: who does what by when, linked to a danger statement."""
    what, who = (what or "").strip(), (who or "").strip()
    if not what:
        raise PlanError("Enter what is to happen", field="what")
    if not who:
        raise PlanError("Enter who will do it", field="who")
    if danger_statement is not None and danger_statement.plan_id != plan.pk:
        raise PlanError("Select a danger statement of this plan", field="danger_statement")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        _require_core_group(locked, by)
        return _saved(
            PlanAction(
                plan=locked,
                danger_statement=danger_statement,
                what=what,
                who=who,
                by_when=by_when,
                responsible=responsible,
                status=ActionStatus.NOT_STARTED,
                source=Source.CORE_GROUP,
                added_by=by,
            ),
            by,
        )
