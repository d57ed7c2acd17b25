"""The agency report form (submit, or save as a draft and finish later: issue 18 item 8), the
record of an agency report shared with the parents, and changing a signed-off social work report
(issue 18 item 7). Thin views over reports.services, reports.drafts and reports.sharing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from core.view_helpers import add_service_error, require_perm

from . import drafts, selectors, services, sharing
from .forms import AgencyReportForm
from .selectors import _agency_deadlines
from .sharing_forms import AgencySharingForm, ReopenReportForm
from .views import (
    _agency_report,
    _children,
    _conference,
    _invitation,
    _record_view,
    _social_work_report,
)


def _initial_from(source, invitation) -> dict:
    if source is None:
        # Police reports are pre-set to "No" with the police reason; anyone else chooses.
        if services.default_may_share_with_family(invitation):
            return {}
        return {
            "may_share_with_family": "no",
            "not_shared_reason": sharing.POLICE_NOT_SHARED_REASON,
        }
    initial = {name: getattr(source, name) for name in services.AGENCY_TEXT_FIELDS}
    initial["may_share_with_family"] = {True: "yes", False: "no"}.get(source.may_share_with_family)
    initial["not_shared_reason"] = "" if source.may_share_with_family else source.not_shared_reason
    return initial


def agency_report_form(request, invitation_pk):
    invitation = _invitation(request, invitation_pk)
    conference = invitation.conference
    require_perm(request.user, "reports.submit_agency_report", invitation)
    report = selectors.agency_report_of(invitation)
    draft = drafts.open_draft(invitation)
    if request.method == "POST":
        saving_draft = request.POST.get("action") == "draft"
        form = AgencyReportForm(
            request.POST,
            request.FILES,
            has_document=bool((report and report.document_id) or (draft and draft.document_id)),
            draft=saving_draft,
        )
        if form.is_valid():
            try:
                if saving_draft:
                    drafts.save_agency_report_draft(
                        invitation=invitation, by=request.user, **form.service_kwargs()
                    )
                else:
                    services.submit_agency_report(
                        invitation=invitation, by=request.user, **form.service_kwargs()
                    )
            except services.ReportError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    "Your draft has been saved. It is not submitted: come back to finish it"
                    if saving_draft
                    else "Your report has been submitted to the conference",
                )
                return redirect("reports:agency-report-form", invitation_pk=invitation.pk)
    else:
        form = AgencyReportForm(initial=_initial_from(draft or report, invitation))
    _record_view(request, conference, "Agency report form")
    return render(
        request,
        "reports/agency_report_form.html",
        {
            "form": form,
            "invitation": invitation,
            "conference": conference,
            "children": _children(conference),
            "report": report,
            "draft": draft,
            "deadline": _agency_deadline(invitation),
        },
    )


def _agency_deadline(invitation):
    return _agency_deadlines([invitation.pk]).get(invitation.pk)


def agency_report_sharing(request, pk):
    report = _agency_report(request, pk)
    if not sharing.may_record_agency_sharing(request.user, report):
        raise PermissionDenied
    if not report.may_share_with_family:
        raise Http404("This report is not for the family")
    initial = {"shared_on": timezone.localdate()}
    if report.sharing_recorded_at:
        initial = {
            "shared": "yes" if report.shared_with_parents_on else "no",
            "shared_on": report.shared_with_parents_on or timezone.localdate(),
            "how": report.shared_how,
            "not_shared_reason": report.not_shared_reason,
        }
    form = AgencySharingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sharing.record_agency_report_sharing(
                report=report, by=request.user, **form.service_kwargs()
            )
        except services.ReportError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Sharing the report with the parents has been recorded")
            return redirect("reports:agency-report", pk=report.pk)
    return render(
        request,
        "reports/agency_report_sharing.html",
        {
            "form": form,
            "report": report,
            "conference": report.conference,
            "children": _children(report.conference),
        },
    )


def reopen_social_work_report(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    report = _social_work_report(conference)
    if report is None:
        raise Http404("No social work report")
    require_perm(request.user, "reports.write_social_work_report", conference)
    form = ReopenReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sharing.reopen_social_work_report(
                report=report, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ReportError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "You can change the report now. Send it for sign-off again when it is ready",
            )
            return redirect("reports:edit-social-work-report", conference_pk=conference.pk)
    return render(
        request,
        "reports/reopen_report.html",
        {
            "form": form,
            "conference": conference,
            "children": _children(conference),
            "report": report,
        },
    )
