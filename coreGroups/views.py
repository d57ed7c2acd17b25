"""Core group meetings and visits: thin views over coreGroups.services and selectors. Plans are
fetched through plans.selectors.plan_for (page not found outside the user's scope); an action the
user may not take is 403."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from children import services as children_services
from core.view_helpers import add_service_error, require_perm
from plans.selectors import plan_for

from . import selectors, services
from .forms import ActionForm, DangerStatementForm, PlanMeetingForm, RecordMeetingForm, VisitForm
from .models import MeetingStatus


def _log(request, plan, what):
    children_services.record_child_view(
        user=request.user, child=plan.child, what=what, path=request.path
    )


def plan_meeting(request, plan_pk):
    plan = plan_for(request.user, plan_pk)
    require_perm(request.user, "coreGroups.plan_meeting", plan)
    first = not plan.core_group_meetings.filter(status=MeetingStatus.HELD).exists()
    default_chair = services._team_manager_for(plan) if first else plan.child.lead_social_worker
    form = PlanMeetingForm(
        request.POST or None,
        chairs=selectors.possible_chairs(plan),
        initial={"chaired_by": default_chair.pk if default_chair else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.plan_meeting(
                plan=plan,
                held_at=data["held_at"],
                chaired_by=data["chaired_by"],
                venue=data["venue"],
                by=request.user,
            )
        except services.CoreGroupError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The core group meeting is planned")
            return redirect("coreGroups:meeting", pk=meeting.pk)
    return render(
        request,
        "coreGroups/plan_meeting.html",
        {"form": form, "plan": plan, "child": plan.child, "first": first},
    )


def meeting_detail(request, pk):
    page = selectors.meeting_page(request.user, pk)
    meeting = page.meeting
    require_perm(request.user, "coreGroups.view_meeting", meeting)
    _log(request, meeting.plan, "Core group meeting")
    may_record = request.user.has_perm("coreGroups.record_meeting", meeting)
    return render(
        request,
        "coreGroups/meeting_detail.html",
        {
            "page": page,
            "meeting": meeting,
            "plan": meeting.plan,
            "child": meeting.plan.child,
            "may_record": may_record and meeting.plan.is_active,
            "may_share": may_record and meeting.is_held,
        },
    )


def record_meeting(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    require_perm(request.user, "coreGroups.record_meeting", meeting)
    if not meeting.is_planned:
        return redirect("coreGroups:meeting", pk=pk)
    plan = meeting.plan
    members, actions, statements = selectors.record_form_rows(plan)
    local = timezone.localtime(meeting.held_at)
    form = RecordMeetingForm(
        request.POST or None,
        members=members,
        actions=actions,
        statements=statements,
        first_due=selectors.first_core_group_due(plan),
        initial={"date": local.date(), "time": local.strftime("%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_meeting(meeting=meeting, by=request.user, **form.record())
        except services.CoreGroupError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The core group meeting is recorded")
            return redirect("coreGroups:meeting", pk=pk)
    return render(
        request,
        "coreGroups/record_meeting.html",
        {"form": form, "meeting": meeting, "plan": plan, "child": plan.child},
    )


def _after_addition(meeting):
    if meeting.is_planned:
        return redirect("coreGroups:record", pk=meeting.pk)
    return redirect("coreGroups:meeting", pk=meeting.pk)


def add_danger_statement(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    require_perm(request.user, "coreGroups.record_meeting", meeting)
    form = DangerStatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_danger_statement_at_meeting(
                meeting=meeting, by=request.user, **form.cleaned_data
            )
        except services.CoreGroupError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The danger statement is added to the plan")
            return _after_addition(meeting)
    return render(
        request,
        "coreGroups/add_danger_statement.html",
        {"form": form, "meeting": meeting, "plan": meeting.plan, "child": meeting.plan.child},
    )


def add_action(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    require_perm(request.user, "coreGroups.record_meeting", meeting)
    form = ActionForm(
        request.POST or None,
        statements=meeting.plan.danger_statements.filter(is_active=True).order_by("position"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action_at_meeting(meeting=meeting, by=request.user, **form.cleaned_data)
        except services.CoreGroupError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The action is added to the plan")
            return _after_addition(meeting)
    return render(
        request,
        "coreGroups/add_action.html",
        {"form": form, "meeting": meeting, "plan": meeting.plan, "child": meeting.plan.child},
    )


@require_POST
def share_meeting(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    require_perm(request.user, "coreGroups.record_meeting", meeting)
    try:
        sent = services.share_meeting_record(meeting=meeting, by=request.user)
    except services.CoreGroupError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"The record is shared with {sent} member{'s' if sent != 1 else ''}"
        )
    return redirect("coreGroups:meeting", pk=pk)


def visit_list(request, plan_pk):
    plan = plan_for(request.user, plan_pk)
    require_perm(request.user, "coreGroups.view_visits", plan)
    _log(request, plan, "Social work visits")
    return render(
        request,
        "coreGroups/visit_list.html",
        {
            "plan": plan,
            "child": plan.child,
            "visits": selectors.visits_for(plan),
            "may_record": request.user.has_perm("coreGroups.record_visit", plan) and plan.is_active,
        },
    )


def record_visit(request, plan_pk):
    plan = plan_for(request.user, plan_pk)
    require_perm(request.user, "coreGroups.record_visit", plan)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.record_visit(
                plan=plan,
                by=request.user,
                visited_on=data["visited_on"],
                child_seen=data["seen"],
                seen_alone=data["alone"],
                reason_not_seen=data["reason_not_seen"],
                notes=data["notes"],
            )
        except services.CoreGroupError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "The visit is recorded"
                if visit.child_seen
                else "The visit is recorded. The child was not seen, so the next visit is still "
                "due by the same date",
            )
            return redirect("coreGroups:visits", plan_pk=plan.pk)
    return render(
        request, "coreGroups/record_visit.html", {"form": form, "plan": plan, "child": plan.child}
    )
