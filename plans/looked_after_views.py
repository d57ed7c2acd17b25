"""The looked-after pages (from the child's page) and the early review pages (from the plan's
page) of issue 22."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from children.selectors import get_child_for
from conferences import services as conference_services
from core.view_helpers import add_service_error

from . import early_review_selectors, selectors, services
from .looked_after_forms import (
    DismissPromptForm,
    EarlyReviewForm,
    EndLookedAfterPeriodForm,
    LookedAfterPeriodForm,
)


def _page(request, form, *, title, child, back_url, back_text, intro="", button="Save"):
    return render(
        request,
        "plans/looked_after_form.html",
        {
            "form": form,
            "title": title,
            "child": child,
            "back_url": back_url,
            "back_text": back_text,
            "intro": intro,
            "button": button,
        },
    )


def _child_url(child) -> str:
    return reverse("children:detail", args=[child.pk]) + "#looked-after"


def looked_after_add(request, child_pk):
    child = get_child_for(request.user, child_pk)
    if not request.user.has_perm("plans.record_looked_after", child):
        raise PermissionDenied
    form = LookedAfterPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_looked_after_period(child=child, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The looked-after period is recorded")
            return redirect(_child_url(child))
    return _page(
        request,
        form,
        title="Record that the child is looked after",
        child=child,
        back_url=_child_url(child),
        back_text="Back to the child's record",
    )


def looked_after_end(request, pk):
    period = early_review_selectors.looked_after_period_for(request.user, pk)
    child = period.child
    if not request.user.has_perm("plans.record_looked_after", child):
        raise PermissionDenied
    form = EndLookedAfterPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_looked_after_period(
                period=period, ended_on=form.cleaned_data["ended_on"], by=request.user
            )
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The end of the looked-after period is recorded")
            return redirect(_child_url(child))
    return _page(
        request,
        form,
        title="Record that the child is no longer looked after",
        child=child,
        back_url=_child_url(child),
        back_text="Back to the child's record",
        intro=f"Looked after since {period.started_on.day} {period.started_on:%B %Y} "
        f"({period.get_legal_basis_display()}).",
    )


def early_review(request, pk):
    plan = selectors.plan_for(request.user, pk)
    if not request.user.has_perm("plans.request_early_review", plan):
        raise PermissionDenied
    prompts = early_review_selectors.open_prompts(plan)
    initial = {"trigger": prompts[0].reason} if prompts else {}
    form = EarlyReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conference_services.request_early_review(
                plan=plan, by=request.user, **form.cleaned_data
            )
        except conference_services.ConferenceBookingError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, "The early review is requested: the conference service will book it"
            )
            return redirect("plans:detail", pk=plan.pk)
    return _page(
        request,
        form,
        title="Ask for an early review",
        child=plan.child,
        back_url=reverse("plans:detail", args=[plan.pk]),
        back_text="Back to the plan",
        intro="The review conference is brought forward. The next review is then due counting "
        "from the day the early review is held.",
        button="Ask for the early review",
    )


def dismiss_prompt(request, pk, prompt_pk):
    prompt = early_review_selectors.prompt_for(request.user, pk, prompt_pk)
    plan = prompt.plan
    if not request.user.has_perm("plans.dismiss_early_review_prompt", plan):
        raise PermissionDenied
    form = DismissPromptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dismiss_early_review_prompt(
                prompt=prompt, reason=form.cleaned_data["reason"], by=request.user
            )
        except services.PlanError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The prompt is dismissed")
            return redirect("plans:detail", pk=plan.pk)
    return _page(
        request,
        form,
        title="No early review needed",
        child=plan.child,
        back_url=reverse("plans:detail", args=[plan.pk]),
        back_text="Back to the plan",
        intro=prompt.text + ".",
        button="Dismiss the prompt",
    )
