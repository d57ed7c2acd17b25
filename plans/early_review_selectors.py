"""Reads for the looked-after and early review pages and the plan page's early review block
(issue 22). Scoped: a period through the child the user may see, a prompt through the plan."""

from django.http import Http404

from children.models import LookedAfterPeriod
from children.selectors import get_child_for
from conferences.models import Conference, ConferenceStatus

from .models import EarlyReviewPrompt, PromptStatus
from .selectors import plan_for


def looked_after_period_for(user, pk) -> LookedAfterPeriod:
    period = LookedAfterPeriod.objects.filter(pk=pk).select_related("child").first()
    if period is None:
        raise Http404
    get_child_for(user, period.child_id)  # 404 unless the user may see the child
    return period


def prompt_for(user, plan_pk, prompt_pk) -> EarlyReviewPrompt:
    plan = plan_for(user, plan_pk)
    prompt = EarlyReviewPrompt.objects.filter(plan=plan, pk=prompt_pk).first()
    if prompt is None:
        raise Http404
    prompt.plan = plan
    return prompt


def open_prompts(plan) -> list[EarlyReviewPrompt]:
    """The plan's open prompts, oldest first, with what the plan page's banner and the early
    review page read (the reason and the day it happened)."""
    return list(
        EarlyReviewPrompt.objects.filter(plan_id=plan.pk, status=PromptStatus.OPEN)
        .only("reason", "happened_on")
        .order_by("raised_at", "pk")
    )


def early_reviews(plan) -> list[Conference]:
    """The early reviews of the plan's child since the plan started (newest first), held or to
    come, with their trigger: only the columns the plan page shows of each."""
    return list(
        Conference.objects.filter(
            conference_children__child_id=plan.child_id,
            early_review_requested_at__date__gte=plan.started_on,
        )
        .exclude(early_review_trigger="")
        .exclude(status=ConferenceStatus.CANCELLED)
        .only(
            "status",
            "starts_at",
            "early_review_requested_at",
            "early_review_trigger",
            "early_review_detail",
            "combined_with_looked_after_review",
            "independent_reviewing_officer",
        )
        .order_by("-early_review_requested_at", "-pk")
    )


def looked_after_periods(child) -> list[LookedAfterPeriod]:
    return list(LookedAfterPeriod.objects.filter(child=child).order_by("-started_on", "-pk"))
