"""Visits. `record_visit` records each visit; only one where the child was seen meets VISIT and
opens the next (see its docstring for how the plan's own, shorter, frequency is applied)."""

import datetime

from django.db import transaction
from django.utils import timezone

from plans.models import ChildProtectionPlan
from timescales import calendar
from timescales import services as timescale_services
from timescales.models import DeadlineStatus, RuleCode, Unit

from ..models import Visit
from ..rules import leads_the_plan
from ._common import CoreGroupError, _live_deadline, _locked_active_plan, _saved

# --- Visits -------------------------------------------------------------------------------------


def _open_next_visit(*, plan: ChildProtectionPlan, start: datetime.date, responsible):
    """Open VISIT from `start` with the authority's policy (open_deadline), then, when the plan's
    own frequency is shorter, bring that deadline's due date forward: due_on is `start` plus the
    plan's frequency in working days (timescales.calendar.add_working_days), due_at the start of
    the next day (as compute_due does for every day-based rule), and the frequency is recorded as
    the deadline's policy value, with a history reason. The policy is the longest a plan may go;
    the plan's frequency never lengthens it."""
    deadline = timescale_services.open_deadline(
        rule=RuleCode.VISIT,
        subject=plan,
        start=start,
        responsible=responsible,
        team=responsible.team if responsible is not None else None,
        child=plan.child,
    )
    frequency = plan.visit_frequency_working_days
    if (
        deadline.status == DeadlineStatus.OPEN
        and deadline.policy_unit == Unit.WORKING_DAYS
        and frequency < deadline.policy_value
    ):
        deadline.due_on = calendar.add_working_days(start, frequency)
        deadline.due_at = timezone.make_aware(
            datetime.datetime.combine(deadline.due_on + datetime.timedelta(days=1), datetime.time())
        )
        deadline.policy_value = frequency
        deadline._change_reason = f"The plan's visiting frequency: every {frequency} working days"
        deadline.save()
    return deadline


def record_visit(
    *,
    plan: ChildProtectionPlan,
    by,
    visited_on: datetime.date,
    child_seen: bool,
    seen_alone: bool,
    reason_not_seen: str = "",
    notes: str = "",
    visited_by=None,
) -> Visit:
    """Record a social work visit (by the lead social worker or their team manager; `visited_by`
    defaults to `by`).

    A visit where the child was seen meets the live VISIT deadline (on time or late) and opens the
    next one from `visited_on`: the authority's VISIT policy (10 working days), or the plan's own
    visiting frequency when the conference set a shorter one (see `_open_next_visit`: open_deadline
    with the policy, then the due date brought forward with add_working_days). A visit where the
    child was not seen is recorded, with the reason, and the clock keeps running: the child must be
    seen. A seen visit dated before the one the live deadline counts from is recorded without
    touching the deadlines (it was already counted).
    """
    if visited_on is None:
        raise CoreGroupError("Enter the date of the visit", field="visited_on")
    if visited_on > timezone.localdate():
        raise CoreGroupError(
            "The date of the visit must be today or in the past", field="visited_on"
        )
    if child_seen is None:
        raise CoreGroupError("Select whether the child was seen", field="child_seen")
    reason_not_seen = (reason_not_seen or "").strip()
    if child_seen:
        reason_not_seen = ""
    else:
        seen_alone = False
        if not reason_not_seen:
            raise CoreGroupError("Enter why the child was not seen", field="reason_not_seen")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        if not leads_the_plan(by, locked):
            raise CoreGroupError(
                "Only the child's lead social worker or their team manager can record a visit"
            )
        if visited_on < locked.started_on:
            raise CoreGroupError(
                "A visit before the plan started is not a visit under the plan", field="visited_on"
            )
        visit = _saved(
            Visit(
                plan=locked,
                visited_on=visited_on,
                visited_by=visited_by or by,
                child_seen=bool(child_seen),
                seen_alone=bool(seen_alone),
                reason_not_seen=reason_not_seen,
                notes=(notes or "").strip(),
                recorded_by=by,
            ),
            by,
        )
        if child_seen:
            live = _live_deadline(RuleCode.VISIT, locked)
            if live is None or timezone.localdate(live.starts_at) <= visited_on:
                timescale_services.meet_deadline(
                    rule=RuleCode.VISIT, subject=locked, met_on=visited_on
                )
                _open_next_visit(
                    plan=locked, start=visited_on, responsible=locked.child.lead_social_worker
                )
        return visit
