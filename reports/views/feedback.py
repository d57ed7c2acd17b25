"""Feedback on the conference (issue 6): giving it (the coordinator can record it for an invitee)
and the list of feedback received, with the averages."""

from django.contrib import messages
from django.shortcuts import redirect, render

from accounts.models import RoleCode
from core.view_helpers import add_service_error, require_perm

from .. import selectors, services
from ..forms import ChildFeedbackForm, FeedbackForm
from ._common import _children, _conference, _to_minutes

# Feedback (issue 6) -------------------------------------------------------------------------------


def give_feedback(request, conference_pk):
    conference = _conference(request.user, conference_pk)
    require_perm(request.user, "reports.give_feedback", conference)
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
            add_service_error(form, error)
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
    require_perm(request.user, "reports.view_feedback", conference)
    everyone = selectors.feedback_on(conference)
    # A child's form has its own questions (issue 21 item 8): listed apart, not in the averages.
    rows = [row for row in everyone if not row.from_child]
    child_rows = [row for row in everyone if row.from_child]
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
            "child_rows": child_rows,
            "averages": averages,
            "conference": conference,
            "children": _children(conference),
            "may_give": request.user.has_perm("reports.give_feedback", conference),
            "may_enter_child": request.user.has_perm("reports.record_child_feedback", conference),
        },
    )


def child_feedback(request, conference_pk):
    """Issue 21 item 8: the conference service types in a child's feedback form."""
    conference = _conference(request.user, conference_pk)
    require_perm(request.user, "reports.record_child_feedback", conference)
    children = _children(conference)
    form = ChildFeedbackForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_child_feedback(
                conference=conference, by=request.user, **form.service_kwargs()
            )
        except services.ReportError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Thank you: the child's feedback has been recorded")
            return redirect("reports:feedback-list", conference_pk=conference.pk)
    return render(
        request,
        "reports/minutes/child_feedback_form.html",
        {"form": form, "conference": conference, "children": children},
    )
