"""Reads of plans, scoped to what the user may see.

The authority's staff see the plans of the children they may see (children_visible_to). An agency
professional sees a plan only while they are an active member of its core group, and never one of
a restricted child they are not named on. Anything else is "page not found".
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.urls import reverse

from children.models import NamedAccess
from children.rules import may_see_authority_children
from children.selectors import children_visible_to
from children.summary import PlanSummary

from .models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    CoreGroupMember,
    PlanAction,
    PlanCategoryChange,
    PlanDangerStatement,
    PlanStatus,
)


def active_plan_for(child) -> ChildProtectionPlan | None:
    """The child's active child protection plan, if any."""
    return ChildProtectionPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).first()


def active_child_in_need_plan_for(child) -> ChildInNeedPlan | None:
    return ChildInNeedPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).first()


# --- The child's page ----------------------------------------------------------------------------


def plans_for_children(children, user) -> dict[int, PlanSummary]:
    """For the child's page (registered in PlansConfig.ready): each child's active child
    protection plan with its category and start date. One query, whatever the number of
    children. The children are those the page already scoped to the user."""
    ids = [child.pk for child in children]
    if not ids:
        return {}
    plans = ChildProtectionPlan.objects.filter(child_id__in=ids, status=PlanStatus.ACTIVE).only(
        "pk", "child_id", "category", "started_on"
    )
    return {
        plan.child_id: PlanSummary(
            plan="Child protection plan",
            category=plan.get_category_display(),
            since=plan.started_on,
            url=reverse("plans:detail", args=[plan.pk]),
        )
        for plan in plans
    }


def child_in_need_plans_for_children(children, user) -> dict[int, PlanSummary]:
    """For the child's page, after plans_for_children (a child protection plan wins): each
    child's active Child in Need plan. One query."""
    ids = [child.pk for child in children]
    if not ids:
        return {}
    plans = ChildInNeedPlan.objects.filter(child_id__in=ids, status=PlanStatus.ACTIVE).only(
        "pk", "child_id", "started_on"
    )
    return {
        plan.child_id: PlanSummary(plan="Child in Need plan", since=plan.started_on)
        for plan in plans
    }


# --- Scope ---------------------------------------------------------------------------------------


def plans_visible_to(user):
    """The child protection plans whose page the user may open."""
    if not (user and user.is_authenticated):
        return ChildProtectionPlan.objects.none()
    if may_see_authority_children(user):
        return ChildProtectionPlan.objects.filter(child__in=children_visible_to(user))
    member = CoreGroupMember.objects.filter(plan=OuterRef("pk"), user=user, is_active=True)
    named = NamedAccess.objects.filter(user=user, revoked_at__isnull=True).values("child_id")
    return ChildProtectionPlan.objects.filter(Exists(member)).filter(
        Q(child__is_restricted=False) | Q(child_id__in=named)
    )


def plan_for(user, pk) -> ChildProtectionPlan:
    """One plan the user may see, with its child and the conference that started it, or 404."""
    plan = (
        plans_visible_to(user)
        .filter(pk=pk)
        .select_related(
            "child",
            "child__lead_social_worker",
            "child__lead_social_worker__team",
            "started_by_conference",
            "started_by_conference__chair",
            "created_by",
        )
        .first()
    )
    if plan is None:
        raise Http404("No plan found")
    return plan


# --- The plan's page -----------------------------------------------------------------------------


@dataclass
class PlanPage:
    """Everything the plan's page shows, read with a fixed number of queries."""

    plan: ChildProtectionPlan
    category_changes: list[PlanCategoryChange]
    danger_statements: list[PlanDangerStatement]
    actions: list[PlanAction]
    members: list[CoreGroupMember]
    deadlines: list = field(default_factory=list)


def plan_page(user, pk, *, with_deadlines: bool = True) -> PlanPage:
    """The plan, its category history, danger statements (active, in order), actions (by when,
    with their danger statement), active core group members and, for staff, its deadlines.
    Seven queries (plus the scope's) whatever the number of actions or members."""
    from timescales.selectors import deadlines_for

    plan = plan_for(user, pk)
    category_changes = list(
        PlanCategoryChange.objects.filter(plan=plan)
        .select_related("conference")
        .order_by("changed_on", "pk")
    )
    danger_statements = list(
        PlanDangerStatement.objects.filter(plan=plan, is_active=True)
        .select_related("set_by_conference", "added_by")
        .order_by("position", "pk")
    )
    actions = list(
        PlanAction.objects.filter(plan=plan)
        .select_related("danger_statement", "responsible")
        .order_by("by_when", "pk")
    )
    members = list(
        CoreGroupMember.objects.filter(plan=plan, is_active=True)
        .select_related("user", "user__agency", "person")
        .order_by("name", "pk")
    )
    return PlanPage(
        plan=plan,
        category_changes=category_changes,
        danger_statements=danger_statements,
        actions=actions,
        members=members,
        deadlines=list(deadlines_for(plan)) if with_deadlines else [],
    )
