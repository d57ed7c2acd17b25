"""The "Change the booking" page (issue 18 item 1). Thin: the rules are in
conferences.booking_changes; the permission in conferences.rules."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from core.view_helpers import add_service_error, require_perm

from . import booking_changes, selectors, services
from .booking_change_forms import ChangeBookingForm
from .rules import is_booked_not_started
from .views import BOOKING_FIELDS


def _initial(conference) -> dict:
    starts = timezone.localtime(conference.starts_at)
    ends = timezone.localtime(conference.ends_at)
    return {
        "date": starts.date(),
        "start_time": starts.strftime("%H:%M"),
        # Empty for the usual length, so a new start time moves the end with it.
        "end_time": ends.strftime("%H:%M")
        if ends.date() == starts.date() and ends - starts != services.DEFAULT_LENGTH
        else "",
        "venue": conference.venue_id,
        "online_link": conference.online_link,
        "late_reason": conference.late_reason,
        "prebirth_reason": conference.prebirth_reason,
    }


def _confirmation(result: booking_changes.BookingChange) -> str:
    if not result.changed:
        return "The booking already has this time and place: nothing was changed"
    if result.conference.invitations_sent_at is None:
        return "The booking is changed. The invitations, when you send them, give the new details"
    sent = result.invitations_sent_again
    return (
        f"The booking is changed. Updated invitations were sent again ({sent} "
        f"{'invitation' if sent == 1 else 'invitations'}): print and post the new letters"
    )


def change_booking(request, pk):
    conference = selectors.conference_for(request.user, pk)
    require_perm(request.user, "conferences.change_booking", conference)
    if not is_booked_not_started(conference):
        return redirect("conferences:conference", pk=pk)
    venues = selectors.bookable_venues(conference)
    form = ChangeBookingForm(
        request.POST or None,
        initial=_initial(conference),
        venues=venues,
        pre_birth=conference.is_pre_birth,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = booking_changes.change_booking(
                conference=conference,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                online_link=data["online_link"],
                by=request.user,
                reason=data["reason"],
                late_reason=data["late_reason"],
                prebirth_reason=data.get("prebirth_reason", ""),
                base_url=request.build_absolute_uri("/"),
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error, aliases=BOOKING_FIELDS)
        else:
            messages.success(request, _confirmation(result))
            return redirect("conferences:conference", pk=pk)
    return render(
        request,
        "conferences/change_booking.html",
        {
            "form": form,
            "conference": conference,
            "due": services.icpc_due_for(conference),
        },
    )
