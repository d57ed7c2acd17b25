"""The decision per child (issue 6 parts 3 and 4): the overview with the chair's adjourn form,
each child's recommendation, professionals' views and decision, and the outline plan PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from children import services as children_services
from core.templatetags.govuk import error_anchor
from core.view_helpers import add_service_error, require_perm

from .. import adjournment, selectors, services
from ..forms import (
    ACTION_ROWS,
    AdjournForm,
    ChildDecisionForm,
    OutlineActionFormSet,
    ProfessionalViewForm,
    RecommendationForm,
)
from ..outline_plan import outline_plan_filename, outline_plan_for_family
from ..plan_decision import decision_initial
from ..readiness import inputs_of
from ..rules import is_booked_and_started
from ._common import _errors_of

# --- The decision (issue 6 parts 3 and 4) --------------------------------------------------------
# The overview lists each child with the tally and the state of the decision, and holds the
# chair's adjourn form. Each child's page records the social worker's recommendation, the
# professionals' views and the chair's decision (one form, several buttons; a refused button
# re-shows everything typed); the chair saves and finalises there. The outline plan PDF is for the
# chair, the minute taker, the conference service and the children's social worker.


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


def _action_rows_initial(decision) -> list[dict]:
    rows = [
        {
            "what": action.what,
            "who": action.who,
            "by_when": action.by_when,
            "danger_statement_position": (
                str(action.danger_statement_position) if action.danger_statement_position else ""
            ),
        }
        for action in decision.actions.all()
    ]
    return rows + [{}] * ACTION_ROWS


def child_decision(request, pk, child_pk):
    conference, may_record = _conference_for_decision(request, pk)
    decisions = _ensure_decisions(request, conference, may_record)
    decision = next((d for d in decisions if d.child_id == child_pk), None)
    if decision is None:
        raise Http404("No decision for that child at this conference")
    may_finalise = request.user.has_perm("conferences.finalise_decision", conference)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and (not may_record or decision.is_final):
        raise PermissionDenied
    if action == "finalise" and not may_finalise:
        raise PermissionDenied
    data = request.POST if action else None
    rec_form = RecommendationForm(
        data if action == "recommendation" else None,
        prefix="rec",
        initial={"recommendation": decision.recommendation},
    )
    view_form = ProfessionalViewForm(data if action == "add_view" else None, prefix="view")
    deciding = action in ("save_decision", "add_row", "finalise")
    decision_form = ChildDecisionForm(
        data if deciding else None,
        prefix="decision",
        initial=decision_initial(conference, decision),
        review=conference.kind in services.REVIEW_KINDS,
        service_managers=selectors.service_managers(),
    )
    if action == "add_row":
        posted = request.POST.copy()
        try:
            total = int(posted.get("actions-TOTAL_FORMS", 0))
        except ValueError:
            total = 0
        posted["actions-TOTAL_FORMS"] = str(min(total, 50) + 1)
        formset = OutlineActionFormSet(posted, prefix="actions")
    elif deciding:
        formset = OutlineActionFormSet(data, prefix="actions")
    else:
        formset = OutlineActionFormSet(prefix="actions", initial=_action_rows_initial(decision))
    checked = [rec_form, view_form] + (
        [decision_form] if action in ("save_decision", "finalise") else []
    )
    input_errors = {}  # service errors on the outline actions and the conference's inputs
    if action == "recommendation" and rec_form.is_valid():
        try:
            services.record_recommendation(
                decision=decision, by=request.user, **rec_form.cleaned_data
            )
        except services.ConferenceBookingError as error:
            add_service_error(rec_form, error)
        else:
            messages.success(request, "The recommendation is saved")
            return redirect("conferences:child-decision", pk=pk, child_pk=child_pk)
    elif action == "add_view" and view_form.is_valid():
        try:
            services.record_professional_view(
                decision=decision, by=request.user, **view_form.cleaned_data
            )
        except services.ConferenceBookingError as error:
            add_service_error(view_form, error)
        else:
            messages.success(request, "The view is recorded")
            return redirect("conferences:child-decision", pk=pk, child_pk=child_pk)
    elif action in ("save_decision", "finalise"):
        rows_valid = formset.is_valid()
        if decision_form.is_valid() and rows_valid:
            decide = (
                services.decide_and_finalise if action == "finalise" else services.record_decision
            )
            try:
                decide(
                    decision=decision,
                    by=request.user,
                    actions=[row for row in formset.cleaned_data if row],
                    **decision_form.cleaned_data,
                )
            except services.ConferenceBookingError as error:
                if error.field in ("actions", "inputs_reason"):
                    input_errors[error.field] = error.message
                else:
                    add_service_error(decision_form, error)
                # A refused finalise keeps the recorded decision: show it as it is now.
                decision = selectors.decisions_of(conference, pk=decision.pk)[0]
            else:
                messages.success(
                    request,
                    "The decision is finalised"
                    if action == "finalise"
                    else "The decision is saved",
                )
                return redirect("conferences:decision", pk=pk)
    if not action:
        children_services.record_child_view(
            user=request.user, child=[decision.child], what="Conference decision", path=request.path
        )
    errors = _errors_of(*checked)
    errors += list(input_errors.items())
    for number, row_form in enumerate(formset.forms if formset.is_bound else [], start=1):
        if action in ("save_decision", "finalise"):
            errors += [
                (error_anchor(field), f"Action {number}: {message}")
                for field in row_form.visible_fields()
                for message in field.errors
            ]
    return render(
        request,
        "conferences/decision/child.html",
        {
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
            "decision": decision,
            "child": decision.child,
            "tally": services.tally(decision),
            "rec_form": rec_form,
            "view_form": view_form,
            "decision_form": decision_form,
            "formset": formset,
            "errors": errors,
            "may_record": may_record and not decision.is_final,
            "may_finalise": may_finalise and may_record and not decision.is_final,
            "may_download": request.user.has_perm("conferences.download_outline_plan", conference),
            "input_errors": input_errors,
            "inputs": inputs_of(conference),
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
