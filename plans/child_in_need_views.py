"""The Child in Need plan pages (issue 22 item 4): the plan, its core group, reviews, actions and
ending, kept by the child's lead social worker or their manager; and the Early Help plan a child
protection plan stepped down to."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.view_helpers import add_service_error, require_perm

from . import child_in_need_selectors as selectors
from . import selectors as plan_selectors
from . import services
from .child_in_need_forms import (
    CinActionDoneForm,
    CinActionForm,
    CinCoreGroupMemberForm,
    CinReviewForm,
    EarlyHelpPlanForm,
    EndChildInNeedPlanForm,
)
from .models import StepDown

CHANGE = "plans.change_child_in_need_plan"


def _plan(request, pk, permission="plans.view_child_in_need_plan"):
    plan = selectors.child_in_need_plan_for(request.user, pk)
    require_perm(request.user, permission, plan)
    return plan


def _form_page(request, plan, form, title, *, intro="", button="Save"):
    return render(
        request,
        "plans/child_in_need/form.html",
        {
            "form": form,
            "plan": plan,
            "child": plan.child,
            "title": title,
            "intro": intro,
            "button": button,
        },
    )


def detail(request, pk):
    plan = _plan(request, pk)
    return render(
        request,
        "plans/child_in_need/detail.html",
        {
            "page": selectors.child_in_need_page(plan),
            "plan": plan,
            "child": plan.child,
            "may_change": request.user.has_perm(CHANGE, plan),
            "done_form": CinActionDoneForm(),
        },
    )


def member_add(request, pk):
    plan = _plan(request, pk, CHANGE)
    form = CinCoreGroupMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_cin_core_group_member(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} is in the core group")
            return redirect("plans:cin-detail", pk=plan.pk)
    return _form_page(request, plan, form, "Add someone to the core group")


@require_POST
def member_remove(request, pk, cin_member_pk):
    plan = _plan(request, pk, CHANGE)
    member = selectors.cin_member_for(plan, cin_member_pk)
    try:
        services.remove_cin_core_group_member(member=member, by=request.user)
    except services.PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{member.name} has left the core group")
    return redirect("plans:cin-detail", pk=plan.pk)


def review_add(request, pk):
    plan = _plan(request, pk, CHANGE)
    form = CinReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.record_cin_review(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"The review is recorded. The next review is due by "
                f"{review.next_review_due:%-d %B %Y}",
            )
            return redirect("plans:cin-detail", pk=plan.pk)
    return _form_page(request, plan, form, "Record a review")


def action_add(request, pk):
    plan = _plan(request, pk, CHANGE)
    form = CinActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_cin_action(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The action is added")
            return redirect("plans:cin-detail", pk=plan.pk)
    return _form_page(request, plan, form, "Add an action")


def action_done(request, pk, action_pk):
    plan = _plan(request, pk, CHANGE)
    action = selectors.cin_action_for(plan, action_pk)
    form = CinActionDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_cin_action(action=action, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The action is marked done")
            return redirect("plans:cin-detail", pk=plan.pk)
    return _form_page(request, plan, form, "Mark the action done", intro=action.action)


def end(request, pk):
    plan = _plan(request, pk, CHANGE)
    form = EndChildInNeedPlanForm(request.POST or None)
    lasts_until = services.cin_plan_lasts_until(plan)
    intro = ""
    if lasts_until is None:
        del form.fields["early_end_reason"]  # the plan has no minimum length
    else:
        intro = (
            f"This plan lasts at least {services.minimum_length(plan)}, until "
            f"{lasts_until:%-d %B %Y}. Only the lead social worker's team manager can end it "
            "earlier, recording why."
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.end_child_in_need_plan(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The Child in Need plan has ended")
            return redirect("plans:cin-detail", pk=plan.pk)
    return _form_page(
        request, plan, form, "End the Child in Need plan", intro=intro, button="End the plan"
    )


def early_help(request, pk):
    """The Early Help plan a child protection plan stepped down to, and its first review."""
    plan = plan_selectors.plan_for(request.user, pk)
    require_perm(request.user, "plans.record_early_help_plan", plan)
    current = selectors.early_help_plan_of(plan)
    initial = {}
    if current is not None:
        initial = {
            "lead_professional": current.lead_professional,
            "lead_agency": current.lead_agency,
            "started_on": current.started_on,
            "first_review_on": current.first_review_on,
        }
    form = EarlyHelpPlanForm(request.POST or None, initial=initial)
    stepped_down = plan.step_down == StepDown.EARLY_HELP and plan.ended_on is not None
    if request.method == "POST" and form.is_valid():
        try:
            services.record_early_help_plan(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The Early Help plan is recorded")
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/child_in_need/early_help.html",
        {
            "form": form,
            "plan": plan,
            "child": plan.child,
            "stepped_down": stepped_down,
            "first_review_by": services.early_help_first_review_by(plan) if stepped_down else None,
        },
    )
