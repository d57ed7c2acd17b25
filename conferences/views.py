"""Conference request pages: the social worker's request and the conference service's queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from children import selectors as children_selectors
from children import services as children_services
from children.rules import may_see_authority_children

from . import selectors, services
from .forms import (
    AllocateChairForm,
    BookConferenceForm,
    ChangeConferenceForm,
    ConferenceRequestForm,
    WithdrawRequestForm,
)
from .models import ConferenceStatus, RequestStatus, Venue


def _require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def request_queue(request):
    _require(request.user, "conferences.view_request_queue")
    queue = selectors.request_queue_page(request.user, request.GET.get("page"))
    return render(
        request,
        "conferences/request_queue.html",
        {"entries": queue.entries, "page": queue.page, "page_range": queue.page_range},
    )


def new_request(request, child_pk):
    child = children_selectors.get_child_for(request.user, child_pk)
    _require(request.user, "conferences.request_conference")
    enquiries = list(selectors.enquiries_awaiting_request(request.user, child))
    if request.method == "POST" and not enquiries:
        # Sent from another tab or by a colleague since this form was opened: say so, and show
        # the request that is already waiting.
        messages.info(
            request,
            f"A conference has already been requested for {child.legal_name}. Nothing new was sent.",
        )
        existing = selectors.requests_for_children([child], request.user).get(child.pk)
        if existing:
            return redirect(existing.url)
        return redirect("children:detail", pk=child.pk)
    if request.method == "GET":
        children_services.record_child_view(
            user=request.user,
            child={enquiry.child for enquiry in enquiries} | {child},
            what="Family, network and professionals (to request a conference)",
            path=request.path,
        )
    family_links, professionals = selectors.invite_candidates(enquiries)
    form_kwargs = {
        "enquiries": enquiries,
        "family_links": family_links,
        "professionals": professionals,
    }
    if request.method == "POST":
        form = ConferenceRequestForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                conference_request = services.send_conference_request(
                    by=request.user, **form.selected()
                )
            except services.ConferenceRequestError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "Your request has been sent to the conference service")
                return redirect("conferences:request", pk=conference_request.pk)
    else:
        form = ConferenceRequestForm(
            initial={
                "enquiries": [str(e.pk) for e in enquiries],
                "family_members": sorted({str(link.person_id) for link in family_links}),
                "professionals": [str(p.pk) for p in professionals],
                "interpreter_needed": child.interpreter_needed,
                "interpreter_languages": child.first_language if child.interpreter_needed else "",
                "advocacy_needed": any((e.child.age_in_years() or 0) >= 10 for e in enquiries),
            },
            **form_kwargs,
        )
    return render(
        request,
        "conferences/request_form.html",
        {"form": form, "child": child, "has_enquiries": bool(enquiries)},
    )


def request_detail(request, pk):
    conference_request = selectors.request_for(request.user, pk)
    # A withdrawn request has no live children: show the children it was for.
    links = conference_request.live_children or conference_request.all_children
    children = [link.child for link in links]
    children_services.record_child_view(
        user=request.user, child=children, what="Conference request", path=request.path
    )
    due = selectors.icpc_due_deadlines(link.enquiry_id for link in conference_request.live_children)
    return render(
        request,
        "conferences/request_detail.html",
        {
            "conference_request": conference_request,
            "children": children,
            "links": links,
            "deadlines": list(due.values()),
            "family": [i for i in conference_request.invitees.all() if i.kind == "family"],
            "professionals": [
                i for i in conference_request.invitees.all() if i.kind == "professional"
            ],
            "can_withdraw": conference_request.status == RequestStatus.SENT
            and request.user.has_perm("conferences.withdraw_request"),
            "conference": selectors.conference_of_request(conference_request),
            "may_book": request.user.has_perm("conferences.book_conference"),
        },
    )


def withdraw_request(request, pk):
    conference_request = selectors.request_for(request.user, pk)
    _require(request.user, "conferences.withdraw_request")
    if conference_request.status != RequestStatus.SENT:
        return redirect("conferences:request", pk=pk)
    form = WithdrawRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_conference_request(
                request=conference_request, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ConferenceRequestError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The conference request has been withdrawn")
            return redirect("conferences:request", pk=pk)
    return render(
        request,
        "conferences/withdraw_request.html",
        {"form": form, "conference_request": conference_request},
    )


# Allocation and booking -------------------------------------------------------------------------


def _form_error(form, error) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def conference_list(request):
    _require(request.user, "conferences.list_conferences")
    page, page_range = selectors.conference_list_page(request.user, request.GET.get("page"))
    return render(
        request,
        "conferences/conference_list.html",
        {"conferences": list(page.object_list), "page": page, "page_range": page_range},
    )


def allocate_chair(request, pk):
    conference_request = selectors.request_for(request.user, pk)
    _require(request.user, "conferences.book_conference")
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
            _form_error(form, error)
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
    conference = selectors.conference_for(request.user, pk)
    _require(request.user, "conferences.view_conference", conference)
    children = [link.child for link in conference.conference_children.all()]
    children_services.record_child_view(
        user=request.user, child=children, what="Conference", path=request.path
    )
    may_book = request.user.has_perm("conferences.book_conference")
    # The authority's timescales and the request are internal: an invited agency sees neither.
    staff_view = bool(may_see_authority_children(request.user))
    return render(
        request,
        "conferences/conference_detail.html",
        {
            "conference": conference,
            "children": children,
            "staff_view": staff_view,
            "deadlines": selectors.conference_deadlines(conference) if staff_view else [],
            "may_book": may_book and conference.may_be_booked,
            "may_change": may_book and conference.may_be_changed,
        },
    )


def book_conference(request, pk):
    conference = selectors.conference_for(request.user, pk)
    _require(request.user, "conferences.book_conference")
    if not conference.may_be_booked:
        return redirect("conferences:conference", pk=pk)
    form = BookConferenceForm(
        request.POST or None,
        venues=Venue.objects.filter(is_active=True),
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
            _form_error(form, error)
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
    _require(request.user, "conferences.book_conference")
    if not conference.may_be_changed:
        return redirect("conferences:conference", pk=pk)
    verb = "postpone" if action == "postpone" else "cancel"
    form = ChangeConferenceForm(
        request.POST or None, verb=verb, managers=selectors.service_managers()
    )
    if request.method == "POST" and form.is_valid():
        change = services.postpone_conference if verb == "postpone" else services.cancel_conference
        try:
            change(
                conference=conference,
                reason=form.cleaned_data["reason"],
                agreed_by=form.cleaned_data["agreed_by"],
                by=request.user,
            )
        except services.ConferenceBookingError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"The conference has been {verb}d")
            return redirect("conferences:conference", pk=pk)
    return render(
        request,
        "conferences/change_conference.html",
        {"form": form, "conference": conference, "verb": verb},
    )
