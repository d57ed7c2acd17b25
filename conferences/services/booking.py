"""Booking a conference and changing its booking: the date, time, place and minute taker
(book_conference; re-booking after a postponement), and postponing or cancelling it with the
service manager's and the chair's agreement, each raising a QAN."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import RoleCode, User
from core.templatetags.govuk import govuk_date, govuk_datetime
from timescales import services as timescale_services
from timescales.models import QanKind, RuleCode
from timescales.prebirth import prebirth_window
from timescales.preparation import move_preparation_deadlines

from .. import booking_days, change_agreement, postponement
from ..models import (
    LIVE_BOOKING_STATUSES,
    Conference,
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceStatus,
    RequestStatus,
    Venue,
)
from ._common import REVIEW_KINDS, _names, _require_coordinator
from .errors import ConferenceBookingError
from .requests import icpc_due_for
from .reviews import (
    _combine_with_looked_after_review,
    _drift_review_on_booking,
    _end_notice_on_booking,
)

DEFAULT_LENGTH = datetime.timedelta(hours=2)


def _overlapping(conference, starts_at, ends_at):
    return Conference.objects.filter(
        status__in=LIVE_BOOKING_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exclude(pk=conference.pk)


def _describe(other: Conference) -> str:
    return f"booked for {govuk_datetime(other.starts_at)}"


def book_conference(
    *,
    conference: Conference,
    starts_at,
    ends_at=None,
    venue: Venue | None = None,
    online_link: str = "",
    minute_taker=None,
    by,
    late_reason: str = "",
    prebirth_reason: str = "",
) -> Conference:
    """Book (or re-book, after a postponement) the date, time, place and minute taker.

    Refused on a day that is not a working day or in the past (conferences.booking_days); when
    the chair, the minute taker or the room is already booked at an overlapping time; after a
    child's ICPC due date without a reason (recorded on each late deadline); for a pre-birth
    conference outside the policy's weeks of pregnancy (timescales.prebirth) without a reason. Opens INVITES
    (1 working day) from the booking; the request is booked.
    """
    _require_coordinator(by, "book a conference")
    if starts_at is None:
        raise ConferenceBookingError("Enter the date and time of the conference", field="starts_at")
    ends_at = ends_at or starts_at + DEFAULT_LENGTH
    if ends_at <= starts_at:
        raise ConferenceBookingError("The end time must be after the start time", field="ends_at")
    now = timezone.now()
    # On a working day, and not in the past (issue 18 item 1).
    problem = booking_days.booking_time_problem(starts_at, now=now)
    if problem is not None:
        raise ConferenceBookingError(problem.message, field=problem.field)
    online_link = online_link.strip()
    if venue is None and not online_link:
        raise ConferenceBookingError("Select a room or enter an online meeting link", field="venue")
    if minute_taker is not None and not minute_taker.has_role(RoleCode.MINUTE_TAKER):
        raise ConferenceBookingError("Select a minute taker", field="minute_taker")
    late_reason, prebirth_reason = late_reason.strip(), prebirth_reason.strip()

    try:
        with transaction.atomic():
            locked = Conference.objects.select_for_update().get(pk=conference.pk)
            if not locked.may_be_booked:
                raise ConferenceBookingError(
                    f"This conference cannot be booked: it is {locked.get_status_display().lower()}"
                )
            if locked.chair_id is None:
                raise ConferenceBookingError("Allocate a chair before booking the conference")
            # Lock the people and the room in a fixed order, so two bookings of the same chair
            # (or minute taker, or room) at once take turns: the second sees the first's booking.
            user_ids = sorted({locked.chair_id} | ({minute_taker.pk} if minute_taker else set()))
            list(User.objects.select_for_update().filter(pk__in=user_ids).order_by("pk"))
            if venue is not None:
                venue = Venue.objects.select_for_update().get(pk=venue.pk)
                if not venue.is_active:
                    raise ConferenceBookingError("This room is no longer available", field="venue")
            overlapping = _overlapping(locked, starts_at, ends_at)
            clash = overlapping.filter(chair_id=locked.chair_id).first()
            if clash:
                raise ConferenceBookingError(
                    f"{locked.chair.full_name} is already chairing a conference at an "
                    f"overlapping time ({_describe(clash)})",
                    field="starts_at",
                )
            if minute_taker is not None:
                clash = overlapping.filter(minute_taker=minute_taker).first()
                if clash:
                    raise ConferenceBookingError(
                        f"{minute_taker.full_name} is already taking minutes at an overlapping "
                        f"time ({_describe(clash)})",
                        field="minute_taker",
                    )
            if venue is not None:
                clash = overlapping.filter(venue=venue).first()
                if clash:
                    raise ConferenceBookingError(
                        f"{venue.name} is already booked at an overlapping time "
                        f"({_describe(clash)})",
                        field="venue",
                    )

            links = list(locked.conference_children.select_related("child").order_by("pk"))
            late = [deadline for deadline in icpc_due_for(locked) if starts_at >= deadline.due_at]
            if late and not late_reason:
                raise ConferenceBookingError(
                    f"The conference is due by {govuk_date(late[0].due_on)}. Enter why it is "
                    "being booked after its due date",
                    field="late_reason",
                )
            if locked.is_pre_birth and not prebirth_reason:
                # The window is the authority's policy (PREBIRTH, PREBIRTH_EARLIEST), ADR 54.
                window = prebirth_window()
                day = timezone.localdate(starts_at)
                for link in links:
                    pregnancy = link.child.pregnancy_on(day)
                    if link.child.is_unborn and (
                        pregnancy is None or not window.holds(pregnancy[0])
                    ):
                        raise ConferenceBookingError(
                            f"A pre-birth conference is held {window.describe}. Enter why this "
                            f"one is {link.child.weeks_of_pregnancy(day)}"
                            if pregnancy
                            else f"A pre-birth conference is held {window.describe}. Enter why "
                            "this one is not",
                            field="prebirth_reason",
                        )
            for deadline in late:
                timescale_services.record_delay_reason(deadline=deadline, reason=late_reason, by=by)

            rebooking = locked.status == ConferenceStatus.POSTPONED
            locked.status = ConferenceStatus.BOOKED
            locked.starts_at, locked.ends_at = starts_at, ends_at
            locked.venue, locked.online_link = venue, online_link
            locked.minute_taker = minute_taker
            locked.late_reason = late_reason if late else ""
            locked.prebirth_reason = prebirth_reason if locked.is_pre_birth else ""
            locked.booked_at, locked.booked_by = now, by
            locked.save()

            if rebooking:
                timescale_services.move_deadline(
                    rule=RuleCode.INVITES, subject=locked, start=now, reason="Re-booked"
                )
            timescale_services.open_deadline(
                rule=RuleCode.INVITES,
                subject=locked,
                start=now,
                responsible=by,
                chair=locked.chair,
            )
            if locked.request_id:
                request = ConferenceRequest.objects.select_for_update().get(pk=locked.request_id)
                if request.status == RequestStatus.SENT:
                    request.status = RequestStatus.BOOKED
                    request.save()
            # The reports to conference fall due before it (and move when it is re-booked).
            # Imported here: reports.services imports conferences.services (via conferences.scaling).
            from reports.services import open_report_deadlines

            open_report_deadlines(conference=locked, by=by)
            if locked.kind in REVIEW_KINDS:
                _combine_with_looked_after_review(locked, by)
                _end_notice_on_booking(locked)
                _drift_review_on_booking(locked, by)
            # Everything counted back from it follows the new date, never to before today's
            # booking (ADR 45).
            move_preparation_deadlines(
                conference=locked,
                reason="Conference re-booked" if rebooking else "Conference booked",
                booked_at=now,
            )
    except IntegrityError as error:
        # PostgreSQL's exclusion constraints: an overlapping booking written by another route.
        raise ConferenceBookingError(
            "The chair, the minute taker or the room is already booked at an overlapping time",
            field="starts_at",
        ) from error
    return locked


def _change(
    *, conference, reason, agreed_by, chair_agreed, by, status, kind, verb, cause=None
) -> Conference:
    """Postpone or cancel, agreed by the service manager (or, in their absence, the conference
    service manager) and by the chair: see conferences.change_agreement. A postponement names who
    caused it (``cause``, conferences.postponement): its QAN names them and goes to their line
    management; a cancellation's QAN goes to the social worker's line management."""
    _require_coordinator(by, f"{verb} a conference")
    if not reason.strip():
        raise ConferenceBookingError(f"Enter why the conference is being {verb}d", field="reason")
    if agreed_by is None:
        raise ConferenceBookingError(
            f"Select the service manager who agreed to {verb} the conference", field="agreed_by"
        )
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Conference.objects.select_for_update(of=("self",))
            .select_related("chair")
            .get(pk=conference.pk)
        )
        if not locked.may_be_changed:
            raise ConferenceBookingError(
                f"This conference cannot be {verb}d: it is {locked.get_status_display().lower()}"
            )
        service_managers = change_agreement.service_managers_for(locked)
        agreed_as = change_agreement.capacity_of(
            agreed_by, conference=locked, service_managers=service_managers
        )
        if agreed_as is None:
            raise ConferenceBookingError(
                change_agreement.refusal(locked, verb, service_managers=service_managers),
                field="agreed_by",
            )
        if locked.chair_id is not None and not chair_agreed:
            raise ConferenceBookingError(
                f"Confirm that the chair, {locked.chair.full_name}, agreed to {verb} the "
                "conference",
                field="chair_agreed",
            )
        was = locked.starts_at if locked.status == ConferenceStatus.BOOKED else None
        locked.status = status
        locked.change_reason = reason.strip()
        locked.change_agreed_by = agreed_by
        locked.change_agreed_as = agreed_as
        locked.change_chair_agreed_by = locked.chair
        locked.changed_at, locked.changed_by = now, by
        locked.postponement_cause = cause.kind if cause else ""
        locked.postponement_cause_agency = cause.agency if cause else None
        locked.postponement_cause_professional = cause.involvement if cause else None
        locked.postponement_caused_by = cause.named if cause else ""
        locked.save()
        if status == ConferenceStatus.CANCELLED:
            timescale_services.withdraw_deadline(
                rule=RuleCode.INVITES, subject=locked, reason=f"Cancelled: {reason.strip()}", by=by
            )
            # Imported here: reports.services imports conferences.services (via conferences.scaling).
            from reports.services import close_report_deadlines

            close_report_deadlines(conference=locked, reason=f"Cancelled: {reason.strip()}", by=by)
            if locked.request_id:
                _close_request_of_cancelled(locked, reason=reason.strip(), by=by, now=now)
        links = list(
            locked.conference_children.select_related(
                "child", "child__lead_social_worker"
            ).order_by("pk")
        )
        children = [link.child for link in links]
        responsible = next(
            (c.lead_social_worker for c in children if c.lead_social_worker_id), None
        )
        if responsible is None and locked.request_id:
            responsible = locked.request.requested_by
        attribution = {"responsible": responsible}
        if cause is not None:
            attribution = postponement.qan_attribution(locked, cause)
        timescale_services.raise_qan(
            kind=kind,
            description=(
                f"The {locked.get_kind_display().lower()} for {_names(children)}"
                + (f" booked for {govuk_datetime(was)}" if was else "")
                + f" was {verb}d on {govuk_date(now)}, agreed by {agreed_by.full_name}"
                + (
                    " (the conference service manager, in the service manager's absence)"
                    if agreed_as == change_agreement.ChangeAgreedAs.CONFERENCE_SERVICE_MANAGER
                    else ""
                )
                + (f" and the chair, {locked.chair.full_name}" if locked.chair_id else "")
                + (f". Caused by {cause.named}" if cause else "")
                + f". Reason: {reason.strip()}"
            ),
            child=children[0] if children else None,
            raised_by=by,
            **attribution,
        )
    return locked


def _close_request_of_cancelled(conference, *, reason, by, now) -> None:
    """A cancelled conference will not happen: its request is closed and the children's
    enquiries are freed, so a new request can be sent if a conference is still needed. Each
    child's ICPC_DUE clock keeps running until a conference is held or a manager records that
    it no longer applies."""
    request = ConferenceRequest.objects.select_for_update().get(pk=conference.request_id)
    if request.status == RequestStatus.WITHDRAWN:
        return
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_at, request.withdrawn_by = now, by
    request.withdrawal_reason = f"The conference was cancelled: {reason}"
    request.save()
    for link in ConferenceRequestChild.objects.select_for_update().filter(
        request=request, is_active=True
    ):
        link.is_active = False
        link.save(update_fields=["is_active"])  # one by one, so each is in history


def postpone_conference(
    *,
    conference: Conference,
    reason: str,
    agreed_by,
    caused_by: str,
    chair_agreed: bool = False,
    by,
) -> Conference:
    """Postpone with the service manager's (or conference service manager's) and the chair's
    agreement; the conference is then re-booked. ``caused_by`` says who caused it (a choice of
    conferences.postponement.choices_for): the QAN names them and goes to their line management,
    or to the conference service manager when they have none here (issue 18)."""
    _require_coordinator(by, "postpone a conference")
    cause = postponement.cause_from(conference, caused_by)
    if cause is None:
        raise ConferenceBookingError("Select who caused the postponement", field="caused_by")
    return _change(
        cause=cause,
        conference=conference,
        reason=reason,
        agreed_by=agreed_by,
        chair_agreed=chair_agreed,
        by=by,
        status=ConferenceStatus.POSTPONED,
        kind=QanKind.POSTPONED,
        verb="postpone",
    )


def cancel_conference(
    *, conference: Conference, reason: str, agreed_by, chair_agreed: bool = False, by
) -> Conference:
    """Cancel with the service manager's (or conference service manager's) and the chair's
    agreement; it cannot be booked again. Raises a QAN."""
    return _change(
        conference=conference,
        reason=reason,
        agreed_by=agreed_by,
        chair_agreed=chair_agreed,
        by=by,
        status=ConferenceStatus.CANCELLED,
        kind=QanKind.CANCELLED,
        verb="cancel",
    )
