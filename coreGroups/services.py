"""Business actions on core group meetings and visits. Keyword-only arguments, one transaction
each, and a CoreGroupError with a plain-English message (and the form field it belongs to) when a
rule forbids the action.

Meetings. `plan_meeting` books one; `record_meeting` records it as held: attendance, progress on
each action, a score against each danger statement, decisions. The plan's first held meeting meets
CG_FIRST (late if after its due date) and must be chaired by a team manager. Every held meeting
meets the live CG_NEXT (if any) and opens the next CG_NEXT from the day it was held (6 weeks by
default), subject the plan, the child's lead social worker responsible. The core group adds danger
statements and actions through plans.services (which never changes what a conference set), and a
MeetingAddition names the meeting that added each one.

Visits. `record_visit` records each visit; only one where the child was seen meets VISIT and opens
the next (see its docstring for how the plan's own, shorter, frequency is applied).
"""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode
from core.templatetags.govuk import govuk_date, govuk_datetime
from plans import services as plan_services
from plans.models import (
    ActionStatus,
    ChildProtectionPlan,
    CoreGroupMember,
    PlanAction,
    PlanDangerStatement,
    PlanStatus,
)
from timescales import calendar
from timescales import services as timescale_services
from timescales.models import LIVE_STATUSES, Deadline, DeadlineStatus, RuleCode, Unit

from .models import (
    MAX_SCORE,
    MIN_SCORE,
    ActionProgress,
    AttendanceStatus,
    CoreGroupAttendance,
    CoreGroupMeeting,
    DangerStatementScaling,
    MeetingAddition,
    MeetingStatus,
    Visit,
)
from .rules import leads_the_plan, may_record_meeting_for

REVIEW_RULES = (RuleCode.RCPC_FIRST, RuleCode.RCPC_NEXT)
MEETINGS_BETWEEN_CONFERENCES = 2
REVIEW_WARNING_DAYS = 28  # 4 weeks


class CoreGroupError(Exception):
    """A rule forbids the action; the message is plain English for the page."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _saved(instance, by, reason: str | None = None):
    """Save with `by` as the history user: services also run outside a request."""
    instance._history_user = by
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


def _locked_active_plan(plan: ChildProtectionPlan) -> ChildProtectionPlan:
    locked = (
        ChildProtectionPlan.objects.select_for_update(of=("self",))
        .select_related("child", "child__lead_social_worker", "child__lead_social_worker__team")
        .get(pk=plan.pk)
    )
    if locked.status != PlanStatus.ACTIVE:
        raise CoreGroupError("This plan has ended")
    return locked


def _locked_meeting(meeting: CoreGroupMeeting) -> CoreGroupMeeting:
    return (
        CoreGroupMeeting.objects.select_for_update(of=("self",))
        .select_related("plan", "chaired_by")
        .get(pk=meeting.pk)
    )


def _is_team_manager(user) -> bool:
    return user is not None and user.has_role(RoleCode.TEAM_MANAGER)


def _team_manager_for(plan: ChildProtectionPlan):
    """The lead social worker's team manager (their team's manager, else their line manager)."""
    worker = plan.child.lead_social_worker
    if worker is None:
        return None
    if worker.team_id and worker.team.manager_id:
        return worker.team.manager
    return worker.line_manager


def _has_held_meeting(plan, *, excluding=None) -> bool:
    held = CoreGroupMeeting.objects.filter(plan=plan, status=MeetingStatus.HELD)
    if excluding is not None:
        held = held.exclude(pk=excluding.pk)
    return held.exists()


FIRST_CHAIR_MESSAGE = (
    "The first core group after the conference is chaired by a social work team manager: "
    "select the team manager as chair"
)


def _live_deadline(rules, plan) -> Deadline | None:
    """The plan's live (open or breached) deadline of one of `rules`, if any."""
    rules = (rules,) if isinstance(rules, str) else tuple(rules)
    return (
        Deadline.objects.filter(
            rule__in=rules,
            subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
            subject_id=plan.pk,
            status__in=LIVE_STATUSES,
        )
        .order_by("due_on", "pk")
        .first()
    )


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


def _meeting_for_additions(meeting, by) -> CoreGroupMeeting:
    locked = CoreGroupMeeting.objects.select_related("plan").get(pk=meeting.pk)
    if locked.status == MeetingStatus.CANCELLED:
        raise CoreGroupError("This meeting was cancelled")
    if not may_record_meeting_for(by, locked):
        raise CoreGroupError(
            "Only the child's lead social worker, their team manager or the meeting's chair can "
            "add to the plan at a core group meeting"
        )
    return locked


def add_danger_statement_at_meeting(
    *, meeting: CoreGroupMeeting, text: str, safety_goal: str, by
) -> PlanDangerStatement:
    """The core group adds a danger statement with its safety goal at this meeting (through
    plans.services, which marks it added by the core group); the meeting is recorded against it."""
    with transaction.atomic():
        locked = _meeting_for_additions(meeting, by)
        try:
            statement = plan_services.add_core_group_danger_statement(
                plan=locked.plan, text=text, safety_goal=safety_goal, by=by
            )
        except plan_services.PlanError as error:
            raise CoreGroupError(error.message, field=error.field) from error
        _saved(
            MeetingAddition(meeting=locked, danger_statement=statement, added_by=by),
            by,
        )
        return statement


def add_action_at_meeting(
    *,
    meeting: CoreGroupMeeting,
    what: str,
    who: str,
    by_when: datetime.date | None = None,
    danger_statement: PlanDangerStatement | None = None,
    responsible=None,
    by,
) -> PlanAction:
    """The core group adds an action (who does what by when) at this meeting."""
    with transaction.atomic():
        locked = _meeting_for_additions(meeting, by)
        try:
            action = plan_services.add_action(
                plan=locked.plan,
                what=what,
                who=who,
                by_when=by_when,
                danger_statement=danger_statement,
                responsible=responsible,
                by=by,
            )
        except plan_services.PlanError as error:
            raise CoreGroupError(error.message, field=error.field) from error
        _saved(MeetingAddition(meeting=locked, action=action, added_by=by), by)
        return action


def _member_email(member: CoreGroupMember) -> str:
    if member.user_id and member.user.email:
        return member.user.email
    if member.person_id and member.person.email:
        return member.person.email
    return ""


def _record_text(meeting: CoreGroupMeeting) -> str:
    """The meeting's record as plain text for the email."""
    lines = [
        f"Core group meeting for {meeting.plan.child.legal_name}",
        f"Held: {govuk_datetime(meeting.held_at)}",
    ]
    if meeting.chaired_by_id:
        lines.append(f"Chaired by: {meeting.chaired_by.full_name}")
    lines += ["", "Attendance:"]
    lines += [f"- {row.name} ({row.get_status_display()})" for row in meeting.attendance.all()]
    lines += ["", "Progress on the actions:"]
    for row in meeting.progress.select_related("action"):
        comment = f": {row.comment}" if row.comment else ""
        lines.append(f"- {row.action.what} - {row.get_status_display()}{comment}")
    lines += ["", "Scaling (0 to 10):"]
    for row in meeting.scaling.select_related("danger_statement"):
        comment = f": {row.comment}" if row.comment else ""
        lines.append(f"- Danger statement {row.danger_statement.position}: {row.score}{comment}")
    lines += ["", "Decisions:", meeting.decisions or "None recorded"]
    return "\n".join(lines)


def share_meeting_record(*, meeting: CoreGroupMeeting, by) -> int:
    """Share a held meeting's record with the plan's active core group members who have an email
    address (a professional's sign-in address, a family member's recorded address); record when.
    The emails go when the transaction commits. Returns how many were sent."""
    with transaction.atomic():
        locked = _locked_meeting(meeting)
        if not may_record_meeting_for(by, locked):
            raise CoreGroupError(
                "Only the child's lead social worker, their team manager or the meeting's chair "
                "can share the record"
            )
        if locked.status != MeetingStatus.HELD:
            raise CoreGroupError("Record the meeting before sharing it")
        locked.plan = ChildProtectionPlan.objects.select_related("child").get(pk=locked.plan_id)
        members = CoreGroupMember.objects.filter(plan=locked.plan, is_active=True).select_related(
            "user", "person"
        )
        addresses = sorted({email for email in map(_member_email, members) if email})
        if not addresses:
            raise CoreGroupError("No member of the core group has an email address")
        locked.shared_at, locked.shared_by = timezone.now(), by
        _saved(locked, by, "Shared with the core group")
        subject = f"Core group meeting record: {govuk_date(locked.held_at)}"
        body = _record_text(locked)

        def send():
            for address in addresses:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])

        transaction.on_commit(send)
        return len(addresses)


def meetings_before_review_warning(
    plan: ChildProtectionPlan, *, today: datetime.date | None = None
) -> str | None:
    """A plain-English warning when the plan's next review is due within 4 weeks (or is overdue)
    and fewer than 2 core groups have been held since the last conference (the date the live
    review deadline counts from). None otherwise."""
    today = today or timezone.localdate()
    review = _live_deadline(REVIEW_RULES, plan)
    if review is None or (review.due_on - today).days > REVIEW_WARNING_DAYS:
        return None
    held = CoreGroupMeeting.objects.filter(
        plan=plan, status=MeetingStatus.HELD, held_at__gte=review.starts_at
    ).count()
    if held >= MEETINGS_BETWEEN_CONFERENCES:
        return None
    count = "no core group meetings have" if held == 0 else "only 1 core group meeting has"
    return (
        f"The next review conference is due by {govuk_date(review.due_on)} and {count} been "
        f"held since the last conference. At least {MEETINGS_BETWEEN_CONFERENCES} should meet "
        "between conferences."
    )


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
