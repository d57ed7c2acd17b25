"""The family's safety planning and "My plan" (issue 21 items 6 and 7). The child's lead social
worker, their team manager and the core group's members who sign in write it (the same people
who add to the plan); the forming of a family safety plan is a dated action when none came to
conference (ADR 51)."""

import datetime

from django.db import transaction
from django.utils import timezone

from ..models import (
    ActionStatus,
    ChildProtectionPlan,
    FamilySafetyPlan,
    MyPlanExplanation,
    PlanAction,
    PlanDangerStatement,
    SafetyNetworkMember,
    Source,
)
from ._common import PlanError, _locked_active_plan, _saved
from .danger_statements_and_actions import _may_act_for_core_group

FORMING_ACTION = (
    "Form the family safety plan with the family (what daily life will look like), agree their "
    "safety network (how each person is involved and kept informed) and do words and pictures "
    "with the child and family"
)


def may_write_safety_planning(plan: ChildProtectionPlan, user) -> bool:
    return plan.is_active and _may_act_for_core_group(plan, user)


def _require_writer(plan, by) -> None:
    if not may_write_safety_planning(plan, by):
        raise PlanError(
            "Only the lead social worker, their team manager or a member of the core group can "
            "record the family's safety planning"
        )


def start_family_safety_plan(*, plan, conference, brought: bool | None, first_core_group, by):
    """Inside start_child_protection_plan's transaction: the plan's family safety plan and,
    when the family brought none to conference, the dated action to form one (the social
    worker, by the first core group meeting's deadline: 004 chairs' item 7)."""
    action = None
    if brought is False:
        worker = plan.child.lead_social_worker
        action = _saved(
            PlanAction(
                plan=plan,
                what=FORMING_ACTION,
                who="Social worker",
                responsible=worker,
                by_when=first_core_group.due_on if first_core_group is not None else None,
                source=Source.CONFERENCE,
                set_by_conference=conference,
                added_by=by,
            ),
            by,
        )
    return _saved(
        FamilySafetyPlan(
            plan=plan, brought_to_conference=bool(brought), forming_action=action, updated_by=by
        ),
        by,
    )


def record_family_safety_plan(
    *,
    plan: ChildProtectionPlan,
    daily_life: str,
    agreed_with_family: bool,
    agreed_on: datetime.date | None = None,
    agreed_with: str = "",
    words_and_pictures_done: bool = False,
    words_and_pictures_on: datetime.date | None = None,
    words_and_pictures_by: str = "",
    by,
) -> FamilySafetyPlan:
    """The family safety plan as it stands: what daily life will look like, whether (when, with
    whom) it is agreed with the family, and words and pictures for the child. Once agreed, the
    action to form one is done."""
    daily_life, agreed_with = (daily_life or "").strip(), (agreed_with or "").strip()
    if not daily_life:
        raise PlanError("Enter what daily life will look like", field="daily_life")
    if agreed_with_family and agreed_on is None:
        raise PlanError("Enter the date it was agreed with the family", field="agreed_on")
    if agreed_with_family and not agreed_with:
        raise PlanError("Enter who in the family agreed it", field="agreed_with")
    if agreed_on and agreed_on > timezone.localdate():
        raise PlanError("The date it was agreed must be today or in the past", field="agreed_on")
    if words_and_pictures_done and (words_and_pictures_on is None or not words_and_pictures_by):
        raise PlanError(
            "Enter when and by whom words and pictures was done", field="words_and_pictures_on"
        )
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        _require_writer(locked, by)
        record, _ = FamilySafetyPlan.objects.select_for_update().get_or_create(plan=locked)
        record.daily_life = daily_life
        record.agreed_with_family = agreed_with_family
        record.agreed_on = agreed_on if agreed_with_family else None
        record.agreed_with = agreed_with if agreed_with_family else ""
        record.words_and_pictures_done = words_and_pictures_done
        record.words_and_pictures_on = words_and_pictures_on if words_and_pictures_done else None
        record.words_and_pictures_by = (
            words_and_pictures_by.strip() if words_and_pictures_done else ""
        )
        record.updated_at, record.updated_by = timezone.now(), by
        _saved(record, by)
        if agreed_with_family and record.forming_action_id:
            action = PlanAction.objects.select_for_update().get(pk=record.forming_action_id)
            if action.status != ActionStatus.DONE:
                action.status = ActionStatus.DONE
                action._change_reason = "The family safety plan is agreed"
                _saved(action, by)
        return record


def add_safety_network_member(
    *, plan, name: str, relationship_to_child: str, involvement: str, kept_informed: str, by
) -> SafetyNetworkMember:
    fields = _network_fields(name, relationship_to_child, involvement, kept_informed)
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        _require_writer(locked, by)
        return _saved(SafetyNetworkMember(plan=locked, added_by=by, **fields), by)


def change_safety_network_member(
    *, member, name: str, relationship_to_child: str, involvement: str, kept_informed: str, by
) -> SafetyNetworkMember:
    fields = _network_fields(name, relationship_to_child, involvement, kept_informed)
    with transaction.atomic():
        _require_writer(_locked_active_plan(member.plan), by)
        locked = SafetyNetworkMember.objects.select_for_update().get(pk=member.pk)
        if not locked.is_active:
            raise PlanError("This person is no longer in the safety network")
        for key, value in fields.items():
            setattr(locked, key, value)
        return _saved(locked, by)


def stop_safety_network_member(*, member, by) -> SafetyNetworkMember:
    """They are no longer in the safety network: kept, with the date they stopped."""
    with transaction.atomic():
        _require_writer(_locked_active_plan(member.plan), by)
        locked = SafetyNetworkMember.objects.select_for_update().get(pk=member.pk)
        if locked.is_active:
            locked.is_active, locked.stopped_at = False, timezone.now()
            _saved(locked, by)
        return locked


def _network_fields(name, relationship, involvement, kept_informed) -> dict:
    fields = {
        "name": (name or "").strip(),
        "relationship_to_child": (relationship or "").strip(),
        "involvement": (involvement or "").strip(),
        "kept_informed": (kept_informed or "").strip(),
    }
    messages = {
        "name": "Enter their name",
        "relationship_to_child": "Enter who they are to the child",
        "involvement": "Enter how they are involved",
        "kept_informed": "Enter how they are kept informed",
    }
    for key, message in messages.items():
        if not fields[key]:
            raise PlanError(message, field=key)
    return fields


def set_words_for_child(
    *, statement: PlanDangerStatement, text_for_child: str, safety_goal_for_child: str, by
) -> PlanDangerStatement:
    """The danger statement and safety goal in words the child understands ("My plan"); empty
    means the original words. What the conference set is not changed."""
    with transaction.atomic():
        _require_writer(_locked_active_plan(statement.plan), by)
        locked = PlanDangerStatement.objects.select_for_update().get(pk=statement.pk)
        locked.text_for_child = (text_for_child or "").strip()
        locked.safety_goal_for_child = (safety_goal_for_child or "").strip()
        locked._change_reason = "Words for the child"
        _saved(locked, by)
        return locked


def record_my_plan_explanation(
    *,
    plan,
    explained_on: datetime.date,
    how: str,
    agreed_by_child: bool,
    child_said: str = "",
    interpreter_needed: bool = False,
    interpreter_language: str = "",
    by,
) -> MyPlanExplanation:
    """When and how the plan was explained to and agreed with the child (001 §2, §5)."""
    how, language = (how or "").strip(), (interpreter_language or "").strip()
    if explained_on is None:
        raise PlanError("Enter the date the plan was explained", field="explained_on")
    if explained_on > timezone.localdate():
        raise PlanError("The date must be today or in the past", field="explained_on")
    if explained_on < plan.started_on:
        raise PlanError("The date cannot be before the plan started", field="explained_on")
    if not how:
        raise PlanError("Enter how the plan was explained", field="how")
    if interpreter_needed and not language:
        raise PlanError("Enter the interpreter's language", field="interpreter_language")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        _require_writer(locked, by)
        return _saved(
            MyPlanExplanation(
                plan=locked,
                explained_on=explained_on,
                how=how,
                agreed_by_child=agreed_by_child,
                child_said=(child_said or "").strip(),
                interpreter_needed=interpreter_needed,
                interpreter_language=language if interpreter_needed else "",
                explained_by=by,
            ),
            by,
        )
