"""Pages for the managers' reports during an adjournment and the escalated decisions (issue 17).
Thin: the rules are in conferences.adjournment; permissions in conferences.rules."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from children import services as children_services
from core.view_helpers import add_service_error, require_perm

from . import adjournment, adjournment_selectors
from .adjournment_forms import AdjournmentReportForm, EscalationReviewForm
from .models import AdjournmentReport
from .views import _errors_of


def _report(pk) -> AdjournmentReport:
    return adjournment_selectors.adjournment_report(pk)


def adjournment_report(request, pk):
    """The agency sends its manager's report; the chair (and the conference service and the QA
    manager) read it here."""
    report = _report(pk)
    require_perm(request.user, "conferences.view_adjournment_report", report, hide=True)
    may_send = request.user.has_perm("conferences.send_adjournment_report", report)
    form = None
    if may_send:
        form = AdjournmentReportForm(
            request.POST or None,
            request.FILES or None,
            initial={
                "manager_name": report.manager_name,
                "manager_role": report.manager_role,
                "facts": report.facts,
            },
        )
    if request.method == "POST":
        if not may_send:
            raise PermissionDenied
        if form.is_valid():
            try:
                adjournment.submit_report(
                    report=report,
                    by=request.user,
                    manager_name=form.cleaned_data["manager_name"],
                    manager_role=form.cleaned_data["manager_role"],
                    facts=form.cleaned_data["facts"],
                    upload=form.cleaned_data.get("document"),
                )
            except adjournment.DecisionError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "The manager's report is sent to the chair")
                return redirect("conferences:adjournment-report", pk=pk)
    errors = _errors_of(form)
    response = render(
        request,
        "conferences/adjournment/report.html",
        {
            "report": report,
            "conference": report.conference,
            "form": form,
            "errors": errors,
            "may_send": may_send and report.conference.status == "booked",
        },
        status=400 if errors else 200,
    )
    return response


def adjournment_report_document(request, pk):
    report = _report(pk)
    require_perm(request.user, "conferences.view_adjournment_report", report, hide=True)
    if report.document is None:
        raise Http404("No document")
    response = FileResponse(
        report.document.file.open("rb"),
        as_attachment=True,
        filename=report.document.original_name,
        content_type=report.document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def escalations(request):
    if not request.user.has_perm("conferences.list_escalations"):
        raise PermissionDenied
    rows = adjournment_selectors.escalations_visible_to(request.user)
    return render(request, "conferences/adjournment/escalations.html", {"escalations": rows})


def escalation(request, pk):
    item = adjournment_selectors.escalation_for(request.user, pk)
    require_perm(request.user, "conferences.view_escalation", item, hide=True)
    may_review = (
        request.user.has_perm("conferences.review_escalation", item) and not item.is_reviewed
    )
    form = EscalationReviewForm(request.POST or None) if may_review else None
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied
        if form.is_valid():
            try:
                adjournment.record_escalation_review(
                    escalation=item, by=request.user, review=form.cleaned_data["review"]
                )
            except adjournment.DecisionError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "Your review of the decision is recorded")
                return redirect("conferences:escalation", pk=pk)
    if request.method == "GET":
        children_services.record_child_view(
            user=request.user, child=item.child, what="Escalated decision", path=request.path
        )
    errors = _errors_of(form)
    return render(
        request,
        "conferences/adjournment/escalation.html",
        {"escalation": item, "form": form, "errors": errors},
        status=400 if errors else 200,
    )
