"""Holding the conference (issue 6): attendance, quoracy, the Signs of Safety record.

The chair or the minute taker of the conference starts it on its day and records it; only the
chair records why an inquorate conference proceeds. `may_reach_decision` (conferences.quoracy)
is for the decision step that follows."""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from children.models import Child
from core.history import save_as
from core.templatetags.govuk import govuk_date
from voice.checks import children_not_seen

from ..models import (
    MAX_DANGER_STATEMENTS,
    Attendance,
    AttendanceKind,
    AttendanceRole,
    AttendanceStatus,
    Conference,
    ConferenceStatus,
    DangerStatement,
    Invitation,
    InvitationKind,
    InvitationReply,
    InviteeKind,
    ParentsMetChair,
    SafetyGoal,
    SignsOfSafetyRecord,
)
from ._common import REVIEW_KINDS, _locked_for_recording, _names, _require_holder
from .errors import HoldingError
from .family_preparation import check_parents_met_chair_answer
from .reviews import _prefill_review_record

SIGNS_OF_SAFETY_FIELDS = (
    "worried_about_harm",
    "complicating_factors",
    "working_well",
    "needs_to_happen",
    "next_steps",
    "contingency_plan",
)


def start_conference(*, conference: Conference, by) -> Conference:
    """Start the booked conference on its day: the attendance list is made from the active
    invitations (apologies as apologies, everyone else not confirmed yet), with the chair and
    minute taker attending and each child's social worker expected; the Signs of Safety record
    is opened. Starting again changes nothing."""
    _require_holder(conference, by)
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Conference.objects.select_for_update(of=("self",))
            .select_related("chair", "minute_taker")
            .get(pk=conference.pk)
        )
        _require_holder(locked, by)
        if locked.started_at is not None:
            return locked
        if locked.status != ConferenceStatus.BOOKED:
            raise HoldingError(
                f"This conference is {locked.get_status_display().lower()}: it cannot be started"
            )
        if timezone.localdate(locked.starts_at) > timezone.localdate(now):
            raise HoldingError(
                f"This conference is booked for {govuk_date(timezone.localdate(locked.starts_at))}"
                ": it can be started on that day"
            )
        not_seen = children_not_seen(locked)
        if not_seen:
            raise HoldingError(
                f"{_names(not_seen)} {'has' if len(not_seen) == 1 else 'have'} not been seen: "
                "the social worker records when each child was seen, or the chair records why "
                "the conference goes ahead without it"
            )
        rows = []
        for user, role, capacity in (
            (locked.chair, AttendanceRole.CHAIR, "Chair"),
            (locked.minute_taker, AttendanceRole.MINUTE_TAKER, "Minute taker"),
        ):
            if user is not None:
                rows.append(
                    Attendance(
                        conference=locked,
                        user=user,
                        agency_id=user.agency_id,
                        name=user.full_name or user.email,
                        capacity=capacity,
                        kind=AttendanceKind.PROFESSIONAL,
                        conference_role=role,
                        status=AttendanceStatus.ATTENDED,
                        recorded_by=by,
                        recorded_at=now,
                    )
                )
        workers = {}
        for child in (
            Child.objects.filter(conference_links__conference=locked)
            .select_related("lead_social_worker")
            .order_by("pk")
        ):
            worker = child.lead_social_worker
            if worker is not None and worker.pk not in workers:
                workers[worker.pk] = worker
        invitations = list(
            Invitation.objects.filter(conference=locked, is_active=True).order_by(
                "kind", "name", "pk"
            )
        )
        worker_invitations = {
            invitation.user_id: invitation
            for invitation in invitations
            if invitation.user_id in workers
        }
        for worker in workers.values():
            rows.append(
                Attendance(
                    conference=locked,
                    invitation=worker_invitations.get(worker.pk),
                    user=worker,
                    agency_id=worker.agency_id,
                    name=worker.full_name or worker.email,
                    organisation="" if worker.agency_id else "Children's social care",
                    capacity="Children's social worker",
                    kind=AttendanceKind.PROFESSIONAL,
                    conference_role=AttendanceRole.SOCIAL_WORKER,
                    status=AttendanceStatus.EXPECTED,
                    recorded_by=by,
                    recorded_at=now,
                )
            )
        for invitation in invitations:
            if invitation.user_id in worker_invitations:
                continue
            substitute = invitation.reply == InvitationReply.SUBSTITUTE
            rows.append(
                Attendance(
                    conference=locked,
                    invitation=invitation,
                    user=None if substitute else invitation.user,
                    agency_id=invitation.agency_id,
                    name=invitation.substitute_name if substitute else invitation.name,
                    organisation=invitation.organisation,
                    capacity=(
                        f"{invitation.connection} (instead of {invitation.name})"[:300]
                        if substitute
                        else invitation.connection
                    ),
                    kind=(
                        AttendanceKind.FAMILY
                        if invitation.kind == InviteeKind.FAMILY
                        else AttendanceKind.CHILD
                        if invitation.kind == InvitationKind.CHILD  # issue 21 item 4
                        else AttendanceKind.PROFESSIONAL
                    ),
                    status=(
                        AttendanceStatus.APOLOGIES
                        if invitation.reply == InvitationReply.APOLOGIES
                        else AttendanceStatus.EXPECTED
                    ),
                    recorded_by=by,
                    recorded_at=now,
                )
            )
        bulk_create_with_history(rows, Attendance, default_user=by)
        if not SignsOfSafetyRecord.objects.filter(conference=locked).exists():
            record = SignsOfSafetyRecord(conference=locked, updated_by=by, updated_at=now)
            save_as(record, by=by)
            if locked.kind in REVIEW_KINDS:
                _prefill_review_record(locked, record, by)
        locked.started_at, locked.started_by = now, by
        save_as(locked, by=by, update_fields=["started_at", "started_by"])
    return locked


def record_attendance(*, conference: Conference, by, rows) -> list:
    """Record each person's attendance: ``rows`` maps an attendance row (or its id) to its
    status. Rows not given are left as they are."""
    statuses = {}
    for row, status in dict(rows).items():
        if status not in AttendanceStatus.values:
            raise HoldingError("Select whether each person attended", field="rows")
        statuses[getattr(row, "pk", row)] = status
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        found = list(
            Attendance.objects.select_for_update().filter(conference=locked, pk__in=statuses)
        )
        if len(found) != len(statuses):
            raise HoldingError("Someone in the list is not at this conference", field="rows")
        now = timezone.now()
        changed = [row for row in found if row.status != statuses[row.pk]]
        for row in changed:
            row.status, row.recorded_by, row.recorded_at = statuses[row.pk], by, now
        if changed:
            bulk_update_with_history(
                changed,
                Attendance,
                ["status", "recorded_by", "recorded_at"],
                default_user=by,
            )
    return found


def add_attendee(
    *,
    conference: Conference,
    by,
    name: str,
    kind: str,
    organisation: str = "",
    capacity: str = "",
    status: str = "attended",
    is_social_worker: bool = False,
):
    """Add someone who was not invited (an interpreter, an advocate, a professional who came in
    a colleague's place)."""
    name, organisation, capacity = name.strip(), organisation.strip(), capacity.strip()
    if not name:
        raise HoldingError("Enter the person's name", field="name")
    if kind not in AttendanceKind.values:
        raise HoldingError("Select who they are", field="kind")
    if status not in AttendanceStatus.values:
        raise HoldingError("Select whether they attended", field="status")
    if kind == AttendanceKind.PROFESSIONAL and not organisation:
        raise HoldingError("Enter the professional's agency or organisation", field="organisation")
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        row = Attendance(
            conference=locked,
            name=name,
            organisation=organisation,
            capacity=capacity,
            kind=kind,
            conference_role=(
                AttendanceRole.SOCIAL_WORKER
                if is_social_worker and kind == AttendanceKind.PROFESSIONAL
                else AttendanceRole.PARTICIPANT
            ),
            status=status,
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        save_as(row, by=by)
    return row


def record_participation(
    *, conference: Conference, by, parents_met_chair_beforehand: str
) -> Conference:
    """Whether the parents met the chair beforehand. How each child took part is per child
    (voice.services.record_participation, issue 21)."""
    if parents_met_chair_beforehand not in ParentsMetChair.values:
        raise HoldingError(
            "Select whether the parents met the chair beforehand",
            field="parents_met_chair_beforehand",
        )
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        check_parents_met_chair_answer(locked, parents_met_chair_beforehand)  # issue 21 item 5
        locked.parents_met_chair_beforehand = parents_met_chair_beforehand
        save_as(locked, by=by, update_fields=["parents_met_chair_beforehand"])
    return locked


def record_quorate_reason(*, conference: Conference, by, reason: str) -> Conference:
    """The chair's reason to proceed although the conference is not quorate."""
    reason = (reason or "").strip()
    if by is None or conference.chair_id is None or by.pk != conference.chair_id:
        raise HoldingError("Only the conference's chair can record why it proceeds")
    if not reason:
        raise HoldingError(
            "Enter why the conference proceeds although it is not quorate", field="reason"
        )
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        locked.quorate_reason, locked.quorate_reason_by = reason, by
        save_as(locked, by=by, update_fields=["quorate_reason", "quorate_reason_by"])
    return locked


def _record_of(locked: Conference, by):
    record = SignsOfSafetyRecord.objects.select_for_update().filter(conference=locked).first()
    if record is None:
        record = SignsOfSafetyRecord(conference=locked, updated_by=by)
        save_as(record, by=by)
    return record


def save_signs_of_safety(*, conference: Conference, by, **fields):
    """Save what is typed in the Signs of Safety record. Fields not given are left as they are."""
    unknown = set(fields) - set(SIGNS_OF_SAFETY_FIELDS)
    if unknown:
        raise TypeError(f"Not part of the Signs of Safety record: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        record = _record_of(locked, by)
        for name, value in fields.items():
            setattr(record, name, (value or "").strip())
        record.updated_at, record.updated_by = timezone.now(), by
        save_as(record, by=by)
    return record


def _danger_text(statement: str, safety_goal: str) -> tuple[str, str]:
    statement, safety_goal = (statement or "").strip(), (safety_goal or "").strip()
    if not statement:
        raise HoldingError("Enter the danger statement", field="statement")
    if not safety_goal:
        raise HoldingError("Enter the safety goal for this danger statement", field="safety_goal")
    return statement, safety_goal


def add_danger_statement(*, conference: Conference, by, statement: str, safety_goal: str):
    """Add a danger statement with its safety goal: a conference sets at most 4."""
    statement, safety_goal = _danger_text(statement, safety_goal)
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        record = _record_of(locked, by)  # locked: two people adding at once queue here
        taken = set(
            DangerStatement.objects.filter(record=record).values_list("position", flat=True)
        )
        if len(taken) >= MAX_DANGER_STATEMENTS:
            raise HoldingError(
                f"A conference can set at most {MAX_DANGER_STATEMENTS} danger statements",
                field="statement",
            )
        position = min(set(range(1, MAX_DANGER_STATEMENTS + 1)) - taken)
        danger = DangerStatement(
            record=record,
            position=position,
            statement=statement,
            updated_by=by,
            updated_at=timezone.now(),
        )
        save_as(danger, by=by)
        goal = SafetyGoal(danger_statement=danger, goal=safety_goal)
        save_as(goal, by=by)
    return danger


def change_danger_statement(
    *, conference: Conference, by, danger_statement, statement: str, safety_goal: str
):
    """Change the wording of a danger statement and its safety goal."""
    statement, safety_goal = _danger_text(statement, safety_goal)
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        danger = (
            DangerStatement.objects.select_for_update()
            .filter(pk=getattr(danger_statement, "pk", danger_statement), record__conference=locked)
            .first()
        )
        if danger is None:
            raise HoldingError("That danger statement is not part of this conference")
        danger.statement, danger.updated_by, danger.updated_at = statement, by, timezone.now()
        save_as(danger, by=by)
        goal = SafetyGoal.objects.filter(danger_statement=danger).first() or SafetyGoal(
            danger_statement=danger
        )
        goal.goal = safety_goal
        save_as(goal, by=by)
    return danger


def record_scale_score(**kwargs):
    """A participant's score against a danger statement for a child: conferences.scaling (issue 17
    item 11), where the rules of scaling live."""
    # Imported here: conferences.scaling imports conferences.services.
    from ..scaling import record_scale_score as record

    return record(**kwargs)
