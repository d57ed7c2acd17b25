"""Amendments to circulated minutes: a recipient of a copy asks the chair for a change, and the
chair decides."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render

from core.view_helpers import add_service_error, require_perm

from .. import selectors, services
from ..forms import AmendmentRequestForm, DecideAmendmentForm
from ..models import AmendmentStatus
from ._common import _children, _conference, _to_minutes


def request_amendment(request, pk):
    """The recipient of a copy (or the coordinator, on behalf of a family member or a professional
    who does not sign in) asks the chair to change the minutes."""
    copy = selectors.minutes_copy(pk)
    if copy is None:
        raise Http404("No copy found")
    conference = _conference(request.user, copy.minutes.conference_id)
    copy.minutes.conference = conference
    require_perm(request.user, "reports.request_minutes_amendment", copy)
    form = AmendmentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_minutes_amendment(
                copy=copy, by=request.user, text=form.cleaned_data["text"]
            )
        except services.ReportError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your amendment has been sent to the chair")
            return _to_minutes(conference)
    return render(
        request,
        "reports/minutes/amend.html",
        {
            "form": form,
            "copy": copy,
            "conference": conference,
            "children": _children(conference),
        },
    )


def decide_amendment(request, pk):
    amendment = selectors.amendment_request(pk)
    if amendment is None:
        raise Http404("No amendment found")
    conference = _conference(request.user, amendment.minutes.conference_id)
    require_perm(request.user, "reports.decide_minutes_amendment", conference)
    if amendment.status != AmendmentStatus.OPEN:
        messages.info(request, "This amendment has already been decided")
        return _to_minutes(conference)
    form = DecideAmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_amendment(amendment=amendment, by=request.user, **form.service_kwargs())
        except services.ReportError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Your decision on {amendment.requested_by_name}'s amendment")
            return _to_minutes(conference)
    return render(
        request,
        "reports/minutes/decide.html",
        {
            "form": form,
            "amendment": amendment,
            "conference": conference,
            "children": _children(conference),
        },
    )
