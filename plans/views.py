"""The child protection plan's page, and the pages that end it or schedule its review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import RoleCode
from children import services as children_services
from children.rules import may_see_authority_children

from . import selectors, services
from .forms import EndPlanForm, ReviewChairForm


def _review_context(request, plan) -> dict:
    """What the plan page's review and ending block shows (staff only)."""
    from conferences import services as conference_services

    user = request.user
    # The review the coordinator scheduled (kept on the plan, so a plan without one costs no
    # query); once held or cancelled there is none.
    review = None
    if plan.is_active and plan.next_review_conference_id:
        review = plan.next_review_conference
        if review.status not in conference_services.SCHEDULED_REVIEW_STATUSES:
            review = None
    recommended = (
        review is not None and plan.end_recommendations.filter(review_conference=review).exists()
    )
    # The page already checked that the user may see the plan: only the rest of each permission
    # is asked here (from the cached roles and the plan's child, no more queries).
    worker = plan.child.lead_social_worker
    is_lead_or_manager = worker is not None and user.pk in (worker.pk, worker.line_manager_id)
    return {
        "review": review,
        "may_schedule_review": plan.is_active and user.has_role(RoleCode.CONFERENCE_COORDINATOR),
        "may_end_plan": plan.is_active and services.may_end_plan_outside_conference(plan, user),
        "may_recommend_ending": review is not None and not recommended and is_lead_or_manager,
        "end_recommended": recommended,
    }


def plan_detail(request, pk):
    # The authority's timescales are internal: an agency professional in the core group sees the
    # plan, not its deadlines.
    staff_view = bool(may_see_authority_children(request.user))
    page = selectors.plan_page(request.user, pk, with_deadlines=staff_view)
    if not request.user.has_perm("plans.view_plan", page.plan):
        raise PermissionDenied
    children_services.record_child_view(
        user=request.user, child=page.plan.child, what="Child protection plan", path=request.path
    )
    context = {
        "page": page,
        "plan": page.plan,
        "child": page.plan.child,
        "staff_view": staff_view,
        "may_see_conference": request.user.has_perm(
            "conferences.view_conference", page.plan.started_by_conference
        ),
    }
    if staff_view:
        context.update(_review_context(request, page.plan))
    return render(request, "plans/plan_detail.html", context)


def end_plan(request, pk):
    plan = selectors.plan_for(request.user, pk)
    if not request.user.has_perm("plans.end_plan", plan):
        raise PermissionDenied
    form = EndPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.end_plan(
                plan=plan,
                reason=data["reason"],
                ended_on=data["ended_on"],
                by=request.user,
                step_down=data["step_down"],
                receiving_authority=data["receiving_authority"],
                transfer_in_conference_on=data["transfer_in_conference_on"],
                note=data["note"],
            )
        except services.PlanError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The plan has ended")
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/end_plan.html",
        {"form": form, "plan": plan, "child": plan.child},
    )


@require_POST
def schedule_review(request, pk):
    from conferences import services as conference_services

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
    from conferences import selectors as conference_selectors
    from conferences import services as conference_services

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
    from conferences import services as conference_services

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
