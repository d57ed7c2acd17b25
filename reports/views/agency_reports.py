"""Agency reports: reading one (with the record of its sharing with the parents) and the chair
marking it read. The form an agency fills in is in reports.agency_views."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from conferences.models import Invitation
from core.view_helpers import require_perm

from .. import selectors, services
from ..models import AgencyReport
from ..sharing import may_record_agency_sharing
from ._common import _back, _children, _conference, _record_view

# Agency reports ----------------------------------------------------------------------------------


def _invitation(request, invitation_pk) -> Invitation:
    invitation = selectors.professional_invitation(invitation_pk)
    if invitation is None:
        raise Http404("No invitation found")
    invitation.conference = _conference(request.user, invitation.conference_id)
    return invitation


def _agency_report(request, pk) -> AgencyReport:
    report = selectors.agency_report_to_read(pk)
    if report is None:
        raise Http404("No report found")
    report.conference = _conference(request.user, report.conference_id)
    require_perm(request.user, "reports.view_agency_report", report)
    return report


def agency_report(request, pk):
    report = _agency_report(request, pk)
    conference = report.conference
    _record_view(request, conference, "Agency report")
    return render(
        request,
        "reports/agency_report.html",
        {
            "report": report,
            "earlier_documents": selectors.earlier_documents_of(report),
            "conference": conference,
            "children": _children(conference),
            "may_mark_read": conference.chair_id == request.user.pk and not report.read_by_chair_at,
            "may_resubmit": request.user.has_perm(
                "reports.submit_agency_report", report.invitation
            ),
            # Issue 18 item 7: recording the sharing with the parents (reports.sharing).
            "may_record_sharing": report.may_share_with_family
            and conference.status in services.OPEN_FOR_REPORTS
            and may_record_agency_sharing(request.user, report),
        },
    )


def agency_report_earlier_document(request, pk, document_pk):
    """Download a document the report carried before it was replaced (from the report's
    history), for anyone who may read the report; any other document is not found here."""
    report = _agency_report(request, pk)
    document = next(
        (doc for doc in selectors.earlier_documents_of(report) if doc.pk == document_pk), None
    )
    if document is None:
        raise Http404("No earlier document found")
    _record_view(request, report.conference, "Earlier report document")
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def mark_agency_report_read(request, pk):
    report = _agency_report(request, pk)
    try:
        services.mark_report_read(report=report, by=request.user)
    except services.ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The report from {report.invitation.name} is marked as read")
    return _back(request, "reports:chair")
