"""Core group meetings. `plan_meeting` books one; `record_meeting` records it as held: attendance,
progress on each action, a score against each danger statement, decisions. The plan's first held
meeting meets CG_FIRST (late if after its due date) and must be chaired by a team manager. Every
held meeting meets the live CG_NEXT (if any) and opens the next CG_NEXT from the day it was held (6
weeks by default), subject the plan, the child's lead social worker responsible. A warning shows
when the review is near and too few core groups have met (meetings_before_review_warning)."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from core.templatetags.govuk import govuk_date
from plans.models import (
    ActionStatus,
    ChildProtectionPlan,
    CoreGroupMember,
    PlanAction,
    PlanDangerStatement,
)
from timescales import services as timescale_services
from timescales.models import DeadlineStatus, RuleCode

from ..models import (
    MAX_SCORE,
    MIN_SCORE,
    ActionProgress,
    AttendanceStatus,
    CoreGroupAttendance,
    CoreGroupMeeting,
    DangerStatementScaling,
    MeetingStatus,
)
from ..rules import leads_the_plan, may_record_meeting_for
from ._common import (
    FIRST_CHAIR_MESSAGE,
    CoreGroupError,
    _has_held_meeting,
    _is_team_manager,
    _live_deadline,
    _locked_active_plan,
    _locked_meeting,
    _saved,
    _team_manager_for,
)

REVIEW_RULES = (RuleCode.RCPC_FIRST, RuleCode.RCPC_NEXT)
MEETINGS_BETWEEN_CONFERENCES = 2
REVIEW_WARNING_DAYS = 28  # 4 weeks


# --- Meetings ---------------------------------------------------------------------------------


def plan_meeting(
    *, plan: ChildProtectionPlan, held_at: datetime.datetime, by, chaired_by=None, venue: str = ""
) -> CoreGroupMeeting:
    """Book a core group meeting. The plan's first meeting is chaired by the lead social worker's
    team manager (the default, and a chair who is not a team manager is refused); later meetings
    default to the lead social worker as chair."""
    if held_at is None:
        raise CoreGroupError("Enter the date of the meeting", field="held_at")
    with transaction.atomic():
        locked = _locked_active_plan(plan)
        if not leads_the_plan(by, locked):
            raise CoreGroupError(
                "Only the child's lead social worker or their team manager can plan a core group"
            )
        if timezone.localdate(held_at) < locked.started_on:
            raise CoreGroupError(
                "A core group cannot meet before the plan started", field="held_at"
            )
        first = not _has_held_meeting(locked)
        if chaired_by is None:
            chaired_by = _team_manager_for(locked) if first else locked.child.lead_social_worker
        if first and not _is_team_manager(chaired_by):
            raise CoreGroupError(FIRST_CHAIR_MESSAGE, field="chaired_by")
        return _saved(
            CoreGroupMeeting(
                plan=locked,
                held_at=held_at,
                chaired_by=chaired_by,
                venue=(venue or "").strip(),
                is_first=first,
                created_by=by,
            ),
            by,
        )


def _clean_attendance(plan, attendance: Sequence[dict]) -> list[CoreGroupAttendance]:
    members = {m.pk: m for m in CoreGroupMember.objects.filter(plan=plan)}
    rows, seen = [], set()
    for row in attendance:
        member = row.get("member")
        if member is not None:
            member = members.get(getattr(member, "pk", member))
            if member is None:
                raise CoreGroupError(
                    "Someone in the attendance list is not in this plan's core group",
                    field="attendance",
                )
            if member.pk in seen:
                raise CoreGroupError("A member is listed twice", field="attendance")
            seen.add(member.pk)
        name = (row.get("name") or (member.name if member else "")).strip()
        if not name:
            raise CoreGroupError("Enter the name of each person", field="attendance")
        status = row.get("status")
        if status not in AttendanceStatus.values:
            raise CoreGroupError(f"Select whether {name} attended", field="attendance")
        role = row.get("role")
        rows.append(
            CoreGroupAttendance(
                member=member,
                name=name,
                role=(role if role is not None else (member.role if member else "")).strip(),
                status=status,
            )
        )
    return rows


def _clean_progress(plan, progress: Sequence[dict]) -> list[tuple[PlanAction, ActionProgress]]:
    actions = {a.pk: a for a in PlanAction.objects.filter(plan=plan)}
    rows, seen = [], set()
    for row in progress:
        action = actions.get(getattr(row.get("action"), "pk", row.get("action")))
        if action is None:
            raise CoreGroupError("An action is not on this plan", field="progress")
        if action.pk in seen:
            raise CoreGroupError("An action is listed twice", field="progress")
        seen.add(action.pk)
        if row.get("status") not in ActionStatus.values:
            raise CoreGroupError(f"Select the progress on “{action.what[:60]}”", field="progress")
        rows.append(
            (
                action,
                ActionProgress(
                    action=action,
                    status=row["status"],
                    comment=(row.get("comment") or "").strip(),
                ),
            )
        )
    return rows


def _clean_scaling(plan, scaling: Sequence[dict]) -> list[DangerStatementScaling]:
    statements = {s.pk: s for s in PlanDangerStatement.objects.filter(plan=plan, is_active=True)}
    rows, seen = [], set()
    for row in scaling:
        statement = statements.get(
            getattr(row.get("danger_statement"), "pk", row.get("danger_statement"))
        )
        if statement is None:
            raise CoreGroupError("A danger statement is not on this plan", field="scaling")
        if statement.pk in seen:
            raise CoreGroupError("A danger statement is scored twice", field="scaling")
        seen.add(statement.pk)
        score = row.get("score")
        if score is None or isinstance(score, bool) or not MIN_SCORE <= int(score) <= MAX_SCORE:
            raise CoreGroupError(
                f"Enter a score from {MIN_SCORE} to {MAX_SCORE} for danger statement "
                f"{statement.position}",
                field="scaling",
            )
        rows.append(
            DangerStatementScaling(
                danger_statement=statement,
                score=int(score),
                comment=(row.get("comment") or "").strip(),
            )
        )
    return rows


def record_meeting(
    *,
    meeting: CoreGroupMeeting,
    by,
    attendance: Sequence[dict] = (),
    progress: Sequence[dict] = (),
    scaling: Sequence[dict] = (),
    decisions: str = "",
    notes: str = "",
    held_at: datetime.datetime | None = None,
    late_reason: str = "",
) -> CoreGroupMeeting:
    """Record a planned meeting as held.

    attendance: [{"member": CoreGroupMember or None, "name", "role", "status"}] (name and role
    default to the member's); progress: [{"action": PlanAction, "status", "comment"}] (the
    action's status on the plan follows the meeting's); scaling: [{"danger_statement", "score"
    (0-10), "comment"}]; `held_at` corrects the date and time it was booked for.

    The plan's first held meeting must be chaired by a team manager and meets CG_FIRST; held after
    CG_FIRST's due date, it needs `late_reason` (like a late conference), recorded on the deadline
    for a manager to sign off. Every held
    meeting meets the live CG_NEXT and opens the next, 6 weeks (the authority's policy) from the day
    it was held.
    """
    with transaction.atomic():
        locked = _locked_meeting(meeting)
        plan = _locked_active_plan(locked.plan)
        locked.plan = plan
        if not may_record_meeting_for(by, locked):
            raise CoreGroupError(
                "Only the child's lead social worker, their team manager or the meeting's chair "
                "can record a core group meeting"
            )
        if locked.status != MeetingStatus.PLANNED:
            raise CoreGroupError(
                "This meeting is already recorded"
                if locked.status == MeetingStatus.HELD
                else "This meeting was cancelled"
            )
        if held_at is not None:
            locked.held_at = held_at
        if locked.held_at > timezone.now():
            raise CoreGroupError(
                "A meeting can be recorded once it has happened: the date is in the future",
                field="held_at",
            )
        held_on = timezone.localdate(locked.held_at)
        if held_on < plan.started_on:
            raise CoreGroupError(
                "A core group cannot meet before the plan started", field="held_at"
            )
        last_held = (
            CoreGroupMeeting.objects.filter(plan=plan, status=MeetingStatus.HELD)
            .order_by("-held_at")
            .first()
        )
        if last_held is not None and locked.held_at < last_held.held_at:
            raise CoreGroupError(
                "A later core group meeting is already recorded: record meetings in the order "
                "they were held",
                field="held_at",
            )
        first = last_held is None
        if first and not _is_team_manager(locked.chaired_by):
            raise CoreGroupError(FIRST_CHAIR_MESSAGE, field="chaired_by")
        late_reason = (late_reason or "").strip()
        first_due = timescale_services._live(RuleCode.CG_FIRST, plan, lock=False) if first else None
        late = first_due is not None and (
            first_due.status == DeadlineStatus.BREACHED or locked.held_at >= first_due.due_at
        )
        if late and not late_reason:
            raise CoreGroupError(
                f"The first core group was due by {govuk_date(first_due.due_on)}. Enter why it "
                "met after its due date",
                field="late_reason",
            )

        attendance_rows = _clean_attendance(plan, attendance)
        progress_rows = _clean_progress(plan, progress)
        scaling_rows = _clean_scaling(plan, scaling)

        locked.status = MeetingStatus.HELD
        locked.is_first = first
        locked.decisions = (decisions or "").strip()
        locked.notes = (notes or "").strip()
        locked.recorded_by, locked.recorded_at = by, timezone.now()
        _saved(locked, by, "Recorded as held")

        for row in attendance_rows:
            row.meeting = locked
            _saved(row, by)
        for action, row in progress_rows:
            row.meeting = locked
            _saved(row, by)
            if action.status != row.status:
                action.status = row.status
                _saved(action, by, f"Progress at the core group meeting {locked.pk}")
        for row in scaling_rows:
            row.meeting = locked
            _saved(row, by)

        if first:
            timescale_services.meet_deadline(
                rule=RuleCode.CG_FIRST,
                subject=plan,
                met_on=locked.held_at,
                delay_reason=late_reason if late else "",
            )
        timescale_services.meet_deadline(rule=RuleCode.CG_NEXT, subject=plan, met_on=locked.held_at)
        worker = plan.child.lead_social_worker
        timescale_services.open_deadline(
            rule=RuleCode.CG_NEXT,
            subject=plan,
            start=held_on,
            responsible=worker,
            team=worker.team if worker is not None else None,
            child=plan.child,
        )
        return locked


def cancel_meeting(*, meeting: CoreGroupMeeting, by) -> CoreGroupMeeting:
    """A planned meeting that will not happen. Its deadlines are untouched: the core group still
    has to meet."""
    with transaction.atomic():
        locked = _locked_meeting(meeting)
        if not may_record_meeting_for(by, locked):
            raise CoreGroupError("Only the lead social worker or their team manager can cancel")
        if locked.status != MeetingStatus.PLANNED:
            raise CoreGroupError("Only a planned meeting can be cancelled")
        locked.status = MeetingStatus.CANCELLED
        return _saved(locked, by, "Cancelled")


_UNREAD = object()


def meetings_before_review_warning(
    plan: ChildProtectionPlan,
    *,
    today: datetime.date | None = None,
    review=_UNREAD,
    meetings: Sequence[CoreGroupMeeting] | None = None,
) -> str | None:
    """A plain-English warning when the plan's next review is due within 4 weeks (or is overdue)
    and fewer than 2 core groups have been held since the last conference (the date the live
    review deadline counts from). None otherwise.

    A page that has read them passes the live review deadline (`review`: its due_on and
    starts_at, or None) and every meeting of the plan (`meetings`: status and held_at), and no
    query is made."""
    today = today or timezone.localdate()
    if review is _UNREAD:
        review = _live_deadline(REVIEW_RULES, plan)
    if review is None or (review.due_on - today).days > REVIEW_WARNING_DAYS:
        return None
    if meetings is None:
        held = CoreGroupMeeting.objects.filter(
            plan=plan, status=MeetingStatus.HELD, held_at__gte=review.starts_at
        ).count()
    else:
        held = sum(
            1
            for meeting in meetings
            if meeting.status == MeetingStatus.HELD
            and meeting.held_at is not None  # as the query's held_at__gte leaves one out
            and meeting.held_at >= review.starts_at
        )
    if held >= MEETINGS_BETWEEN_CONFERENCES:
        return None
    count = "no core group meetings have" if held == 0 else "only 1 core group meeting has"
    return (
        f"The next review conference is due by {govuk_date(review.due_on)} and {count} been "
        f"held since the last conference. At least {MEETINGS_BETWEEN_CONFERENCES} should meet "
        "between conferences."
    )
