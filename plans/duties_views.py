"""The smaller duties' pages on a plan (issue 22 item 6): requesting a specialist assessment and
tracking it, and the Family Group Conference's recommendation and outcome."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from core.view_helpers import add_service_error

from . import selectors, services
from .duties_forms import (
    FgcOutcomeForm,
    FgcRecommendationForm,
    SpecialistAssessmentRequestForm,
    SpecialistAssessmentUpdateForm,
    yes_no,
)


def _plan_for_duties(request, pk):
    plan = selectors.plan_for(request.user, pk)
    if not services.may_record_plan_duties(plan, request.user):
        raise PermissionDenied
    return plan


def _page(request, plan, form, title, intro="", extra=None):
    context = {"form": form, "plan": plan, "child": plan.child, "title": title, "intro": intro}
    context.update(extra or {})
    return render(request, "plans/duty_form.html", context)


def request_specialist_assessment(request, pk):
    plan = _plan_for_duties(request, pk)
    form = SpecialistAssessmentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_specialist_assessment(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The specialist assessment request is on the plan")
            return redirect("plans:detail", pk=plan.pk)
    return _page(
        request,
        plan,
        form,
        "Request a specialist assessment",
        "The request is in writing: the type and purpose of the assessment, who will do it and "
        "by when. It becomes an action on the plan.",
    )


def update_specialist_assessment(request, pk, assessment_pk):
    plan = _plan_for_duties(request, pk)
    assessment = selectors.specialist_assessment_for(plan, assessment_pk)
    form = SpecialistAssessmentUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_specialist_assessment(
                request=assessment, by=request.user, **form.cleaned_data
            )
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The specialist assessment is updated")
            return redirect("plans:detail", pk=plan.pk)
    return _page(
        request,
        plan,
        form,
        f"Update the {assessment.assessment_type.lower()}",
        f"Requested of {assessment.assessor}, due by {assessment.by_when:%d %B %Y}: "
        f"{assessment.purpose}",
    )


def fgc_recommendation(request, pk):
    plan = selectors.plan_for(request.user, pk)
    if not (plan.is_active and services.is_chair_of_last_conference(plan, request.user)):
        raise PermissionDenied
    form = FgcRecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_fgc_recommendation(
                plan=plan,
                by=request.user,
                recommended=yes_no(form.cleaned_data["recommended"]),
                note=form.cleaned_data["note"],
            )
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The conference's recommendation is on the plan")
            return redirect("plans:detail", pk=plan.pk)
    return _page(
        request,
        plan,
        form,
        "Family Group Conference: the conference's recommendation",
        "Record whether the conference recommended that the family hold a Family Group Conference.",
    )


def fgc_outcome(request, pk):
    plan = _plan_for_duties(request, pk)
    form = FgcOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_fgc_outcome(
                plan=plan,
                by=request.user,
                held=yes_no(data["held"]),
                held_on=data["held_on"],
                not_held_reason=data["not_held_reason"],
            )
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Whether the Family Group Conference was held is recorded")
            return redirect("plans:detail", pk=plan.pk)
    return _page(request, plan, form, "Was the Family Group Conference held?")
