"""The family's safety planning and "My plan" pages (issue 21 items 6 and 7)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from children import services as children_services

from . import my_plan, selectors, services
from .safety_forms import (
    FamilySafetyPlanForm,
    MyPlanExplanationForm,
    SafetyNetworkMemberForm,
    WordsForChildForm,
)


def _writable_plan(request, pk):
    plan = selectors.plan_for(request.user, pk)
    if not request.user.has_perm("plans.write_safety_planning", plan):
        raise PermissionDenied
    return plan


def _form_page(request, plan, form, title, intro=""):
    return render(
        request,
        "plans/safety_form.html",
        {"form": form, "plan": plan, "child": plan.child, "title": title, "intro": intro},
    )


def _add_error(form, error):
    form.add_error(error.field if error.field in form.fields else None, error.message)


def family_safety_plan(request, pk):
    plan = _writable_plan(request, pk)
    current = selectors.safety_planning(plan).family_safety_plan
    initial = {}
    if current is not None and current.daily_life:
        initial = {
            "daily_life": current.daily_life,
            "agreed": "yes" if current.agreed_with_family else "no",
            "agreed_on": current.agreed_on,
            "agreed_with": current.agreed_with,
            "words_and_pictures": "yes" if current.words_and_pictures_done else "no",
            "words_and_pictures_on": current.words_and_pictures_on,
            "words_and_pictures_by": current.words_and_pictures_by,
        }
    form = FamilySafetyPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_family_safety_plan(
                plan=plan,
                daily_life=data["daily_life"],
                agreed_with_family=data["agreed_with_family"],
                agreed_on=data["agreed_on"],
                agreed_with=data["agreed_with"],
                words_and_pictures_done=data["words_and_pictures_done"],
                words_and_pictures_on=data["words_and_pictures_on"],
                words_and_pictures_by=data["words_and_pictures_by"],
                by=request.user,
            )
        except services.PlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, "The family safety plan is saved")
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(request, plan, form, "Family safety plan")


def safety_network_add(request, pk):
    plan = _writable_plan(request, pk)
    form = SafetyNetworkMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_safety_network_member(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, "The safety network member is added")
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(request, plan, form, "Add someone to the safety network")


def safety_network_member(request, pk, member_pk):
    """Change a member's details, or (the "stop" button) record they are no longer a member."""
    plan = _writable_plan(request, pk)
    member = selectors.network_member_for(plan, member_pk)
    if not member.is_active:
        raise Http404
    if request.method == "POST" and "stop" in request.POST:
        services.stop_safety_network_member(member=member, by=request.user)
        messages.success(request, f"{member.name} is no longer in the safety network")
        return redirect("plans:detail", pk=plan.pk)
    initial = {
        "name": member.name,
        "relationship_to_child": member.relationship_to_child,
        "involvement": member.involvement,
        "kept_informed": member.kept_informed,
    }
    form = SafetyNetworkMemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_safety_network_member(
                member=member, by=request.user, **form.cleaned_data
            )
        except services.PlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, "The safety network member is changed")
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/safety_form.html",
        {
            "form": form,
            "plan": plan,
            "child": plan.child,
            "title": f"Change {member.name}'s part in the safety network",
            "may_stop": True,
        },
    )


def words_for_child(request, pk, statement_pk):
    plan = _writable_plan(request, pk)
    statements, _ = selectors.my_plan_contents(plan)
    statement = next((row for row in statements if row.pk == statement_pk), None)
    if statement is None:
        raise Http404
    form = WordsForChildForm(
        request.POST or None,
        initial={
            "text_for_child": statement.text_for_child,
            "safety_goal_for_child": statement.safety_goal_for_child,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_words_for_child(statement=statement, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, "The words for the child are saved")
            return redirect("plans:detail", pk=plan.pk)
    intro = (
        f"Danger statement: {statement.text} Safety goal: {statement.safety_goal} "
        "Leave a box empty to use the original words in My plan."
    )
    return _form_page(
        request, plan, form, f"Danger statement {statement.position} in words for the child", intro
    )


def my_plan_explained(request, pk):
    plan = _writable_plan(request, pk)
    form = MyPlanExplanationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_my_plan_explanation(
                plan=plan,
                explained_on=data["explained_on"],
                how=data["how"],
                agreed_by_child=data["agreed_by_child"],
                child_said=data["child_said"],
                interpreter_needed=data["interpreter_needed"],
                interpreter_language=data["interpreter_language"],
                by=request.user,
            )
        except services.PlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, "The explanation to the child is recorded")
            return redirect("plans:detail", pk=plan.pk)
    return _form_page(request, plan, form, "Record explaining the plan to the child")


def my_plan_pdf(request, pk):
    """ "My plan" for a child of 8 and over; refused (404) for a younger child."""
    plan = selectors.plan_for(request.user, pk)
    if not request.user.has_perm("plans.view_plan", plan):
        raise PermissionDenied
    if not my_plan.my_plan_offered(plan.child):
        raise Http404("My plan is for children of 8 and over")
    children_services.record_child_view(
        user=request.user, child=plan.child, what="My plan", path=request.path
    )
    statements, actions = selectors.my_plan_contents(plan)
    content = my_plan.render_my_plan(plan=plan, statements=statements, actions=actions)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="my-plan-{plan.pk}.pdf"'
    return response
