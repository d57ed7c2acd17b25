"""The Contextual Safeguarding Conference pages (issue 22 item 5, ADR 61): the conference
service's list, the request, the conference (booking, the decision form), the plan and its
measurable outcomes, and booking a review. Thin: scoped reads, a permission, a service call."""

from django.shortcuts import redirect, render
from django.urls import reverse

from children.selectors import get_child_for
from core.view_helpers import require_perm, save_posted_form

from . import presenters, selectors, services, worklists
from .forms import BookForm, DecisionForm, OutcomeForm, ProgressForm, RequestForm, ViewForm


def _conference(request, pk, permission="contextual.view_conference"):
    conference = selectors.conference_for(request.user, pk)
    require_perm(request.user, permission, conference)
    return conference


def _plan(request, pk, permission="contextual.view_plan"):
    plan = selectors.plan_for(request.user, pk)
    require_perm(request.user, permission, plan)
    return plan


def _form_page(
    request, form, title, *, child, back, back_text, intro="", button="Save", extra=None
):
    return render(
        request,
        "contextual/form.html",
        {
            "form": form,
            "child": child,
            "title": title,
            "intro": intro,
            "button": button,
            "back": back,
            "back_text": back_text,
            **(extra or {}),
        },
    )


def queue(request):
    """The conference service's list: requests to book, conferences booked, reviews to book."""
    require_perm(request.user, "contextual.view_queue")
    return render(request, "contextual/queue.html", {"page": worklists.queue_page(request.user)})


def request_conference(request, child_pk):
    child = get_child_for(request.user, child_pk)
    require_perm(request.user, "contextual.request_conference", child)
    form = RequestForm(request.POST or None)
    saved = save_posted_form(
        request,
        form,
        lambda data: services.request_conference(child=child, by=request.user, **data),
        success="The conference service has the request",
    )
    if saved:
        return redirect("contextual:detail", pk=saved.result.pk)
    return _form_page(
        request,
        form,
        "Ask for a Contextual Safeguarding Conference",
        child=child,
        back=reverse("children:detail", args=[child.pk]),
        back_text=child.legal_name,
        intro="For a young person at risk of significant harm outside the family. The "
        "conference service books it, with an independent chair.",
        button="Send the request",
    )


def detail(request, pk):
    conference = _conference(request, pk)
    return render(
        request,
        "contextual/detail.html",
        {"page": presenters.conference_page(request.user, conference), "child": conference.child},
    )


def _book_form(request, initial=None):
    return BookForm(
        request.POST or None,
        initial=initial,
        chairs=selectors.chairs(),
        professionals=selectors.agency_professionals(),
    )


def book(request, pk):
    conference = _conference(request, pk, "contextual.book_conference")
    initial = {}
    if conference.starts_at:
        initial = {"chair": conference.chair_id, "venue": conference.venue}
    form = _book_form(request, initial)
    if save_posted_form(
        request,
        form,
        lambda _data: services.book_conference(
            conference=conference, by=request.user, **form.booking()
        ),
        success="The conference is booked",
    ):
        return redirect("contextual:detail", pk=conference.pk)
    return _form_page(
        request,
        form,
        "Book the conference",
        child=conference.child,
        back=reverse("contextual:detail", args=[conference.pk]),
        back_text="Back to the conference",
        button="Book the conference",
    )


def add_view(request, pk):
    conference = _conference(request, pk, "contextual.hold_conference")
    form = ViewForm(request.POST or None)
    saved = save_posted_form(
        request,
        form,
        lambda data: services.record_view(conference=conference, by=request.user, **data),
        success=lambda data: f"{data['name']}'s view is recorded",
    )
    if saved:
        return redirect("contextual:detail", pk=conference.pk)
    return _form_page(
        request,
        form,
        "Record a view",
        child=conference.child,
        back=reverse("contextual:detail", args=[conference.pk]),
        back_text="Back to the conference",
        intro="The decision form holds each professional's view, the parents' or carers' "
        "views and the young person's views.",
    )


def decision(request, pk):
    conference = _conference(request, pk, "contextual.hold_conference")
    form = DecisionForm(request.POST or None, review=conference.is_review)
    if save_posted_form(
        request,
        form,
        lambda data: services.record_decision(conference=conference, by=request.user, **data),
        success="The decision is recorded",
    ):
        return redirect("contextual:detail", pk=conference.pk)
    return render(
        request,
        "contextual/decision.html",
        {
            "form": form,
            "page": presenters.conference_page(request.user, conference),
            "child": conference.child,
        },
    )


def plan(request, pk):
    plan = _plan(request, pk)
    return render(
        request,
        "contextual/plan.html",
        {"page": presenters.plan_page(request.user, plan), "child": plan.child},
    )


def add_outcome(request, pk):
    plan = _plan(request, pk, "contextual.keep_plan")
    form = OutcomeForm(request.POST or None)
    if save_posted_form(
        request,
        form,
        lambda data: services.add_outcome(plan=plan, by=request.user, **data),
        success="The outcome is added to the plan",
    ):
        return redirect("contextual:plan", pk=plan.pk)
    return _form_page(
        request,
        form,
        "Add a measurable outcome",
        child=plan.child,
        back=reverse("contextual:plan", args=[plan.pk]),
        back_text="Back to the plan",
    )


def outcome_progress(request, pk, outcome_pk):
    plan = _plan(request, pk, "contextual.keep_plan")
    outcome = selectors.outcome_for(plan, outcome_pk)
    form = ProgressForm(
        request.POST or None, initial={"status": outcome.status, "progress": outcome.progress}
    )
    if save_posted_form(
        request,
        form,
        lambda data: services.record_progress(outcome=outcome, by=request.user, **data),
        success="The progress is recorded",
    ):
        return redirect("contextual:plan", pk=plan.pk)
    return _form_page(
        request,
        form,
        "Record progress on the outcome",
        child=plan.child,
        back=reverse("contextual:plan", args=[plan.pk]),
        back_text="Back to the plan",
        intro=outcome.outcome,
    )


def book_review(request, pk):
    plan = _plan(request, pk, "contextual.book_review")
    form = _book_form(request)
    saved = save_posted_form(
        request,
        form,
        lambda _data: services.book_review(plan=plan, by=request.user, **form.booking()),
        success="The review conference is booked",
    )
    if saved:
        return redirect("contextual:detail", pk=saved.result.pk)
    return _form_page(
        request,
        form,
        "Book the review conference",
        child=plan.child,
        back=reverse("contextual:plan", args=[plan.pk]),
        back_text="Back to the plan",
        button="Book the review",
    )
