"""Each child's decision page (issue 6 parts 3 and 4; issue 19 item 6): one view shows it, and
each of its forms posts to a view of its own.

The page records the social worker's recommendation and the professionals' views, and the
chair's decision with the outline plan's actions; the chair saves, and saves and finalises, from
the same form (the finalise button posts elsewhere with `formaction`). "Add another action" adds
an empty row without JavaScript, keeping everything typed. A refused form shows the page again
(presenters.decision builds it) with that form bound and the others as they start.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from children import services as children_services
from core.templatetags.govuk import error_anchor
from core.view_helpers import add_service_error, require_perm

from .. import selectors, services
from ..presenters.decision import (
    action_rows_for,
    child_decision_page,
    decision_form_for,
    recommendation_form_for,
    view_form_for,
    with_another_row,
)
from ._common import _errors_of
from .decision import _conference_for_decision, _ensure_decisions

TEMPLATE = "conferences/decision/child.html"


def _child_decision_of(request, pk, child_pk):
    """The conference, the child's decision there and whether the user may record it now."""
    conference, may_record = _conference_for_decision(request, pk)
    decisions = _ensure_decisions(request, conference, may_record)
    decision = next((d for d in decisions if d.child_id == child_pk), None)
    if decision is None:
        raise Http404("No decision for that child at this conference")
    return conference, decision, may_record


def _to_record(request, pk, child_pk):
    """As _child_decision_of, for a post: refused unless the user may record the conference's
    decisions now and this one is not final."""
    conference, decision, may_record = _child_decision_of(request, pk, child_pk)
    if not may_record or decision.is_final:
        raise PermissionDenied
    return conference, decision, may_record


def _page(request, conference, decision, may_record, **shown):
    return render(
        request,
        TEMPLATE,
        child_decision_page(
            user=request.user,
            conference=conference,
            decision=decision,
            may_record=may_record,
            **shown,
        ),
    )


@require_GET
def child_decision(request, pk, child_pk):
    conference, decision, may_record = _child_decision_of(request, pk, child_pk)
    children_services.record_child_view(
        user=request.user, child=[decision.child], what="Conference decision", path=request.path
    )
    return _page(request, conference, decision, may_record)


@require_POST
def record_recommendation(request, pk, child_pk):
    conference, decision, may_record = _to_record(request, pk, child_pk)
    form = recommendation_form_for(decision, request.POST)
    if form.is_valid():
        try:
            services.record_recommendation(decision=decision, by=request.user, **form.cleaned_data)
        except services.ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The recommendation is saved")
            return redirect("conferences:child-decision", pk=pk, child_pk=child_pk)
    return _page(request, conference, decision, may_record, rec_form=form, errors=_errors_of(form))


@require_POST
def add_professional_view(request, pk, child_pk):
    conference, decision, may_record = _to_record(request, pk, child_pk)
    form = view_form_for(request.POST)
    if form.is_valid():
        try:
            services.record_professional_view(
                decision=decision, by=request.user, **form.cleaned_data
            )
        except services.ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The view is recorded")
            return redirect("conferences:child-decision", pk=pk, child_pk=child_pk)
    return _page(request, conference, decision, may_record, view_form=form, errors=_errors_of(form))


@require_POST
def add_action_row(request, pk, child_pk):
    """The decision form again with one more action row; nothing is saved or checked yet."""
    conference, decision, may_record = _to_record(request, pk, child_pk)
    return _page(
        request,
        conference,
        decision,
        may_record,
        decision_form=decision_form_for(conference, decision, request.POST),
        formset=action_rows_for(decision, with_another_row(request.POST)),
    )


@require_POST
def save_decision(request, pk, child_pk):
    return _decide(request, pk, child_pk, finalising=False)


@require_POST
def finalise_decision(request, pk, child_pk):
    return _decide(request, pk, child_pk, finalising=True)


def _decide(request, pk, child_pk, *, finalising: bool):
    """Save the chair's decision, or save and finalise it (the chair alone) in one service call.
    A refused finalise keeps the recorded decision: the page shows it as it is now."""
    conference, decision, may_record = _to_record(request, pk, child_pk)
    if finalising:
        require_perm(request.user, "conferences.finalise_decision", conference)
    form = decision_form_for(conference, decision, request.POST)
    formset = action_rows_for(decision, request.POST)
    input_errors = {}  # service errors on the outline actions and the conference's inputs
    rows_valid = formset.is_valid()
    if form.is_valid() and rows_valid:
        decide = services.decide_and_finalise if finalising else services.record_decision
        try:
            decide(
                decision=decision,
                by=request.user,
                actions=[row for row in formset.cleaned_data if row],
                **form.cleaned_data,
            )
        except services.ConferenceBookingError as error:
            if error.field in ("actions", "inputs_reason"):
                input_errors[error.field] = error.message
            else:
                add_service_error(form, error)
            decision = selectors.decisions_of(conference, pk=decision.pk)[0]
        else:
            messages.success(
                request, "The decision is finalised" if finalising else "The decision is saved"
            )
            return redirect("conferences:decision", pk=pk)
    errors = _errors_of(form) + list(input_errors.items())
    for number, row_form in enumerate(formset.forms, start=1):
        errors += [
            (error_anchor(field), f"Action {number}: {message}")
            for field in row_form.visible_fields()
            for message in field.errors
        ]
    return _page(
        request,
        conference,
        decision,
        may_record,
        decision_form=form,
        formset=formset,
        errors=errors,
        input_errors=input_errors,
    )
