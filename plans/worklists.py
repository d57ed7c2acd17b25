"""The team manager's work list of plans to review for drift before their third review conference
(issue 17 item 7), registered in core.worklists. Two queries whatever the number of plans."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse

from core.worklists import LIMIT, WorkItem, WorkList, _due, _trim
from timescales.models import LIVE_STATUSES, Deadline, RuleCode

from .models import ChildProtectionPlan, DriftFlag
from .selectors import plans_visible_to


def drift_reviews_due(user, now) -> WorkList:
    """Open drift flags on plans of children whose lead social worker the user manages (as line
    manager or their team's manager): most urgent first."""
    managed = Q(plan__child__lead_social_worker__line_manager=user)
    if user.team_id:
        managed |= Q(plan__child__lead_social_worker__team__manager=user)
    deadline = Deadline.objects.filter(
        rule=RuleCode.DRIFT_REVIEW,
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
        subject_id=OuterRef("plan_id"),
        status__in=LIVE_STATUSES,
    ).order_by("-pk")
    flags = list(
        DriftFlag.objects.filter(reviewed_at__isnull=True, plan__in=plans_visible_to(user))
        .filter(managed)
        .annotate(
            deadline_id=Subquery(deadline.values("pk")[:1]),
            due_at=Subquery(deadline.values("due_at")[:1]),
        )
        .select_related("plan__child")
        .order_by(F("due_at").asc(nulls_last=True), "raised_on", "pk")[: LIMIT + 1]
    )
    flags, more = _trim(flags)
    deadlines = Deadline.objects.in_bulk([flag.deadline_id for flag in flags if flag.deadline_id])
    items = []
    for flag in flags:
        due, overdue = _due(deadlines.get(flag.deadline_id), now)
        items.append(
            WorkItem(
                text=flag.plan.child.legal_name,
                href=reverse("plans:drift-review", args=[flag.plan_id]),
                details=["Review the plan for drift before its third review conference"],
                due=due,
                overdue=overdue,
                links=[("Plan", reverse("plans:detail", args=[flag.plan_id]))],
            )
        )
    return WorkList(
        "drift-reviews",
        "Plans to review for drift before the third review",
        items,
        "No plans are waiting for your drift review.",
        more,
    )
