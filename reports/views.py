"""Report pages: thin views over reports.services and reports.selectors.

Every page fetches its conference through conferences.selectors.conference_for (404 when a child
on it is hidden from the user), then checks the reports rules (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.models import RoleCode
from children import services as children_services
from conferences import selectors as conference_selectors
from conferences.models import Conference, Invitation, InviteeKind

from . import minutes_apologies as apologies_service
from . import selectors, services
from .forms import (
    AmendmentRequestForm,
    ApologiesCopiesForm,
    DecideAmendmentForm,
    FeedbackForm,
    MinutesSectionFormSet,
    ReturnMinutesForm,
    ReturnReportForm,
    ShareWithParentsForm,
    SocialWorkReportForm,
)
from .models import (
    AgencyReport,
    AmendmentStatus,
    ConferenceFeedback,
    ConferenceMinutes,
    MinutesAmendmentRequest,
    MinutesCopy,
    MinutesStatus,
    SocialWorkReport,
)
from .sharing import may_record_agency_sharing


def _require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def _form_error(form, error) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _conference(user, pk) -> Conference:
    """The conference, through the conference service's scope (404 if hidden: ADR 24)."""
    return conference_selectors.conference_for(user, pk)


def _back(request, default: str):
    """Where a button on another page asked to come back to (this site's pages only)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _children(conference) -> list:
    return [link.child for link in conference.conference_children.all()]


def _record_view(request, conference, what: str) -> None:
    children_services.record_child_view(
        user=request.user, child=_children(conference), what=what, path=request.path
    )


def _social_work_report(conference) -> SocialWorkReport | None:
    report = (
        SocialWorkReport.objects.filter(conference=conference)
        .select_related(
            "genogram", "chronology", "author", "signed_off_by", "returned_by", "sent_to_chair_by"
        )
        .first()
    )
    if report is not None:
        report.conference = conference
    return report


# A conference's reports ---------------------------------------------------------------------------


def conference_reports(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    _require(request.user, "reports.view_conference_reports", conference)
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


# The social work report ---------------------------------------------------------------------------


def social_work_report(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    report = _social_work_report(conference)
    if report is None:
        _require(request.user, "reports.write_social_work_report", conference)
        return redirect("reports:edit-social-work-report", conference_pk=conference.pk)
    _require(request.user, "reports.view_social_work_report", report)
    _record_view(request, conference, "Social work report")
    user = request.user
    may_write = user.has_perm("reports.write_social_work_report", conference)
    may_manage = user.has_perm("reports.sign_off_social_work_report", report)
    return render(
        request,
        "reports/social_work_report.html",
        {
            "conference": conference,
            "children": _children(conference),
            "report": report,
            "may_edit": may_write and report.is_editable,
            "may_submit": may_write and report.is_editable,
            "may_sign_off": may_manage
            and report.status == "awaiting_sign_off"
            and report.author_id != user.pk,
            "may_share": (may_write or may_manage) and report.is_signed_off,
            "may_send": may_write and report.is_signed_off and not report.sent_to_chair_at,
            "may_reopen": may_write and report.is_signed_off,
            "may_mark_read": conference.chair_id == user.pk
            and report.sent_to_chair_at
            and not report.read_by_chair_at,
        },
    )


def edit_social_work_report(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    _require(request.user, "reports.write_social_work_report", conference)
    report = _social_work_report(conference)
    if report is not None and not report.is_editable:
        messages.info(request, "The report has been sent for sign-off and cannot be changed now")
        return redirect("reports:social-work-report", conference_pk=conference.pk)
    if request.method == "POST":
        form = SocialWorkReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.save_social_work_report(
                    conference=conference, by=request.user, **form.cleaned_data
                )
            except services.ReportError as error:
                _form_error(form, error)
            else:
                messages.success(request, "The report has been saved")
                return redirect("reports:social-work-report", conference_pk=conference.pk)
    else:
        initial = {}
        if report is not None:
            initial = {
                name: getattr(report, name)
                for name in (
                    *services.SW_TEXT_FIELDS,
                    "scaling_score",
                    "recommendation",
                    "recommended_category",
                )
            }
        form = SocialWorkReportForm(initial=initial)
    return render(
        request,
        "reports/social_work_report_form.html",
        {
            "form": form,
            "conference": conference,
            "children": _children(conference),
            "report": report,
        },
    )


def _report_action(request, conference_pk, action, success: str, **kwargs):
    conference = _conference(request.user, conference_pk)
    report = _social_work_report(conference)
    if report is None:
        raise Http404("No social work report")
    _require(request.user, "reports.view_social_work_report", report)
    try:
        action(report=report, by=request.user, **kwargs)
    except services.ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("reports:social-work-report", conference_pk=conference.pk)


@require_POST
def submit_social_work_report(request, conference_pk):
    return _report_action(
        request,
        conference_pk,
        services.submit_for_sign_off,
        "The report has been sent to the team manager for sign-off",
    )


@require_POST
def sign_off_social_work_report(request, conference_pk):
    return _report_action(
        request, conference_pk, services.sign_off_report, "The report has been signed off"
    )


@require_POST
def send_social_work_report(request, conference_pk):
    return _report_action(
        request, conference_pk, services.send_to_chair, "The report has been sent to the chair"
    )


def return_social_work_report(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    report = _social_work_report(conference)
    if report is None:
        raise Http404("No social work report")
    _require(request.user, "reports.sign_off_social_work_report", report)
    form = ReturnReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_report(
                report=report, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ReportError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The report has been returned to the social worker")
            return redirect("reports:social-work-report", conference_pk=conference.pk)
    return render(
        request,
        "reports/return_report.html",
        {"form": form, "conference": conference, "children": _children(conference)},
    )


def share_social_work_report(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    report = _social_work_report(conference)
    if report is None:
        raise Http404("No social work report")
    _require(request.user, "reports.view_social_work_report", report)
    if not (
        request.user.has_perm("reports.write_social_work_report", conference)
        or request.user.has_perm("reports.sign_off_social_work_report", report)
    ):
        raise PermissionDenied
    initial = {}
    if report.parents_sharing_recorded:
        initial = {
            "shared": "yes" if report.shared_with_parents_at else "no",
            "parents_views": report.parents_views,
            "not_shared_reason": report.not_shared_reason,
        }
    form = ShareWithParentsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_sharing_with_parents(
                report=report, by=request.user, **form.service_kwargs()
            )
        except services.ReportError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Sharing the report with the parents has been recorded")
            return redirect("reports:social-work-report", conference_pk=conference.pk)
    return render(
        request,
        "reports/share_with_parents.html",
        {
            "form": form,
            "conference": conference,
            "children": _children(conference),
            "report": report,
        },
    )


@require_POST
def mark_social_work_report_read(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    _require(request.user, "reports.mark_read", conference)
    report = _social_work_report(conference)
    if report is None:
        raise Http404("No social work report")
    try:
        services.mark_report_read(report=report, by=request.user)
    except services.ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The social work report is marked as read")
    return _back(request, "reports:chair")


# Agency reports ----------------------------------------------------------------------------------


def _invitation(request, invitation_pk) -> Invitation:
    invitation = (
        Invitation.objects.filter(pk=invitation_pk, kind=InviteeKind.PROFESSIONAL)
        .select_related("agency", "involvement", "involvement__agency", "user")
        .first()
    )
    if invitation is None:
        raise Http404("No invitation found")
    invitation.conference = _conference(request.user, invitation.conference_id)
    return invitation


def _agency_report(request, pk) -> AgencyReport:
    report = (
        AgencyReport.objects.filter(pk=pk)
        .select_related("invitation", "agency", "document", "submitted_by", "read_by_chair")
        .first()
    )
    if report is None:
        raise Http404("No report found")
    report.conference = _conference(request.user, report.conference_id)
    _require(request.user, "reports.view_agency_report", report)
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


# The chair's view ---------------------------------------------------------------------------------


def chair_conferences(request):
    _require(request.user, "reports.view_chair_list")
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
        _require(request.user, "reports.view_social_work_report", report)
    else:
        _require(request.user, "reports.view_agency_report", report)
    _record_view(request, report.conference, "Report document")
    response = FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=doc.original_name,
        content_type=doc.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Minutes (issue 6) --------------------------------------------------------------------------------


def minutes(request, conference_pk):
    """The minutes of one conference: status, sections, copies and amendment requests for those
    who may read them; an invited professional sees only the circulated professional copy. The
    page offers only the actions the user may take at this stage."""
    conference = _conference(request.user, conference_pk)
    user = request.user
    full = user.has_perm("reports.view_minutes", conference)
    if not (full or user.has_perm("reports.view_professional_minutes", conference)):
        raise PermissionDenied
    record = (
        ConferenceMinutes.objects.filter(conference=conference)
        .select_related("approved_by", "circulated_by", "returned_by", "apologies_decided_by")
        .first()
    )
    sections, copies, amendments, apologies = [], [], [], []
    if record is not None:
        record.conference = conference
        sections = list(record.sections.order_by("position", "pk"))
        copies = list(record.copies.select_related("invitation"))
        amendments = list(record.amendment_requests.select_related("decided_by"))
        if not full:
            sections = []  # they read their copy, as sent
            copies = [c for c in copies if not c.is_family_copy]
            amendments = [a for a in amendments if a.invitation and a.invitation.user_id == user.pk]
        for copy in copies:
            copy.minutes = record  # the rules read copy.minutes.conference
        if full:
            apologies = apologies_service.professionals_with_apologies(conference)
    _record_view(request, conference, "Minutes")
    return render(
        request,
        "reports/minutes/minutes.html",
        {
            "conference": conference,
            "children": _children(conference),
            "minutes": record,
            "sections": sections,
            "copies": copies,
            "amendments": amendments,
            "apologies": apologies,
            "full": full,
            "has_started": conference.started_at is not None and conference.status != "cancelled",
        },
    )


def minutes_copy(request, pk):
    """A copy of the minutes as sent: permission-checked, downloaded as an attachment."""
    from .minutes_pdf import attachment_name

    copy = MinutesCopy.objects.filter(pk=pk).select_related("minutes", "invitation").first()
    if copy is None:
        raise Http404("No copy found")
    copy.minutes.conference = _conference(request.user, copy.minutes.conference_id)
    _require(request.user, "reports.download_minutes_copy", copy)
    _record_view(request, copy.minutes.conference, "Minutes copy")
    return FileResponse(
        copy.pdf.open("rb"),
        as_attachment=True,
        filename=attachment_name(copy.minutes.conference, family=copy.is_family_copy),
        content_type="application/pdf",
    )


class MinutesNotStarted(Http404):
    def __init__(self, conference):
        super().__init__("The minutes have not been started")
        self.conference = conference


def _minutes_of(request, conference_pk, permission: str):
    """The conference (404 if hidden), the permission (403), and its minutes (404 if none)."""
    conference = _conference(request.user, conference_pk)
    _require(request.user, permission, conference)
    record = ConferenceMinutes.objects.filter(conference=conference).first()
    if record is None:
        raise MinutesNotStarted(conference)
    record.conference = conference
    return conference, record


def _to_minutes(conference):
    return redirect("reports:minutes", conference_pk=conference.pk)


@require_POST
def start_minutes(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    _require(request.user, "reports.write_minutes", conference)
    try:
        services.start_minutes(conference=conference, by=request.user)
    except services.ReportError as error:
        messages.error(request, error.message)
        return _to_minutes(conference)
    messages.success(request, "The minutes have been started from the conference's record")
    return redirect("reports:edit-minutes", conference_pk=conference.pk)


def _section_formset(data=None, rows=None):
    if data is not None:
        return MinutesSectionFormSet(data, prefix="sections")
    return MinutesSectionFormSet(initial=rows, prefix="sections")


def _saved_rows(record) -> list[dict]:
    return [
        {"heading": s.heading, "text": s.text, "family_may_see": s.family_may_see}
        for s in record.sections.order_by("position", "pk")
    ]


def _bound_formset(rows):
    """The saved sections as a submitted formset, so errors can sit next to their fields."""
    data = {
        "sections-TOTAL_FORMS": str(len(rows)),
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "100",
    }
    for index, row in enumerate(rows):
        data[f"sections-{index}-heading"] = row["heading"]
        data[f"sections-{index}-text"] = row["text"]
        if row["family_may_see"]:
            data[f"sections-{index}-family_may_see"] = "on"
    formset = _section_formset(data)
    formset.is_valid()
    return formset


def _place_errors(formset, error, errors: list) -> None:
    """A service error on its section's field (`sections-<n>-<field>`), else in the summary.
    Minutes still "To be completed" carry one error for each section."""
    problems = getattr(error, "problems", None) or [(error.field or "", error.message)]
    for field_name, message in problems:
        field = field_name.split("-")
        if len(field) == 3 and field[1].isdigit() and int(field[1]) < len(formset.forms):
            formset.forms[int(field[1])].add_error(field[2], message)
        else:
            errors.append(message)


def _render_edit(request, conference, record, formset, errors):
    return render(
        request,
        "reports/minutes/edit.html",
        {
            "formset": formset,
            "errors": errors,
            "has_errors": bool(errors) or (formset.is_bound and not formset.is_valid()),
            "conference": conference,
            "children": _children(conference),
            "minutes": record,
            "may_send": record.status == MinutesStatus.DRAFT,
        },
    )


def edit_minutes(request, conference_pk):
    """The sections as a formset: heading, text, whether the family may see it. "Add another
    section" posts what was typed and shows it again with an empty row (no JavaScript). "Save
    and send to the chair" saves, then sends; a section still "To be completed" is refused with
    its error next to it (what was typed is saved)."""
    try:
        conference, record = _minutes_of(request, conference_pk, "reports.write_minutes")
    except MinutesNotStarted as not_started:
        # The minutes page is where they are started (the work list used to lead here: 404).
        return _to_minutes(not_started.conference)
    is_chair = conference.chair_id == request.user.pk
    if not (
        record.status == MinutesStatus.DRAFT
        or (record.status == MinutesStatus.WITH_CHAIR and is_chair)
    ):
        messages.info(request, f"The minutes are {record.get_status_display().lower()}")
        return _to_minutes(conference)
    errors = []
    if request.method == "POST":
        formset = _section_formset(request.POST)
        if not formset.management_form.is_valid():
            raise Http404("The form was not complete")
        if "add_section" in request.POST:
            rows = formset.typed_rows() + [{"heading": "", "text": "", "family_may_see": True}]
            formset = _section_formset(rows=rows)
        elif formset.is_valid():
            send = "send" in request.POST and record.status == MinutesStatus.DRAFT
            try:
                record = services.save_minutes(
                    minutes=record,
                    by=request.user,
                    sections=[form.as_section() for form in formset.forms],
                )
                if send:
                    services.submit_minutes_to_chair(minutes=record, by=request.user)
            except services.ReportError as error:
                if send and isinstance(error, services.MinutesIncomplete):
                    formset = _bound_formset(_saved_rows(record))  # as saved, empty rows gone
                _place_errors(formset, error, errors)
            else:
                messages.success(
                    request,
                    "The minutes have been sent to the chair for approval"
                    if send
                    else "The minutes have been saved",
                )
                return _to_minutes(conference)
    else:
        formset = _section_formset(rows=_saved_rows(record))
    return _render_edit(request, conference, record, formset, errors)


def _minutes_action(request, conference_pk, permission, action, success: str, **kwargs):
    conference, record = _minutes_of(request, conference_pk, permission)
    try:
        action(minutes=record, by=request.user, **kwargs)
    except services.ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _to_minutes(conference)


@require_POST
def submit_minutes(request, conference_pk):
    """Send the minutes to the chair. While a section is still "To be completed" the edit page
    is shown with the error next to each such section."""
    conference, record = _minutes_of(request, conference_pk, "reports.write_minutes")
    try:
        services.submit_minutes_to_chair(minutes=record, by=request.user)
    except services.MinutesIncomplete as error:
        errors = []
        formset = _bound_formset(_saved_rows(record))
        _place_errors(formset, error, errors)
        return _render_edit(request, conference, record, formset, errors)
    except services.ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The minutes have been sent to the chair for approval")
    return _to_minutes(conference)


def minutes_apologies(request, conference_pk):
    """The chair decides whether the invited professionals who sent apologies receive the
    minutes (they do unless the chair says otherwise)."""
    conference, record = _minutes_of(request, conference_pk, "reports.approve_minutes")
    if record.status == MinutesStatus.CIRCULATED:
        messages.info(request, "The minutes have already been circulated")
        return _to_minutes(conference)
    initial = {"receive": "yes" if record.apologies_receive_copy else "no"}
    form = ApologiesCopiesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            apologies_service.decide_apologies_copies(
                minutes=record, by=request.user, **form.service_kwargs()
            )
        except services.ReportError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Your decision about who receives the minutes is recorded")
            return _to_minutes(conference)
    return render(
        request,
        "reports/minutes/apologies.html",
        {
            "form": form,
            "conference": conference,
            "children": _children(conference),
            "absent": apologies_service.professionals_with_apologies(conference),
        },
    )


@require_POST
def approve_minutes(request, conference_pk):
    return _minutes_action(
        request,
        conference_pk,
        "reports.approve_minutes",
        services.approve_minutes,
        "You have approved the minutes",
    )


def return_minutes(request, conference_pk):
    conference, record = _minutes_of(request, conference_pk, "reports.approve_minutes")
    if record.status != MinutesStatus.WITH_CHAIR:
        messages.info(request, "Only minutes sent to the chair can be sent back")
        return _to_minutes(conference)
    form = ReturnMinutesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_minutes(
                minutes=record, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ReportError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The minutes have been sent back to the minute taker")
            return _to_minutes(conference)
    return render(
        request,
        "reports/minutes/return.html",
        {"form": form, "conference": conference, "children": _children(conference)},
    )


def circulate_minutes(request, conference_pk):
    """Who will receive which copy, then the button that sends them."""
    conference, record = _minutes_of(request, conference_pk, "reports.circulate_minutes")
    if request.method == "POST":
        try:
            services.circulate_minutes(minutes=record, by=request.user)
        except services.ReportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The minutes have been circulated")
        return _to_minutes(conference)
    if record.status != MinutesStatus.APPROVED:
        messages.info(request, "Only minutes approved by the chair can be circulated")
        return _to_minutes(conference)
    return render(
        request,
        "reports/minutes/circulate.html",
        {
            "conference": conference,
            "children": _children(conference),
            "planned": services.planned_copies(conference, minutes=record),
            "minutes": record,
        },
    )


def request_amendment(request, pk):
    """The recipient of a copy (or the coordinator, on behalf of a family member or a professional
    who does not sign in) asks the chair to change the minutes."""
    copy = MinutesCopy.objects.filter(pk=pk).select_related("minutes", "invitation").first()
    if copy is None:
        raise Http404("No copy found")
    conference = _conference(request.user, copy.minutes.conference_id)
    copy.minutes.conference = conference
    _require(request.user, "reports.request_minutes_amendment", copy)
    form = AmendmentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_minutes_amendment(
                copy=copy, by=request.user, text=form.cleaned_data["text"]
            )
        except services.ReportError as error:
            _form_error(form, error)
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
    amendment = (
        MinutesAmendmentRequest.objects.filter(pk=pk).select_related("minutes", "copy").first()
    )
    if amendment is None:
        raise Http404("No amendment found")
    conference = _conference(request.user, amendment.minutes.conference_id)
    _require(request.user, "reports.decide_minutes_amendment", conference)
    if amendment.status != AmendmentStatus.OPEN:
        messages.info(request, "This amendment has already been decided")
        return _to_minutes(conference)
    form = DecideAmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_amendment(amendment=amendment, by=request.user, **form.service_kwargs())
        except services.ReportError as error:
            _form_error(form, error)
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


# Feedback (issue 6) -------------------------------------------------------------------------------


def give_feedback(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    _require(request.user, "reports.give_feedback", conference)
    user = request.user
    coordinator = user.has_role(RoleCode.CONFERENCE_COORDINATOR)
    invitations = (
        list(conference.invitations.filter(is_active=True).order_by("kind", "name", "pk"))
        if coordinator
        else []
    )
    form = FeedbackForm(request.POST or None, coordinator=coordinator, invitations=invitations)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_feedback(conference=conference, by=user, **form.service_kwargs())
        except services.ReportError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Thank you: the feedback has been recorded")
            if user.has_perm("reports.view_feedback", conference):
                return redirect("reports:feedback-list", conference_pk=conference.pk)
            return _to_minutes(conference)
    return render(
        request,
        "reports/minutes/feedback_form.html",
        {
            "form": form,
            "coordinator": coordinator,
            "conference": conference,
            "children": _children(conference),
        },
    )


def feedback_list(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    _require(request.user, "reports.view_feedback", conference)
    rows = list(
        ConferenceFeedback.objects.filter(conference=conference).select_related("invitation")
    )
    count = len(rows)
    averages = None
    if count:
        averages = {
            "understood": round(sum(r.understood for r in rows) / count, 1),
            "listened_to": round(sum(r.listened_to for r in rows) / count, 1),
        }
    return render(
        request,
        "reports/minutes/feedback_list.html",
        {
            "rows": rows,
            "averages": averages,
            "conference": conference,
            "children": _children(conference),
            "may_give": request.user.has_perm("reports.give_feedback", conference),
        },
    )
