"""The reports around a conference: its reports page, the chair's list of conferences with the
reports to read, and downloading a report's uploaded document.

Every page fetches its conference through conferences.selectors.conference_for (404 when a child
on it is hidden from the user), then checks the reports rules (403).
"""

from django.http import FileResponse, Http404
from django.shortcuts import render

from core.view_helpers import require_perm

from .. import selectors
from ..models import SocialWorkReport
from ._common import _children, _conference, _record_view

# A conference's reports ---------------------------------------------------------------------------


def conference_reports(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    require_perm(request.user, "reports.view_conference_reports", conference)
    status = selectors.report_status_for(conference, request.user)
    _record_view(request, conference, "Reports to conference")
    return render(
        request,
        "reports/conference_reports.html",
        {
            "conference": conference,
            "children": _children(conference),
            "status": status,
            "deadlines": selectors.conference_deadlines(conference),
            "is_chair": conference.chair_id == request.user.pk,
        },
    )


# The chair's view ---------------------------------------------------------------------------------


def chair_conferences(request):
    require_perm(request.user, "reports.view_chair_list")
    page, page_range, summaries = selectors.chair_conferences_page(
        request.user, request.GET.get("page")
    )
    return render(
        request,
        "reports/chair_conferences.html",
        {"page": page, "page_range": page_range, "summaries": summaries},
    )


# Documents ----------------------------------------------------------------------------------------


def document(request, pk):
    """Download an uploaded report, only for someone who may see the report it belongs to."""
    doc = selectors.get_document(pk)
    report = selectors.report_of_document(doc)
    if report is None:
        raise Http404("No document found")
    report.conference = _conference(request.user, report.conference_id)
    if isinstance(report, SocialWorkReport):
        require_perm(request.user, "reports.view_social_work_report", report)
    else:
        require_perm(request.user, "reports.view_agency_report", report)
    _record_view(request, report.conference, "Report document")
    response = FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=doc.original_name,
        content_type=doc.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
