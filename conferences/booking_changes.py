"""Changing a booking (issue 18 item 1): the coordinator moves a booked conference to another
time, room or online link without postponing it.

A change is not a postponement: no service manager agrees and no Quality Assurance notification is
raised, but the same rules as a booking hold (a working day, not in the past, nobody double
booked, a reason when it moves past a child's initial conference due date or outside weeks 24 to
30 of a pregnancy). The conference's history records who changed what, and why when given.

Before the invitations are sent the change is all there is: they go out later with the new
details. After they were sent, the invitations go again at once (conferences.services.
send_invitations with ``after_change``): a new letter for each family member, and an email to
each professional saying what changed, whose calendar invitation keeps the conference's UID with
a higher SEQUENCE, so calendars update the entry rather than adding a second one.

Submitting the same change twice (a double click) changes nothing the second time: nothing
differs, so nothing is saved and nothing is sent again.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.history import save_as
from core.templatetags.govuk import govuk_date, govuk_datetime
from timescales import services as timescale_services
from timescales.prebirth import prebirth_window
from timescales.preparation import move_preparation_deadlines

from . import booking_days, services
from .models import Conference, ConferenceStatus, Venue
from .services import ConferenceBookingError


@dataclass
class BookingChange:
    conference: Conference
    changed: bool  # False: it already had this time and place (a repeated submission)
    invitations_sent_again: int = 0


def _where(venue, online_link: str) -> str:
    parts = []
    if venue is not None:
        parts.append(venue.name)
    if online_link:
        parts.append(f"online ({online_link})")
    return " and ".join(parts) or "no place"


def _when(starts_at, ends_at) -> str:
    return f"{govuk_datetime(starts_at)} to {govuk_datetime(ends_at).rsplit(' at ', 1)[-1]}"


def describe_change(*, was: dict, now: dict) -> str:
    """What changed, in plain English, from what to what (kept on the conference)."""
    changes = []
    if (was["starts_at"], was["ends_at"]) != (now["starts_at"], now["ends_at"]):
        changes.append(
            f"the time from {_when(was['starts_at'], was['ends_at'])} to "
            f"{_when(now['starts_at'], now['ends_at'])}"
        )
    if (was["venue"], was["online_link"]) != (now["venue"], now["online_link"]):
        changes.append(
            f"the place from {_where(was['venue'], was['online_link'])} to "
            f"{_where(now['venue'], now['online_link'])}"
        )
    return "Changed " + " and ".join(changes)


def history_reason(*, was: dict, now: dict) -> str:
    """The history row's reason: short (simple-history keeps 100 characters)."""
    parts = []
    if (was["starts_at"], was["ends_at"]) != (now["starts_at"], now["ends_at"]):
        parts.append("time")
    if (was["venue"], was["online_link"]) != (now["venue"], now["online_link"]):
        parts.append("place")
    return "Booking changed: " + " and ".join(parts)


def _check_clashes(locked: Conference, starts_at, ends_at, venue) -> None:
    """Nobody double booked: the chair, the minute taker and the room, locked in a fixed order
    (as booking does) so two changes at once take turns."""
    user_ids = sorted({locked.chair_id} | ({locked.minute_taker_id} - {None}))
    list(User.objects.select_for_update().filter(pk__in=user_ids).order_by("pk"))
    overlapping = services._overlapping(locked, starts_at, ends_at)
    clash = overlapping.filter(chair_id=locked.chair_id).first()
    if clash:
        raise ConferenceBookingError(
            f"{locked.chair.full_name} is already chairing a conference at an overlapping time "
            f"({services._describe(clash)})",
            field="starts_at",
        )
    if locked.minute_taker_id:
        clash = overlapping.filter(minute_taker_id=locked.minute_taker_id).first()
        if clash:
            raise ConferenceBookingError(
                f"{locked.minute_taker.full_name} is already taking minutes at an overlapping "
                f"time ({services._describe(clash)})",
                field="starts_at",
            )
    if venue is not None:
        clash = overlapping.filter(venue=venue).first()
        if clash:
            raise ConferenceBookingError(
                f"{venue.name} is already booked at an overlapping time "
                f"({services._describe(clash)})",
                field="venue",
            )


def _check_due_dates(locked: Conference, starts_at, late_reason: str, prebirth_reason: str):
    """The initial conference due date and the pre-birth window, as when booking. Returns the
    late deadlines (to record the reason on) and the reasons to keep."""
    late = [d for d in services.icpc_due_for(locked) if starts_at >= d.due_at]
    late_reason = late_reason or (locked.late_reason if late else "")
    if late and not late_reason:
        raise ConferenceBookingError(
            f"The conference is due by {govuk_date(late[0].due_on)}. Enter why it is being "
            "moved after its due date",
            field="late_reason",
        )
    prebirth_reason = prebirth_reason or locked.prebirth_reason
    if locked.is_pre_birth and not prebirth_reason:
        window = prebirth_window()  # the authority's policy, ADR 54
        day = timezone.localdate(starts_at)
        for link in locked.conference_children.select_related("child").order_by("pk"):
            child = link.child
            pregnancy = child.pregnancy_on(day)
            if child.is_unborn and (pregnancy is None or not window.holds(pregnancy[0])):
                raise ConferenceBookingError(
                    f"A pre-birth conference is held {window.describe}. Enter why this one is not",
                    field="prebirth_reason",
                )
    return late, (late_reason if late else ""), (prebirth_reason if locked.is_pre_birth else "")


def change_booking(
    *,
    conference: Conference,
    starts_at,
    ends_at=None,
    venue: Venue | None = None,
    online_link: str = "",
    by,
    reason: str = "",
    late_reason: str = "",
    prebirth_reason: str = "",
    base_url: str = "",
) -> BookingChange:
    """Change a booked conference's time, room or online link (see the module's docstring)."""
    services._require_coordinator(by, "change a booking")
    if starts_at is None:
        raise ConferenceBookingError("Enter the date and time of the conference", field="starts_at")
    ends_at = ends_at or starts_at + services.DEFAULT_LENGTH
    if ends_at <= starts_at:
        raise ConferenceBookingError("The end time must be after the start time", field="ends_at")
    now = timezone.now()
    problem = booking_days.booking_time_problem(starts_at, now=now)
    if problem is not None:
        raise ConferenceBookingError(problem.message, field=problem.field)
    online_link = online_link.strip()
    if venue is None and not online_link:
        raise ConferenceBookingError("Select a room or enter an online meeting link", field="venue")
    reason, late_reason = reason.strip(), late_reason.strip()
    prebirth_reason = prebirth_reason.strip()

    try:
        with transaction.atomic():
            locked = (
                Conference.objects.select_for_update(of=("self",))
                .select_related("chair", "minute_taker", "venue")
                .get(pk=conference.pk)
            )
            if locked.status != ConferenceStatus.BOOKED or locked.started_at is not None:
                raise ConferenceBookingError(
                    "Only a booked conference that has not started can have its booking "
                    f"changed. This one is {locked.get_status_display().lower()}"
                    + (" and has started" if locked.started_at else "")
                )
            was = {
                "starts_at": locked.starts_at,
                "ends_at": locked.ends_at,
                "venue": locked.venue,
                "online_link": locked.online_link,
            }
            if venue is not None:
                venue = Venue.objects.select_for_update().get(pk=venue.pk)
            wanted = {
                "starts_at": starts_at,
                "ends_at": ends_at,
                "venue": venue,
                "online_link": online_link,
            }
            if wanted == was:
                return BookingChange(conference=locked, changed=False)
            if venue is not None and not venue.is_active and venue != was["venue"]:
                raise ConferenceBookingError("This room is no longer available", field="venue")
            _check_clashes(locked, starts_at, ends_at, venue)
            late, late_reason, prebirth_reason = _check_due_dates(
                locked, starts_at, late_reason, prebirth_reason
            )
            for deadline in late:
                if deadline.delay_reason != late_reason:
                    timescale_services.record_delay_reason(
                        deadline=deadline, reason=late_reason, by=by
                    )

            locked.starts_at, locked.ends_at = starts_at, ends_at
            locked.venue, locked.online_link = venue, online_link
            locked.late_reason, locked.prebirth_reason = late_reason, prebirth_reason
            locked.booking_change = describe_change(was=was, now=wanted) + (
                f". Reason: {reason}" if reason else ""
            )
            locked.booking_changed_at, locked.booking_changed_by = now, by
            save_as(locked, by=by, reason=history_reason(was=was, now=wanted))

            # The reports to conference fall due before it, so they move with it.
            from reports.services import open_report_deadlines

            open_report_deadlines(conference=locked, by=by)
            if locked.kind in services.REVIEW_KINDS:
                services._end_notice_on_booking(locked)

            sent_again = 0
            if locked.invitations_sent_at is not None:
                invitations = services.send_invitations(
                    conference=locked, by=by, base_url=base_url, after_change=True
                )
                sent_again = sum(1 for invitation in invitations if invitation.sent_at)
            # Everything counted back from it follows the new date, never to before the moment
            # of the change (ADR 45); last, as re-sending the invitations reopens report deadlines.
            move_preparation_deadlines(
                conference=locked, reason="Conference booking changed", booked_at=now
            )
    except IntegrityError as error:
        # PostgreSQL's exclusion constraints: an overlapping booking written by another route.
        raise ConferenceBookingError(
            "The chair, the minute taker or the room is already booked at an overlapping time",
            field="starts_at",
        ) from error
    locked.refresh_from_db()
    return BookingChange(conference=locked, changed=True, invitations_sent_again=sent_again)
