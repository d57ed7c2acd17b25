"""Between conferences (issue 7 part 5): the chair's mid-way review note and the team manager's
drift review before the third review conference."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.line_management import manages
from accounts.models import RoleCode
from conferences.models import Conference, ConferenceStatus
from timescales import services as timescale_services
from timescales.models import RuleCode

from ..models import ChildProtectionPlan, DriftFlag, MidwayReviewNote
from ._common import PlanError, _locked_active_plan, _saved

# --- Between conferences (issue 7 part 5) ----------------------------------------------------------
# The chair of the plan's last conference writes a mid-way review note between conferences (a QA
# manager may too). Before the third review conference a drift flag asks the child's team manager
# to review the plan (raised by plans.drift); their review (a note) clears it.


def last_conference_of(plan: ChildProtectionPlan, *, chair_only: bool = False) -> Conference:
    """The plan's most recent conference that was held or is being held about its child: the
    conference that started the plan, or a later review. With `chair_only`, a later review
    carries only its chair's id (all the plan page asks of it)."""
    later = later_conferences(plan.child_id, since=plan.started_by_conference.starts_at)
    later = later.only("chair") if chair_only else later.select_related("chair")
    return later.first() or plan.started_by_conference


def later_conferences(child_id, *, since):
    """The conferences about the child since `since` (the start of the plan's conference) that
    were held or are being held, latest first: the first is the plan's last conference (else the
    conference that started the plan). The arguments may be OuterRefs, for the plan's own query."""
    return (
        Conference.objects.filter(conference_children__child_id=child_id, starts_at__gte=since)
        .filter(
            Q(status=ConferenceStatus.HELD)
            | Q(status=ConferenceStatus.BOOKED, started_at__isnull=False)
        )
        .order_by("-starts_at", "-pk")
    )


def may_write_midway_note(plan: ChildProtectionPlan, by, *, last_conference=None) -> bool:
    """The chair of the plan's last conference, or a QA manager, while the plan is active."""
    if by is None or not by.is_authenticated or not plan.is_active:
        return False
    if by.has_role(RoleCode.QA_MANAGER):
        return True
    last_conference = last_conference or last_conference_of(plan)
    return last_conference.chair_id == by.pk


def write_midway_note(
    *,
    plan: ChildProtectionPlan,
    by,
    is_progressing: bool | None,
    review_date_right: bool | None,
    note: str,
    escalation: str = "",
):
    """Record the chair's mid-way review note on the plan."""
    if is_progressing is None:
        raise PlanError("Select whether the plan is progressing", field="is_progressing")
    if review_date_right is None:
        raise PlanError("Select whether the review date is right", field="review_date_right")
    note = (note or "").strip()
    if not note:
        raise PlanError("Enter your mid-way review note", field="note")
    escalation = (escalation or "").strip()
    if not review_date_right and not escalation:
        raise PlanError("Say what you have escalated about the review date", field="escalation")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        last_conference = last_conference_of(locked)
        if not may_write_midway_note(locked, by, last_conference=last_conference):
            raise PlanError(
                "Only the chair of the plan's last conference or a QA manager can write the "
                "mid-way review note"
            )
        written = _saved(
            MidwayReviewNote(
                plan=locked,
                conference=last_conference,
                is_progressing=is_progressing,
                review_date_right=review_date_right,
                note=note,
                escalation=escalation,
                written_by=by,
            ),
            by,
        )
        # The chair's mid-way review between conferences is a deadline (issue 22, ADR 56).
        timescale_services.meet_deadline(
            rule=RuleCode.MIDWAY_REVIEW, subject=locked, met_on=written.written_at
        )
        return written


def may_review_drift(plan: ChildProtectionPlan, by) -> bool:
    """The team manager of the child's lead social worker (their line manager or their team's
    manager, holding the team manager role)."""
    if by is None or not by.is_authenticated or not by.has_role(RoleCode.TEAM_MANAGER):
        return False
    worker = plan.child.lead_social_worker
    if worker is None:
        return False
    return manages(by, worker)


def record_drift_review(*, plan: ChildProtectionPlan, by, note: str):
    """The team manager's review of a plan flagged for drift: the note clears the flag and meets
    the DRIFT_REVIEW deadline (due before the third review conference; plans.drift)."""
    note = (note or "").strip()
    if not note:
        raise PlanError("Enter your review of the plan", field="note")
    with transaction.atomic():
        locked_plan = _locked_active_plan(plan)
        if not may_review_drift(locked_plan, by):
            raise PlanError("Only the child's team manager can review the plan for drift")
        flag = DriftFlag.objects.select_for_update().filter(plan=locked_plan).first()
        if flag is None or not flag.is_open:
            raise PlanError("The plan has no drift flag waiting for a review")
        flag.reviewed_by, flag.reviewed_at, flag.review_note = by, timezone.now(), note
        flag._change_reason = "The team manager reviewed the plan for drift"
        _saved(flag, by)
        timescale_services.meet_deadline(
            rule=RuleCode.DRIFT_REVIEW, subject=locked_plan, met_on=flag.reviewed_at
        )
        return flag
