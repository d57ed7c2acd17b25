"""The life of a Child in Need plan (issue 22 item 4; 001 sections 8, 16, 17; 004): its core
group, its reviews, its actions and its end; and the Early Help plan a child protection plan
stepped down to.

Who: the child's lead social worker or their manager (may_manage_child_in_need_plan; plans.rules
gives the pages the same answer). Reviews: the first is due within CIN_REVIEW of the plan's start
(opened by start_child_in_need_plan); recording a review meets the live review deadline and opens
CIN_REVIEW_NEXT from the day it was held, at the interval the authority's policy sets. A step-down
plan lasts at least STEP_DOWN_MINIMUM_MONTHS (3 months): ending it earlier is refused unless the
lead social worker's team manager ends it and records why (ADR 58).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.line_management import is_worker_or_manager, manages
from accounts.models import RoleCode
from timescales import calendar
from timescales import services as timescale_services
from timescales.models import RuleCode

from ..models import (
    CONFERENCE_CIN_MINIMUM_WEEKS,
    STEP_DOWN_MINIMUM_MONTHS,
    ChildInNeedPlan,
    ChildProtectionPlan,
    CinAction,
    CinActionStatus,
    CinCoreGroupMember,
    CinEndReason,
    CinReview,
    EarlyHelpPlan,
    PlanStatus,
    StepDown,
)
from ._common import PlanError, _saved

CIN_REVIEW_RULES = (RuleCode.CIN_REVIEW, RuleCode.CIN_REVIEW_NEXT)


# --- Who -----------------------------------------------------------------------------------------


def may_manage_child_in_need_plan(plan, user) -> bool:
    """The child's lead social worker or their manager (for a Child in Need plan, or the child
    protection plan whose Early Help step-down is recorded)."""
    if plan is None or not (user and user.is_authenticated):
        return False
    worker = plan.child.lead_social_worker
    return is_worker_or_manager(user, worker)


def _require_manager_of_plan(plan, by) -> None:
    if not may_manage_child_in_need_plan(plan, by):
        raise PlanError("Only the child's lead social worker or their manager can do this")


def _locked_active(plan: ChildInNeedPlan) -> ChildInNeedPlan:
    locked = (
        ChildInNeedPlan.objects.select_for_update(of=("self",))
        .select_related("child", "child__lead_social_worker", "child__lead_social_worker__team")
        .get(pk=plan.pk)
    )
    if locked.status != PlanStatus.ACTIVE:
        raise PlanError("This Child in Need plan has ended")
    return locked


def _text(value, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise PlanError(message, field=field)
    return value


def _not_future(day, field: str, what: str) -> None:
    if day is None:
        raise PlanError(f"Enter the date {what}", field=field)
    if day > timezone.localdate():
        raise PlanError(f"The date {what} cannot be in the future", field=field)


# --- Core group ----------------------------------------------------------------------------------


def add_cin_core_group_member(*, plan: ChildInNeedPlan, name: str, role: str, by):
    name = _text(name, "name", "Enter the member's name")
    role = _text(role, "role", "Enter their role or agency")
    _require_manager_of_plan(plan, by)
    with transaction.atomic():
        locked = _locked_active(plan)
        return _saved(CinCoreGroupMember(plan=locked, name=name, role=role, added_by=by), by)


def remove_cin_core_group_member(*, member: CinCoreGroupMember, by):
    """The member leaves the core group (kept, with the date)."""
    _require_manager_of_plan(member.plan, by)
    with transaction.atomic():
        _locked_active(member.plan)
        locked = CinCoreGroupMember.objects.select_for_update().get(pk=member.pk)
        if not locked.is_active:
            raise PlanError(f"{locked.name} has already left the core group")
        locked.is_active, locked.left_on = False, timezone.localdate()
        return _saved(locked, by)


# --- Reviews -------------------------------------------------------------------------------------


def live_review_rule(plan: ChildInNeedPlan) -> str:
    """CIN_REVIEW until the first review is recorded, CIN_REVIEW_NEXT after."""
    return RuleCode.CIN_REVIEW_NEXT if plan.reviews.exists() else RuleCode.CIN_REVIEW


def record_cin_review(*, plan: ChildInNeedPlan, held_on: datetime.date, summary: str, by):
    """A review was held: it meets the review deadline that was live (CIN_REVIEW for the first,
    CIN_REVIEW_NEXT after) on the day it was held, and opens CIN_REVIEW_NEXT from that day."""
    summary = _text(summary, "summary", "Enter what the review found")
    _not_future(held_on, "held_on", "the review was held")
    if held_on < plan.started_on:
        raise PlanError("A review is held on or after the day the plan started", field="held_on")
    _require_manager_of_plan(plan, by)
    with transaction.atomic():
        locked = _locked_active(plan)
        last = locked.reviews.order_by("-held_on").first()
        if last is not None and held_on <= last.held_on:
            raise PlanError(
                f"The last review was held on {last.held_on:%-d %B %Y}: enter a later date",
                field="held_on",
            )
        rule = live_review_rule(locked)
        timescale_services.meet_deadline(rule=rule, subject=locked, met_on=held_on)
        deadline = timescale_services.open_deadline(
            rule=RuleCode.CIN_REVIEW_NEXT,
            subject=locked,
            start=held_on,
            responsible=locked.child.lead_social_worker,
            child=locked.child,
        )
        return _saved(
            CinReview(
                plan=locked,
                held_on=held_on,
                summary=summary,
                next_review_due=deadline.due_on,
                recorded_by=by,
            ),
            by,
        )


# --- Actions -------------------------------------------------------------------------------------


def add_cin_action(*, plan: ChildInNeedPlan, action: str, who: str, due_on, by) -> CinAction:
    action = _text(action, "action", "Enter what needs to happen")
    who = _text(who, "who", "Enter who does it")
    if due_on is None:
        raise PlanError("Enter the date it is to be done by", field="due_on")
    if due_on < plan.started_on:
        raise PlanError("The date is on or after the day the plan started", field="due_on")
    _require_manager_of_plan(plan, by)
    with transaction.atomic():
        locked = _locked_active(plan)
        return _saved(
            CinAction(plan=locked, action=action, who=who, due_on=due_on, added_by=by), by
        )


def complete_cin_action(*, action: CinAction, done_on, by) -> CinAction:
    _not_future(done_on, "done_on", "it was done")
    if done_on < action.plan.started_on:
        raise PlanError("The date is on or after the day the plan started", field="done_on")
    _require_manager_of_plan(action.plan, by)
    with transaction.atomic():
        _locked_active(action.plan)
        locked = CinAction.objects.select_for_update().get(pk=action.pk)
        if locked.status == CinActionStatus.DONE:
            raise PlanError("This action is already done")
        locked.status, locked.done_on = CinActionStatus.DONE, done_on
        return _saved(locked, by)


# --- Ending --------------------------------------------------------------------------------------


def minimum_length(plan: ChildInNeedPlan) -> str:
    """How long the plan lasts at least, in words ("" when it has no minimum)."""
    if plan.is_step_down:
        return f"{STEP_DOWN_MINIMUM_MONTHS} months from the step down"
    if plan.started_by_conference_id is not None:
        return f"{CONFERENCE_CIN_MINIMUM_WEEKS} weeks from the conference"
    return ""


def cin_plan_lasts_until(plan: ChildInNeedPlan) -> datetime.date | None:
    """The first day the plan may end without a team manager's agreement (None: no minimum)."""
    if plan.is_step_down:
        return calendar.add_months(plan.started_on, STEP_DOWN_MINIMUM_MONTHS)
    if plan.started_by_conference_id is not None:
        return plan.started_on + datetime.timedelta(weeks=CONFERENCE_CIN_MINIMUM_WEEKS)
    return None


def _is_team_manager_of_plan(plan, by) -> bool:
    return (
        by is not None
        and by.has_role(RoleCode.TEAM_MANAGER)
        and manages(by, plan.child.lead_social_worker)
    )


def end_child_in_need_plan(
    *,
    plan: ChildInNeedPlan,
    ended_on: datetime.date,
    reason: str,
    by,
    note: str = "",
    early_end_reason: str = "",
) -> ChildInNeedPlan:
    """End the plan: the date, the reason, who. Its live review deadline is withdrawn. A plan
    ending before its minimum length (3 months for a step down, 6 weeks after a conference) needs
    the lead social worker's team manager to end it, with the reason they agree (recorded as
    early_end_agreed_by and early_end_reason)."""
    if reason not in CinEndReason.values:
        raise PlanError("Select why the plan ends", field="reason")
    _not_future(ended_on, "ended_on", "the plan ends")
    if ended_on < plan.started_on:
        raise PlanError("A plan cannot end before it started", field="ended_on")
    _require_manager_of_plan(plan, by)
    early_end_reason = (early_end_reason or "").strip()
    lasts_until = cin_plan_lasts_until(plan)
    early = lasts_until is not None and ended_on < lasts_until
    if early and not _is_team_manager_of_plan(plan, by):
        raise PlanError(
            f"This plan lasts at least {minimum_length(plan)}, until "
            f"{lasts_until:%-d %B %Y}. Ending it earlier needs the team manager's agreement: "
            "the lead social worker's team manager ends it and records why",
            field="ended_on",
        )
    if early and not early_end_reason:
        raise PlanError(
            "Enter why you agree the plan ends before its minimum length",
            field="early_end_reason",
        )
    with transaction.atomic():
        locked = _locked_active(plan)
        locked.early_end_agreed_by = by if early else None
        locked.early_end_reason = early_end_reason if early else ""
        return _ended(locked, ended_on=ended_on, reason=reason, note=note, by=by)


def _ended(locked: ChildInNeedPlan, *, ended_on, reason: str, note: str, by) -> ChildInNeedPlan:
    """Record the end on a locked active plan and withdraw its live review deadline."""
    locked.status, locked.ended_on, locked.end_reason = PlanStatus.ENDED, ended_on, reason
    locked.end_note = (note or "").strip()
    locked.ended_by, locked.ended_at = by, timezone.now()
    locked._change_reason = f"Ended: {locked.get_end_reason_display()}"
    _saved(locked, by)
    why = f"The Child in Need plan ended on {ended_on:%-d %B %Y}"
    for rule in CIN_REVIEW_RULES:
        timescale_services.withdraw_deadline(rule=rule, subject=locked, reason=why, by=by)
    return locked


def end_for_child_protection(*, child, started_on: datetime.date, by) -> ChildInNeedPlan | None:
    """A child protection plan started: the child's active Child in Need plan ends that day (the
    protection plan replaces it; no minimum length applies, the conference decided). Called
    inside start_child_protection_plan's transaction, the child already locked."""
    plan = (
        ChildInNeedPlan.objects.select_for_update()
        .filter(child=child, status=PlanStatus.ACTIVE)
        .first()
    )
    if plan is None:
        return None
    plan.early_end_agreed_by, plan.early_end_reason = None, ""
    return _ended(
        plan,
        ended_on=max(started_on, plan.started_on),
        reason=CinEndReason.CHILD_PROTECTION,
        note="A conference decided the child needs a child protection plan.",
        by=by,
    )


# --- Early Help step-down ------------------------------------------------------------------------


def early_help_first_review_by(plan: ChildProtectionPlan) -> datetime.date:
    """The latest day of the Early Help plan's first review: CIN_REVIEW from the plan's end (004:
    a first CIN or Early Help review within 20 working days)."""
    policy = timescale_services.policy_for(RuleCode.CIN_REVIEW)
    due_on, _ = timescale_services.compute_due(
        value=policy.value, unit=policy.unit, direction=policy.direction, start=plan.ended_on
    )
    return due_on


def record_early_help_plan(
    *,
    plan: ChildProtectionPlan,
    lead_professional: str,
    lead_agency: str,
    started_on: datetime.date,
    first_review_on: datetime.date,
    by,
) -> EarlyHelpPlan:
    """A child protection plan that stepped down to Early Help: the Early Help plan (its lead
    professional and agency, its start) and its first review, within CIN_REVIEW of the end."""
    lead_professional = _text(
        lead_professional, "lead_professional", "Enter the Early Help lead professional"
    )
    lead_agency = _text(lead_agency, "lead_agency", "Enter the lead professional's agency")
    if plan.status != PlanStatus.ENDED or plan.step_down != StepDown.EARLY_HELP:
        raise PlanError(
            "Only a plan that ended with a step down to Early Help has an Early Help plan"
        )
    if started_on is None:
        raise PlanError("Enter the date the Early Help plan started", field="started_on")
    if started_on < plan.ended_on:
        raise PlanError(
            "The Early Help plan starts on or after the day the child protection plan ended",
            field="started_on",
        )
    if first_review_on is None:
        raise PlanError("Enter the date of the first Early Help review", field="first_review_on")
    if first_review_on < started_on:
        raise PlanError(
            "The first review is on or after the day the Early Help plan starts",
            field="first_review_on",
        )
    latest = early_help_first_review_by(plan)
    if first_review_on > latest:
        raise PlanError(
            f"The first Early Help review is due by {latest:%-d %B %Y} (within the first Child "
            "in Need or Early Help review timescale of the plan ending)",
            field="first_review_on",
        )
    _require_manager_of_plan(plan, by)
    with transaction.atomic():
        ChildProtectionPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
        existing = EarlyHelpPlan.objects.filter(from_plan=plan).first()
        record = existing or EarlyHelpPlan(from_plan=plan)
        record.lead_professional, record.lead_agency = lead_professional, lead_agency
        record.started_on, record.first_review_on = started_on, first_review_on
        record.recorded_by = by
        return _saved(record, by)
