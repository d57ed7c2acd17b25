"""Allocation and booking: the list of conferences, allocating a chair to a request, the
conference's page, booking it, and postponing or cancelling it."""

from django.contrib import messages
from django.shortcuts import redirect, render

from children import services as children_services
from core.view_helpers import add_service_error, require_perm

from .. import change_agreement, postponement, selectors, services
from ..forms import AllocateChairForm, BookConferenceForm, ChangeConferenceForm
from ..models import ConferenceStatus, RequestStatus
from ..presenters.conference_page import conference_page
from ._common import BOOKING_FIELDS


def conference_list(request):
    require_perm(request.user, "conferences.list_conferences")
    page, page_range = selectors.conference_list_page(request.user, request.GET.get("page"))
    return render(
        request,
        "conferences/conference_list.html",
        {"conferences": list(page.object_list), "page": page, "page_range": page_range},
    )


def allocate_chair(request, pk):
    conference_request = selectors.request_for(request.user, pk)
    require_perm(request.user, "conferences.book_conference")
    existing = selectors.conference_of_request(conference_request)
    if conference_request.status != RequestStatus.SENT or (
        existing and existing.status != ConferenceStatus.ALLOCATED
    ):
        return redirect("conferences:request", pk=pk)
    form = AllocateChairForm(
        request.POST or None,
        chairs=selectors.chairs(),
        initial={"chair": existing.chair_id if existing else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.allocate_chair(
                request=conference_request, chair=form.cleaned_data["chair"], by=request.user
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"{conference.chair.full_name} is allocated to chair the conference"
            )
            return redirect("conferences:book", pk=conference.pk)
    return render(
        request,
        "conferences/allocate_chair.html",
        {
            "form": form,
            "conference_request": conference_request,
            "children": [link.child for link in conference_request.live_children],
        },
    )


def conference_detail(request, pk):
    conference = selectors.conference_page_for(request.user, pk)
    require_perm(request.user, "conferences.view_conference", conference)
    children = [link.child for link in conference.conference_children.all()]
    children_services.record_child_view(
        user=request.user, child=children, what="Conference", path=request.path
    )
    return render(
        request,
        "conferences/conference_detail.html",
        conference_page(request.user, conference, children),
    )


def book_conference(request, pk):
    conference = selectors.conference_for(request.user, pk)
    require_perm(request.user, "conferences.book_conference")
    if not conference.may_be_booked:
        return redirect("conferences:conference", pk=pk)
    form = BookConferenceForm(
        request.POST or None,
        venues=selectors.active_venues(),
        minute_takers=selectors.minute_takers(),
        pre_birth=conference.is_pre_birth,
    )
    due = services.icpc_due_for(conference)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.book_conference(
                conference=conference,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                online_link=data["online_link"],
                minute_taker=data["minute_taker"],
                by=request.user,
                late_reason=data["late_reason"],
                prebirth_reason=data.get("prebirth_reason", ""),
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error, aliases=BOOKING_FIELDS)
        else:
            messages.success(request, "The conference is booked")
            return redirect("conferences:conference", pk=pk)
    chosen = (
        form.cleaned_data.get("starts_at")
        if form.is_bound and hasattr(form, "cleaned_data")
        else None
    )
    first_due = due[0] if due else None
    return render(
        request,
        "conferences/book_conference.html",
        {
            "form": form,
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
            "due": due,
            "past_due": bool(first_due and chosen and chosen >= first_due.due_at),
        },
    )


def change_conference(request, pk, action):
    conference = selectors.conference_for(request.user, pk)
    require_perm(request.user, "conferences.book_conference")
    if not conference.may_be_changed:
        return redirect("conferences:conference", pk=pk)
    verb = "postpone" if action == "postpone" else "cancel"
    people, capacity = change_agreement.who_may_agree(conference)
    form = ChangeConferenceForm(
        request.POST or None,
        verb=verb,
        managers=selectors.users_among(people),
        capacity=capacity,
        chair=conference.chair,
        causes=postponement.choices_for(conference) if verb == "postpone" else None,
    )
    if request.method == "POST" and form.is_valid():
        change = services.cancel_conference
        extra = {}
        if verb == "postpone":
            change = services.postpone_conference
            extra = {"caused_by": form.cleaned_data["caused_by"]}
        try:
            change(
                conference=conference,
                reason=form.cleaned_data["reason"],
                agreed_by=form.cleaned_data["agreed_by"],
                chair_agreed=form.cleaned_data.get("chair_agreed", False),
                by=request.user,
                **extra,
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The conference has been {verb}d")
            return redirect("conferences:conference", pk=pk)
    return render(
        request,
        "conferences/change_conference.html",
        {"form": form, "conference": conference, "verb": verb},
    )
