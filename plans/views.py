"""The child protection plan's page, and the pages that end it or schedule its review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from children import services as children_services
from children.rules import may_see_authority_children
from children.selectors import get_child_for
from conferences import selectors as conference_selectors
from conferences import services as conference_services

from . import ending, page_selectors, presenters, selectors, services
from .forms import (
    DriftReviewForm,
    EndPlanForm,
    MidwayNoteForm,
    RealEndReasonForm,
    ReviewChairForm,
    TransferInForm,
)


def plan_detail(request, pk):
    # The authority's timescales are internal: an agency professional in the core group sees the
    # plan, not its deadlines.
    staff_view = bool(may_see_authority_children(request.user))
    page = page_selectors.plan_page(request.user, pk, with_deadlines=staff_view)
    if not request.user.has_perm("plans.view_plan", page.plan):
        raise PermissionDenied
    children_services.record_child_view(
        user=request.user, child=page.plan.child, what="Child protection plan", path=request.path
    )
    return render(
        request,
        "plans/plan_detail.html",
        presenters.plan_detail_context(request.user, page, staff_view=staff_view),
    )


def _ending_arguments(data: dict) -> dict:
    return {
        "reason": data["reason"],
        "ended_on": data["ended_on"],
        "receiving_authority": data["receiving_authority"],
        "transfer_in_conference_on": data["transfer_in_conference_on"],
        "manager_agreement": data["manager_agreement"],
        "manager_agreed_on": data["manager_agreed_on"],
    }


def _ending_page(request, plan, form):
    return render(
        request,
        "plans/end_plan.html",
        {"form": form, "plan": plan, "child": plan.child},
    )


def end_plan(request, pk):
    """The ending page: its answers are checked by the service, then the confirmation page says
    what will happen. Nothing ends here; only the confirmation's POST (end_plan_confirm) does."""
    plan = selectors.plan_for(request.user, pk)
    if not request.user.has_perm("plans.end_plan", plan):
        raise PermissionDenied
    form = EndPlanForm(request.POST or None)
    # "Change your answers" on the confirmation page comes back here with the answers.
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        try:
            ending.check_ending_outside_conference(
                plan=plan, by=request.user, **_ending_arguments(form.cleaned_data)
            )
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return render(
                request,
                "plans/end_plan_confirm.html",
                {
                    "form": form,
                    "plan": plan,
                    "child": plan.child,
                    "answers": form.cleaned_data,
                    "carried": form.carried(),
                    "preview": ending.ending_preview(plan),
                },
            )
    return _ending_page(request, plan, form)


@require_POST
def end_plan_confirm(request, pk):
    """The confirmation's POST: the service checks everything again and ends the plan."""
    plan = selectors.plan_for(request.user, pk)
    if not request.user.has_perm("plans.end_plan", plan):
        raise PermissionDenied
    form = EndPlanForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.end_plan(
                plan=plan,
                by=request.user,
                step_down=data["step_down"],
                note=data["note"],
                **_ending_arguments(data),
            )
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The plan has ended")
            return redirect("plans:detail", pk=plan.pk)
    return _ending_page(request, plan, form)


def real_end_reason(request, pk):
    """A manager records why a plan ended as "other" really ended (issue 17)."""
    plan = selectors.plan_for(request.user, pk)
    if not request.user.has_perm("plans.view_plan", plan) or not ending.may_record_real_end_reason(
        plan, request.user
    ):
        raise PermissionDenied
    form = RealEndReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ending.record_real_end_reason(plan=plan, by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The real reason the plan ended is recorded")
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request, "plans/real_end_reason.html", {"form": form, "plan": plan, "child": plan.child}
    )


@require_POST
def schedule_review(request, pk):
    plan = selectors.plan_for(request.user, pk)
    if not request.user.has_perm("conferences.book_conference"):
        raise PermissionDenied
    try:
        review = conference_services.schedule_review_conference(plan=plan, by=request.user)
    except conference_services.ConferenceBookingError as error:
        messages.error(request, error.message)
        return redirect("plans:detail", pk=plan.pk)
    if review.chair_id is None:
        return redirect("plans:review-chair", pk=plan.pk)
    return redirect("conferences:conference", pk=review.pk)


def review_chair(request, pk):
    plan = selectors.plan_for(request.user, pk)
    if not request.user.has_perm("conferences.book_conference"):
        raise PermissionDenied
    review = conference_services.live_review_for(plan)
    if review is None or not review.may_be_booked:
        return redirect("plans:detail", pk=plan.pk)
    form = ReviewChairForm(
        request.POST or None,
        chairs=conference_selectors.chairs(),
        initial={"chair": review.chair_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            conference_services.allocate_review_chair(
                conference=review, chair=form.cleaned_data["chair"], by=request.user
            )
        except conference_services.ConferenceBookingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The chair is allocated: book the review conference")
            return redirect("conferences:book", pk=review.pk)
    return render(
        request,
        "plans/review_chair.html",
        {
            "form": form,
            "plan": plan,
            "child": plan.child,
            "review": review,
            "children": [link.child for link in review.conference_children.all()],
        },
    )


@require_POST
def recommend_ending(request, pk):
    plan = selectors.plan_for(request.user, pk)
    if not request.user.has_perm("plans.recommend_ending", plan):
        raise PermissionDenied
    review = conference_services.live_review_for(plan)
    if review is None:
        messages.error(request, "Schedule the review conference first")
        return redirect("plans:detail", pk=plan.pk)
    try:
        services.record_end_recommendation(plan=plan, by=request.user, review_conference=review)
    except services.PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The conference service is told the plan may end")
    return redirect("plans:detail", pk=plan.pk)


# --- Between conferences and transfer-in (issue 7 parts 5 and 7) ---------------------------------


def midway_note(request, pk):
    plan = selectors.plan_for(request.user, pk)
    if not services.may_write_midway_note(plan, request.user):
        raise PermissionDenied
    form = MidwayNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.write_midway_note(
                plan=plan,
                by=request.user,
                is_progressing=data["progressing"],
                review_date_right=data["date_right"],
                note=data["note"],
                escalation=data["escalation"],
            )
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Your mid-way review note is on the plan")
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request, "plans/midway_note.html", {"form": form, "plan": plan, "child": plan.child}
    )


def drift_review(request, pk):
    plan = selectors.plan_for(request.user, pk)
    flag = page_selectors.drift_flag_for(plan)
    if flag is None or not flag.is_open or not services.may_review_drift(plan, request.user):
        raise PermissionDenied
    form = DriftReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_drift_review(plan=plan, by=request.user, note=form.cleaned_data["note"])
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Your review is recorded and the drift flag is cleared")
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/drift_review.html",
        {"form": form, "plan": plan, "child": plan.child, "flag": flag},
    )


def transfer_in(request, child_pk):
    child = get_child_for(request.user, child_pk)
    if not services.may_record_transfer_in(child, request.user):
        raise PermissionDenied
    waiting = services.waiting_transfer_in(child)
    if waiting is not None:
        # One move at a time: the record already made is where the work goes on.
        return redirect("plans:transfer-in-detail", pk=waiting.pk)
    form = TransferInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.record_transfer_in(
                child=child, by=request.user, **form.cleaned_data
            )
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                "The transfer-in is recorded: the transfer-in conference is due within 15 "
                "working days",
            )
            return redirect("plans:transfer-in-detail", pk=transfer.pk)
    return render(request, "plans/transfer_in.html", {"form": form, "child": child})


def transfer_in_detail(request, pk):
    """A child's move in on another authority's plan: its TRANSFER_IN deadline and, for the
    conference coordinator, arranging the transfer-in conference (chair first, then booking)."""
    transfer = selectors.transfer_in_for(request.user, pk)
    children_services.record_child_view(
        user=request.user, child=transfer.child, what="Transfer-in", path=request.path
    )
    conference = transfer.conference or conference_services.live_transfer_in_conference_for(
        transfer.child
    )
    may_arrange = (
        conference is None
        and transfer.conference_id is None
        and request.user.has_perm("conferences.book_conference")
    )
    form = None
    if may_arrange:
        form = ReviewChairForm(request.POST or None, chairs=conference_selectors.chairs())
        if request.method == "POST" and form.is_valid():
            try:
                conference = conference_services.arrange_transfer_in_conference(
                    transfer_in=transfer, chair=form.cleaned_data["chair"], by=request.user
                )
            except conference_services.ConferenceBookingError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "The chair is allocated: book the transfer-in conference")
                return redirect("conferences:book", pk=conference.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "plans/transfer_in_detail.html",
        {
            "transfer": transfer,
            "child": transfer.child,
            "deadline": selectors.transfer_in_deadline(transfer),
            "conference": conference,
            # Managers see the transfer but may not open its conference (issue 24): no link then.
            "may_open_conference": conference is not None
            and request.user.has_perm("conferences.view_conference", conference),
            "form": form,
        },
    )
