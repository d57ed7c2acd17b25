"""Reads of Child in Need plans (issue 22 item 4), scoped to the authority's staff who may see
the child; anyone else gets "page not found"."""

import datetime
from dataclasses import dataclass

from django.http import Http404

from children.rules import may_see_authority_children
from children.selectors import visible_child_q
from timescales.models import LIVE_STATUSES
from timescales.selectors import deadlines_for

from .models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    CinAction,
    CinCoreGroupMember,
    EarlyHelpPlan,
)
from .services import cin_plan_lasts_until, minimum_length


def child_in_need_plans_visible_to(user):
    if not (user and user.is_authenticated) or not may_see_authority_children(user):
        return ChildInNeedPlan.objects.none()
    return ChildInNeedPlan.objects.filter(visible_child_q(user))


def child_in_need_plan_for(user, pk) -> ChildInNeedPlan:
    """One Child in Need plan the user may see, with its child and where it came from, or 404."""
    plan = (
        child_in_need_plans_visible_to(user)
        .filter(pk=pk)
        .select_related(
            "child",
            "child__lead_social_worker",
            "child__lead_social_worker__team",
            "from_plan",
            "started_by_conference",
            "ended_by",
            "early_end_agreed_by",
        )
        .first()
    )
    if plan is None:
        raise Http404("No such Child in Need plan")
    return plan


def cin_member_for(plan: ChildInNeedPlan, pk) -> CinCoreGroupMember:
    member = CinCoreGroupMember.objects.filter(plan=plan, pk=pk).first()
    if member is None:
        raise Http404("No such core group member")
    return member


def cin_action_for(plan: ChildInNeedPlan, pk) -> CinAction:
    action = CinAction.objects.filter(plan=plan, pk=pk).select_related("plan").first()
    if action is None:
        raise Http404("No such action")
    return action


@dataclass
class ChildInNeedPage:
    plan: ChildInNeedPlan
    members: list
    former_members: list
    reviews: list
    actions: list
    deadlines: list
    next_review: object
    lasts_until: datetime.date | None
    minimum_length: str


def child_in_need_page(plan: ChildInNeedPlan) -> ChildInNeedPage:
    members = list(plan.core_group_members.order_by("name", "pk"))
    deadlines = list(deadlines_for(plan))
    return ChildInNeedPage(
        plan=plan,
        members=[member for member in members if member.is_active],
        former_members=[member for member in members if not member.is_active],
        reviews=list(plan.reviews.select_related("recorded_by").order_by("-held_on", "-pk")),
        actions=list(plan.actions.order_by("status", "due_on", "pk")),
        deadlines=deadlines,
        next_review=next((d for d in deadlines if d.status in LIVE_STATUSES), None),
        lasts_until=cin_plan_lasts_until(plan),
        minimum_length=minimum_length(plan),
    )


def early_help_plan_of(plan: ChildProtectionPlan) -> EarlyHelpPlan | None:
    return EarlyHelpPlan.objects.filter(from_plan=plan).first()
