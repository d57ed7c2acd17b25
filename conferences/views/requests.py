"""Conference request pages: the social worker's request and the conference service's queue."""

from django.contrib import messages
from django.shortcuts import redirect, render

from children import selectors as children_selectors
from children import services as children_services
from core.view_helpers import require_perm

from .. import selectors, services
from ..forms import ConferenceRequestForm, WithdrawRequestForm
from ..models import RequestStatus


def request_queue(request):
    require_perm(request.user, "conferences.view_request_queue")
    queue = selectors.request_queue_page(request.user, request.GET.get("page"))
    return render(
        request,
        "conferences/request_queue.html",
        {"entries": queue.entries, "page": queue.page, "page_range": queue.page_range},
    )


def new_request(request, child_pk):
    child = children_selectors.get_child_for(request.user, child_pk)
    require_perm(request.user, "conferences.request_conference")
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
    conference = selectors.conference_of_request(conference_request)
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
            "conference": conference,
            "may_see_conference": conference is not None
            and request.user.has_perm("conferences.view_conference", conference),
            "may_book": request.user.has_perm("conferences.book_conference"),
        },
    )


def withdraw_request(request, pk):
    conference_request = selectors.request_for(request.user, pk)
    require_perm(request.user, "conferences.withdraw_request")
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
