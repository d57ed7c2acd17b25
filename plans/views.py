"""The child protection plan's page, and the pages that end it or schedule its review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.line_management import is_worker_or_manager
from accounts.models import RoleCode
from children import services as children_services
from children.rules import may_see_authority_children
from children.selectors import get_child_for
from conferences import selectors as conference_selectors
from conferences import services as conference_services
from voice import selectors as voice_selectors

from . import drift, early_review_selectors, ending, my_plan, selectors, services
from .forms import (
    DriftReviewForm,
    EndPlanForm,
    MidwayNoteForm,
    RealEndReasonForm,
    ReviewChairForm,
    TransferInForm,
)


def _review_context(request, plan) -> dict:
    """What the plan page's review and ending block shows (staff only)."""
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
    is_lead_or_manager = is_worker_or_manager(user, worker)
    return {
        "review": review,
        # Issue 18 item 10: a link only for those who may open the review's page.
        "may_see_review": review is not None
        and user.has_perm("conferences.view_conference", review),
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
        "child_voice": voice_selectors.latest_visible_voice(request.user, page.plan.child),
    }
    # The family's safety planning and "My plan" (issue 21 items 6 and 7).
    context["safety"] = selectors.safety_planning(page.plan)
    # The page already checked that the user may see the plan: only the rest is asked here.
    context["may_write_safety_planning"] = services.may_write_safety_planning(
        page.plan, request.user
    )
    context["my_plan_offered"] = my_plan.my_plan_offered(page.plan.child)
    # The smaller duties (issue 22 item 6): specialist assessments and the Family Group Conference.
    context["duties"] = selectors.plan_duties(page.plan)
    last = services.last_conference_of(page.plan) if page.plan.is_active else None
    context["may_record_plan_duties"] = services.may_record_plan_duties(
        page.plan, request.user, last_conference=last
    )
    context["may_record_fgc_recommendation"] = (
        last is not None
        and services.is_chair_of_last_conference(page.plan, request.user, last_conference=last)
    )
    if staff_view:
        context.update(_review_context(request, page.plan))
        flag = page.drift_flag
        context["may_write_midway_note"] = services.may_write_midway_note(
            page.plan, request.user, last_conference=last
        )
        context["may_record_real_end_reason"] = ending.may_record_real_end_reason(
            page.plan, request.user
        )
        context["may_review_drift"] = (
            flag is not None and flag.is_open and services.may_review_drift(page.plan, request.user)
        )
        context["drift_deadline"] = drift.drift_deadline_for(page.plan) if flag else None
        # Early reviews and the looked-after prompt (issue 22).
        context["early_review_prompts"] = (
            early_review_selectors.open_prompts(page.plan) if page.plan.is_active else []
        )
        context["early_reviews"] = early_review_selectors.early_reviews(page.plan)
        context["may_request_early_review"] = request.user.has_perm(
            "plans.request_early_review", page.plan
        )
        context["may_dismiss_prompt"] = request.user.has_perm(
            "plans.dismiss_early_review_prompt", page.plan
        )
    return render(request, "plans/plan_detail.html", context)


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
    flag = selectors.drift_flag_for(plan)
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
