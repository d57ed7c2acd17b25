"""The social work report: writing it, sending it for sign-off, the team manager's sign-off or
return, recording its sharing with the parents, sending it to the chair and the chair's reading."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.view_helpers import add_service_error, require_perm
from voice import selectors as voice_selectors

from .. import selectors, services
from ..forms import ReturnReportForm, ShareWithParentsForm, SocialWorkReportForm
from ..sharing_forms import ParentsViewsForm
from ._common import _back, _children, _conference, _record_view, _social_work_report

# The social work report ---------------------------------------------------------------------------


def social_work_report(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    report = _social_work_report(conference)
    if report is None:
        require_perm(request.user, "reports.write_social_work_report", conference)
        return redirect("reports:edit-social-work-report", conference_pk=conference.pk)
    require_perm(request.user, "reports.view_social_work_report", report)
    _record_view(request, conference, "Social work report")
    user = request.user
    may_write = user.has_perm("reports.write_social_work_report", conference)
    may_manage = user.has_perm("reports.sign_off_social_work_report", report)
    children = _children(conference)
    return render(
        request,
        "reports/social_work_report.html",
        {
            "conference": conference,
            "children": children,
            "child_voices": voice_selectors.visible_voices(user, conference, children),
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
            # Issue 21 item 5: each parent's views on the shared report, seen with the report.
            "parent_views": selectors.parent_views_on(report),
            "may_record_parent_views": (may_write or may_manage)
            and report.shared_with_parents_at is not None,
        },
    )


def edit_social_work_report(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    require_perm(request.user, "reports.write_social_work_report", conference)
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
                add_service_error(form, error)
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
    require_perm(request.user, "reports.view_social_work_report", report)
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
    require_perm(request.user, "reports.sign_off_social_work_report", report)
    form = ReturnReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_report(
                report=report, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ReportError as error:
            add_service_error(form, error)
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
    require_perm(request.user, "reports.view_social_work_report", report)
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
            add_service_error(form, error)
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
    require_perm(request.user, "reports.mark_read", conference)
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


def parents_views_on_report(request, conference_pk):
    """Issue 21 item 5: the social worker (or their team manager) records what each parent said
    about the report shared with them."""
    conference = _conference(request.user, conference_pk)
    report = _social_work_report(conference)
    if report is None:
        raise Http404("No social work report")
    require_perm(request.user, "reports.view_social_work_report", report)
    if not (
        request.user.has_perm("reports.write_social_work_report", conference)
        or request.user.has_perm("reports.sign_off_social_work_report", report)
    ):
        raise PermissionDenied
    if report.shared_with_parents_at is None:
        messages.info(request, "Record that the report was shared with the parents first")
        return redirect("reports:social-work-report", conference_pk=conference.pk)
    parents = services.parents_for_views(conference)
    recorded = {row.person_id: row.views for row in selectors.parent_views_on(report)}
    form = ParentsViewsForm(
        request.POST or None,
        parents=parents,
        initial={f"views_{pk}": text for pk, text in recorded.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_parents_views_on_report(
                report=report, by=request.user, views=form.views()
            )
        except services.ReportError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The parents' views on the report are recorded")
            return redirect("reports:social-work-report", conference_pk=conference.pk)
    return render(
        request,
        "reports/parents_views.html",
        {
            "form": form,
            "conference": conference,
            "children": _children(conference),
            "report": report,
        },
    )
