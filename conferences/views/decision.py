"""The decision per child (issue 6 parts 3 and 4): the overview with the chair's adjourn form,
and the outline plan PDF. Each child's page, with a view per form, is views.decision_child."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from children import services as children_services
from core.view_helpers import add_service_error, require_perm

from .. import adjournment, selectors, services
from ..forms import AdjournForm
from ..outline_plan import outline_plan_filename, outline_plan_for_family
from ..readiness import inputs_of
from ..rules import is_booked_and_started
from ._common import _errors_of

# --- The decision (issue 6 parts 3 and 4) --------------------------------------------------------
# The overview lists each child with the tally and the state of the decision, and holds the
# chair's adjourn form. Each child's page (views.decision_child) records the social worker's
# recommendation, the professionals' views and the chair's decision; the chair saves and
# finalises there. The outline plan PDF is for the chair, the minute taker, the conference
# service and the children's social worker.


def _conference_for_decision(request, pk):
    conference = selectors.conference_for(request.user, pk)
    require_perm(request.user, "conferences.view_decision", conference)
    may_record = request.user.has_perm(
        "conferences.record_decision", conference
    ) and is_booked_and_started(conference)
    return conference, may_record


def _ensure_decisions(request, conference, may_record):
    decisions = selectors.decisions_of(conference)
    if may_record and len(decisions) < len(conference.conference_children.all()):
        services.open_decisions(conference=conference, by=request.user)
        decisions = selectors.decisions_of(conference)
    return decisions


def decision_overview(request, pk):
    conference, may_record = _conference_for_decision(request, pk)
    may_adjourn = may_record and request.user.has_perm("conferences.adjourn_conference", conference)
    form = AdjournForm(request.POST if request.method == "POST" else None, prefix="adjourn")
    if request.method == "POST":
        if not may_adjourn:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.adjourn_conference(
                    conference=conference, by=request.user, reason=form.cleaned_data["reason"]
                )
            except services.ConferenceBookingError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "The conference is adjourned")
                return redirect("conferences:decision", pk=pk)
    decisions = _ensure_decisions(request, conference, may_record)
    children = [link.child for link in conference.conference_children.all()]
    if request.method == "GET":
        children_services.record_child_view(
            user=request.user, child=children, what="Conference decision", path=request.path
        )
    allowed, why = services.may_reach_decision(conference)
    return render(
        request,
        "conferences/decision/overview.html",
        {
            # Issue 17: the managers' reports the chair asked for, and any escalations.
            "adjournment_reports": adjournment.reports_for_chair(conference),
            "escalations": adjournment.escalations_of(conference),
            "conference": conference,
            "children": children,
            "rows": [(decision, services.tally(decision)) for decision in decisions],
            "may_reach_decision": allowed,
            "quoracy_explanation": why,
            "inputs": inputs_of(conference),
            "form": form,
            "errors": _errors_of(form),
            "may_record": may_record,
            "may_adjourn": may_adjourn and conference.adjourned_at is None,
            "may_download": request.user.has_perm("conferences.download_outline_plan", conference),
            "may_record_circulation": request.user.has_perm(
                "conferences.record_outline_circulation", conference
            ),
        },
    )


def outline_plan_pdf(request, pk, child_pk):
    conference = selectors.conference_for(request.user, pk)
    require_perm(request.user, "conferences.download_outline_plan", conference)
    decision = selectors.decision_for_outline_plan(conference, child_pk)
    if not decision.outcome:
        raise Http404("The decision for this child is not recorded yet")
    pdf = outline_plan_for_family(decision=decision, by=request.user)
    children_services.record_child_view(
        user=request.user, child=decision.child, what="Outline plan", path=request.path
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{outline_plan_filename(decision)}"'
    return response
