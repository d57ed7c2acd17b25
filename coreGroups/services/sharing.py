"""Sharing a held meeting's record by email with the plan's core group members."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from core.outbox import child_in_email, queue_emails
from core.templatetags.govuk import govuk_date, govuk_datetime
from plans.models import ChildProtectionPlan, CoreGroupMember

from ..models import CoreGroupMeeting, MeetingStatus
from ..rules import may_record_meeting_for
from ._common import CoreGroupError, _locked_meeting, _saved


def _member_email(member: CoreGroupMember) -> str:
    if member.user_id and member.user.email:
        return member.user.email
    if member.person_id and member.person.email:
        return member.person.email
    return ""


def _record_text(meeting: CoreGroupMeeting) -> str:
    """The meeting's record as plain text for the email: the child by reference and link."""
    lines = [
        f"Core group meeting for the {child_in_email(meeting.plan.child)}",
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
    The emails are queued in the outbox in the same transaction. Returns how many."""
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

        queue_emails(
            [
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
                for address in addresses
            ],
            kind="core-group-record",
        )
        return len(addresses)
