"""Reads of plans, scoped to what the user may see.

The authority's staff see the plans of the children they may see (children_visible_to). An agency
professional sees a plan only while they are an active member of its core group, and never one of
a restricted child they are not named on. Anything else is "page not found".
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import JSONObject
from django.http import Http404
from django.urls import reverse

from children.models import NamedAccess
from children.rules import may_see_authority_children
from children.selectors import visible_child_q
from children.summary import PlanSummary
from core.db import json_rows
from core.templatetags.govuk import govuk_date
from timescales.models import Deadline, RuleCode

from .models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    CoreGroupMember,
    FamilySafetyPlan,
    MyPlanExplanation,
    PlanAction,
    PlanDangerStatement,
    PlanStatus,
    SafetyNetworkMember,
    SpecialistAssessmentRequest,
    TransferIn,
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
    plans = (
        ChildProtectionPlan.objects.current()
        .filter(child_id__in=ids)
        .select_related("started_by_conference")
        .only(
            "pk",
            "child_id",
            "category",
            "started_on",
            "status",
            "started_by_conference__reconvene_by",
        )
    )
    return {
        plan.child_id: PlanSummary(
            plan=(
                f"Interim child protection plan (conference adjourned, reconvenes by "
                f"{govuk_date(plan.reconvene_by)})"
                if plan.is_interim
                else "Child protection plan"
            ),
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
        plan.child_id: PlanSummary(
            plan="Child in Need plan",
            since=plan.started_on,
            url=reverse("plans:cin-detail", args=[plan.pk]),
        )
        for plan in plans
    }


# --- Scope ---------------------------------------------------------------------------------------


def plans_visible_to(user):
    """The child protection plans whose page the user may open."""
    if not (user and user.is_authenticated):
        return ChildProtectionPlan.objects.none()
    if may_see_authority_children(user):
        return ChildProtectionPlan.objects.filter(visible_child_q(user))
    member = CoreGroupMember.objects.filter(plan=OuterRef("pk"), user=user, is_active=True)
    named = NamedAccess.objects.filter(user=user, revoked_at__isnull=True).values("child_id")
    return ChildProtectionPlan.objects.filter(Exists(member)).filter(
        Q(child__is_restricted=False) | Q(child_id__in=named)
    )


def _with_safety_planning(queryset):
    """The family safety plan, the active safety network and the explanations to the child, on
    the plan's own query (issue 21): the plan page adds no query for them."""
    network = SafetyNetworkMember.objects.filter(plan=OuterRef("pk"), is_active=True).order_by(
        "name", "pk"
    )
    explanations = MyPlanExplanation.objects.filter(plan=OuterRef("pk")).order_by(
        "-explained_on", "-pk"
    )
    return queryset.select_related("family_safety_plan").annotate(
        safety_network_rows=json_rows(
            network.values(
                json=JSONObject(
                    pk=F("pk"),
                    name=F("name"),
                    relationship_to_child=F("relationship_to_child"),
                    involvement=F("involvement"),
                    kept_informed=F("kept_informed"),
                )
            )
        ),
        my_plan_explanation_rows=json_rows(
            explanations.values(
                json=JSONObject(
                    explained_on=F("explained_on"),
                    how=F("how"),
                    agreed_by_child=F("agreed_by_child"),
                    child_said=F("child_said"),
                    interpreter_needed=F("interpreter_needed"),
                    interpreter_language=F("interpreter_language"),
                    explained_by=F("explained_by__full_name"),
                )
            )
        ),
    )


def plan_for(user, pk, *, with_safety_planning: bool = False) -> ChildProtectionPlan:
    """One plan the user may see, with its child and the conference that started it, or 404."""
    queryset = plans_visible_to(user)
    if with_safety_planning:
        queryset = _with_safety_planning(queryset)
    plan = (
        queryset.filter(pk=pk)
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


# --- Transfer-in ---------------------------------------------------------------------------------


def transfer_in_for(user, pk) -> TransferIn:
    """One child's move in on another authority's plan, for staff who may see the child, or 404
    (agency professionals have no part in it until the conference invites them)."""
    transfer = None
    if user and user.is_authenticated and may_see_authority_children(user):
        transfer = (
            TransferIn.objects.filter(visible_child_q(user), pk=pk)
            .select_related("child", "recorded_by", "conference", "conference__chair")
            .first()
        )
    if transfer is None:
        raise Http404("No transfer-in found")
    return transfer


def transfer_in_deadline(transfer: TransferIn):
    """The TRANSFER_IN deadline of the move (live or closed), or None."""
    from django.contrib.contenttypes.models import ContentType

    return (
        Deadline.objects.filter(
            rule=RuleCode.TRANSFER_IN,
            subject_type=ContentType.objects.get_for_model(TransferIn),
            subject_id=transfer.pk,
        )
        .order_by("-pk")
        .first()
    )


# --- The family's safety planning and "My plan" (issue 21 items 6 and 7) ------------------------


@dataclass
class SafetyPlanning:
    family_safety_plan: object
    network: list
    explanations: list


def safety_planning(plan) -> SafetyPlanning:
    """The family safety plan, the active safety network and the explanations to the child: no
    query for a plan read by plan_page (their rows ride on its query), three otherwise."""
    import datetime

    if not hasattr(plan, "safety_network_rows"):
        plan = _with_safety_planning(ChildProtectionPlan.objects.filter(pk=plan.pk)).get()
    explanations = []
    for row in plan.my_plan_explanation_rows or []:
        row = dict(row)
        row["explained_on"] = datetime.date.fromisoformat(row["explained_on"])
        explanations.append(row)
    try:
        family_safety_plan = plan.family_safety_plan
    except FamilySafetyPlan.DoesNotExist:
        family_safety_plan = None
    return SafetyPlanning(
        family_safety_plan=family_safety_plan,
        network=list(plan.safety_network_rows or []),
        explanations=explanations,
    )


def network_member_for(plan, member_pk):
    member = SafetyNetworkMember.objects.filter(plan=plan, pk=member_pk).first()
    if member is None:
        raise Http404
    return member


def my_plan_contents(plan) -> tuple[list, list]:
    """The active danger statements (in order) and the actions of the plan, for "My plan"."""
    statements = list(
        PlanDangerStatement.objects.filter(plan=plan, is_active=True).order_by("position", "pk")
    )
    actions = list(PlanAction.objects.filter(plan=plan).order_by("by_when", "pk"))
    return statements, actions


# --- The smaller duties (issue 22 item 6) ---------------------------------------------------------


def specialist_assessment_for(plan, pk) -> SpecialistAssessmentRequest:
    """One specialist assessment request on the plan, or 404."""
    assessment = SpecialistAssessmentRequest.objects.filter(plan=plan, pk=pk).first()
    if assessment is None:
        raise Http404("No specialist assessment found")
    return assessment
