"""The minutes (issue 6): reading them and their copies, starting them from the conference's
record, editing the sections, sending them to the chair, the chair's decisions on apologies,
approving or returning them, and circulating the copies."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from conferences.rules import has_started
from core.view_helpers import add_service_error, require_perm

from .. import minutes_apologies as apologies_service
from .. import selectors, services
from ..forms import ApologiesCopiesForm, MinutesSectionFormSet, ReturnMinutesForm
from ..minutes_pdf import attachment_name
from ..models import MinutesStatus
from ._common import _children, _conference, _record_view, _to_minutes

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
    record = selectors.minutes_to_read(conference)
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
            "has_started": has_started(conference),
        },
    )


def minutes_copy(request, pk):
    """A copy of the minutes as sent: permission-checked, downloaded as an attachment."""
    copy = selectors.minutes_copy(pk)
    if copy is None:
        raise Http404("No copy found")
    copy.minutes.conference = _conference(request.user, copy.minutes.conference_id)
    require_perm(request.user, "reports.download_minutes_copy", copy)
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
    require_perm(request.user, permission, conference)
    record = selectors.minutes_of(conference)
    if record is None:
        raise MinutesNotStarted(conference)
    record.conference = conference
    return conference, record


@require_POST
def start_minutes(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    require_perm(request.user, "reports.write_minutes", conference)
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
            add_service_error(form, error)
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
            add_service_error(form, error)
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
