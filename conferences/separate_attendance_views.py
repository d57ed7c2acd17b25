"""The coordinator's page for each family member's own arrangements when someone must attend
separately (issue 18 item 2). Thin: reads and writes are in conferences.separate_attendance."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from children import services as children_services

from . import selectors
from .family_invitees import family_invitees
from .separate_attendance import record_separate_arrangements, recorded_arrangements
from .separate_attendance_forms import SeparateArrangementsForm
from .services import OPEN_CONFERENCE_STATUSES, ConferenceBookingError


def separate_arrangements(request, pk):
    conference = selectors.conference_for(request.user, pk)
    if not request.user.has_perm("conferences.view_invitations", conference):
        raise PermissionDenied
    if not request.user.has_perm("conferences.record_arrangements"):
        raise PermissionDenied
    if (
        conference.status not in OPEN_CONFERENCE_STATUSES
        or not conference.separate_attendance_needed
    ):
        return redirect("conferences:invitations", pk=pk)
    invitees = family_invitees(conference)
    existing = recorded_arrangements(conference)
    form = SeparateArrangementsForm(request.POST or None, invitees=invitees, existing=existing)
    children = [link.child for link in conference.conference_children.all()]
    if request.method == "POST" and form.is_valid():
        try:
            record_separate_arrangements(
                conference=conference, by=request.user, arrangements=form.arrangements()
            )
        except ConferenceBookingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The separate arrangements are saved")
            return redirect("conferences:invitations", pk=pk)
    if request.method == "GET":
        children_services.record_child_view(
            user=request.user,
            child=children,
            what="Separate attendance arrangements",
            path=request.path,
        )
    return render(
        request,
        "conferences/separate_arrangements.html",
        {"form": form, "conference": conference, "children": children},
    )
