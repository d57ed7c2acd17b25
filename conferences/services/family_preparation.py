"""Issue 21 item 5, preparing the family (004 chairs' items 4 and 5).

- The chair records that a family member on the invite list was advised not to attend, with the
  reason; the chair then tries to meet them in advance (one meeting per person).
- The chair meets the parents at least 20 minutes before the conference. The chair records the
  meeting as held (when, and for how long) or not held and why. A meeting shorter than 20 minutes
  is recorded as it happened, with the reason it was shorter (parents arriving late cannot be
  undone; refusing would only make the record untrue), and the chair's page shows it as short.
- The meeting with the parents sets Conference.parents_met_chair_beforehand (yes or no), the
  answer the holding page shows: the record is the source, the field follows it.

Only the conference's chair records these, while the conference is booked or after it is held.
Keyword-only arguments, one transaction each, HoldingError with a plain-English message.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from core.history import save_as

from ..family_invitees import family_invitees
from ..models import (
    PARENTS_MEETING_MINUTES,
    ChairMeeting,
    ChairMeetingKind,
    Conference,
    ConferenceStatus,
    ParentAdvisedNotToAttend,
    ParentsMetChair,
)
from .errors import HoldingError

# The chair records the meetings while the conference is booked, or afterwards once it is held.
PREPARATION_STATUSES = (ConferenceStatus.BOOKED, ConferenceStatus.HELD)
LONGEST_MEETING_MINUTES = 480


def _locked_for_chair(conference: Conference, by, action: str) -> Conference:
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    if by is None or locked.chair_id is None or by.pk != locked.chair_id:
        raise HoldingError(f"Only the conference's chair can {action}")
    if locked.status not in PREPARATION_STATUSES:
        raise HoldingError(
            f"This conference is {locked.get_status_display().lower()}: {action} is recorded "
            "only for a booked or held conference"
        )
    return locked


def record_advised_not_to_attend(
    *, conference: Conference, by, person_id: int, reason: str
) -> ParentAdvisedNotToAttend:
    """The chair records that a family member on the invite list was advised not to attend."""
    reason = (reason or "").strip()
    invitees = {invitee.person_id: invitee for invitee in family_invitees(conference)}
    if person_id not in invitees:
        raise HoldingError("Select a family member on the invite list", field="person")
    if not reason:
        raise HoldingError(
            f"Enter why {invitees[person_id].name} was advised not to attend", field="reason"
        )
    with transaction.atomic():
        _locked_for_chair(conference, by, "record who was advised not to attend")
        row = ParentAdvisedNotToAttend.objects.filter(
            conference=conference, person_id=person_id
        ).first() or ParentAdvisedNotToAttend(
            conference=conference, person_id=person_id, recorded_by=by
        )
        row.reason, row.is_active = reason, True
        row.recorded_by, row.recorded_at = by, timezone.now()
        save_as(row, by=by)
    return row


def withdraw_advised_not_to_attend(
    *, conference: Conference, by, person_id: int
) -> ParentAdvisedNotToAttend:
    """The advice no longer stands: the row is kept (inactive), its meeting prompt goes."""
    with transaction.atomic():
        _locked_for_chair(conference, by, "change who was advised not to attend")
        row = ParentAdvisedNotToAttend.objects.filter(
            conference=conference, person_id=person_id, is_active=True
        ).first()
        if row is None:
            raise HoldingError("This family member was not advised not to attend")
        row.is_active = False
        save_as(row, by=by, reason="No longer advised not to attend")
    return row


def _check_meeting(
    locked: Conference,
    *,
    kind: str,
    held,
    held_at,
    minutes,
    shorter_reason: str,
    not_held_reason: str,
    who: str,
) -> None:
    if held not in (True, False):
        raise HoldingError(f"Select whether the chair met {who}", field="held")
    if not held:
        if not not_held_reason:
            raise HoldingError(f"Enter why the chair did not meet {who}", field="not_held_reason")
        return
    if not isinstance(held_at, datetime.datetime):
        raise HoldingError("Enter the date and time of the meeting", field="held_at")
    if held_at > timezone.now():
        raise HoldingError("The meeting cannot be in the future", field="held_at")
    if locked.starts_at is not None and held_at >= locked.starts_at:
        raise HoldingError(
            "The meeting must have started before the conference started", field="held_at"
        )
    if not isinstance(minutes, int) or minutes < 1:
        raise HoldingError("Enter how long the meeting lasted, in minutes", field="minutes")
    if minutes > LONGEST_MEETING_MINUTES:
        raise HoldingError(
            f"How long the meeting lasted must be {LONGEST_MEETING_MINUTES} minutes or fewer",
            field="minutes",
        )
    if (
        kind == ChairMeetingKind.PARENTS
        and minutes < PARENTS_MEETING_MINUTES
        and not shorter_reason
    ):
        raise HoldingError(
            f"The chair meets the parents for at least {PARENTS_MEETING_MINUTES} minutes. "
            "Enter why this meeting was shorter",
            field="shorter_reason",
        )


def record_chair_meeting(
    *,
    conference: Conference,
    by,
    kind: str,
    held,
    person_id: int | None = None,
    held_at: datetime.datetime | None = None,
    minutes: int | None = None,
    shorter_reason: str = "",
    not_held_reason: str = "",
) -> ChairMeeting:
    """The chair records the meeting with the parents, or with one parent advised not to attend:
    held (when, how long) or not held and why. Recording again corrects the record (history
    keeps the earlier one). The meeting with the parents sets whether the parents met the chair
    beforehand."""
    shorter_reason = (shorter_reason or "").strip()
    not_held_reason = (not_held_reason or "").strip()
    if kind not in ChairMeetingKind.values:
        raise HoldingError("Select which meeting this is", field="kind")
    with transaction.atomic():
        locked = _locked_for_chair(conference, by, "record the meetings before the conference")
        who = "the parents"
        if kind == ChairMeetingKind.ABSENT_PARENT:
            advised = (
                ParentAdvisedNotToAttend.objects.filter(
                    conference=locked, person_id=person_id, is_active=True
                )
                .select_related("person")
                .first()
            )
            if advised is None:
                raise HoldingError(
                    "Select a family member who was advised not to attend", field="person"
                )
            who = advised.person.full_name
        else:
            person_id = None
        _check_meeting(
            locked,
            kind=kind,
            held=held,
            held_at=held_at,
            minutes=minutes,
            shorter_reason=shorter_reason,
            not_held_reason=not_held_reason,
            who=who,
        )
        meeting = ChairMeeting.objects.filter(
            conference=locked, kind=kind, person_id=person_id
        ).first() or ChairMeeting(conference=locked, kind=kind, person_id=person_id, recorded_by=by)
        meeting.held = held
        if held:
            meeting.held_at, meeting.minutes = held_at, minutes
            meeting.shorter_reason = (
                shorter_reason
                if kind == ChairMeetingKind.PARENTS and minutes < PARENTS_MEETING_MINUTES
                else ""
            )
            meeting.not_held_reason = ""
        else:
            meeting.held_at = meeting.minutes = None
            meeting.shorter_reason = ""
            meeting.not_held_reason = not_held_reason
        meeting.recorded_by, meeting.recorded_at = by, timezone.now()
        save_as(meeting, by=by)
        if kind == ChairMeetingKind.PARENTS:
            locked.parents_met_chair_beforehand = (
                ParentsMetChair.YES if held else ParentsMetChair.NO
            )
            save_as(locked, by=by, update_fields=["parents_met_chair_beforehand"])
    return meeting


def check_parents_met_chair_answer(conference: Conference, answer: str) -> None:
    """On the holding page: once the chair has recorded the meeting with the parents, the answer
    there must agree with it (the record is changed on the meetings page, not here)."""
    meeting = ChairMeeting.objects.filter(
        conference=conference, kind=ChairMeetingKind.PARENTS
    ).first()
    if meeting is None:
        return
    recorded = ParentsMetChair.YES if meeting.held else ParentsMetChair.NO
    if answer != recorded:
        raise HoldingError(
            "The chair has recorded the meeting with the parents before the conference. "
            "Change it on the page for meetings before the conference",
            field="parents_met_chair_beforehand",
        )
