"""Reads for the decision per child: each child's decision with the professionals' views and the
outline plan's actions, and the decision an outline plan is made from."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ..models import ChildDecision, OutlinePlanAction, ProfessionalView


def decisions_of(conference, **filters) -> list[ChildDecision]:
    """The conference's decisions (narrowed by `filters`), each with its views and actions:
    three queries."""
    return list(
        ChildDecision.objects.filter(conference=conference, **filters)
        .select_related("child", "finalised_by", "decided_by")
        .prefetch_related(
            Prefetch(
                "views", queryset=ProfessionalView.objects.select_related("agency").order_by("pk")
            ),
            Prefetch("actions", queryset=OutlinePlanAction.objects.order_by("pk")),
        )
        .order_by("pk")
    )


def decision_for_outline_plan(conference, child_pk) -> ChildDecision:
    """The child's decision at the conference, with its plan (else page not found)."""
    return get_object_or_404(
        ChildDecision.objects.select_related("child", "conference", "child_protection_plan"),
        conference=conference,
        child_id=child_pk,
    )
