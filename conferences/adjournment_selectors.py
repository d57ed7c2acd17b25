"""Reads for the adjournment pages: the managers' reports and the escalated decisions, scoped to
what the user may see (the views check the permission on the one they open)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from children.selectors import visible_child_q

from .models import AdjournmentReport, DecisionEscalation


def adjournment_report(pk) -> AdjournmentReport:
    return get_object_or_404(
        AdjournmentReport.objects.select_related(
            "conference", "agency", "document", "submitted_by"
        ),
        pk=pk,
    )


def escalations_visible_to(user, *, limit: int = 200) -> list:
    """Escalated decisions about children the user may see, those waiting first."""
    return list(
        DecisionEscalation.objects.filter(visible_child_q(user))
        .select_related("child", "conference", "reviewed_by")
        .order_by("status", "due_on", "pk")[:limit]
    )


def escalation_for(user, pk) -> DecisionEscalation:
    """One escalation about a child the user may see, or of a conference they chaired."""
    return get_object_or_404(
        DecisionEscalation.objects.filter(
            visible_child_q(user) | Q(conference__chair=user)
        ).select_related("child", "conference", "plan", "raised_by", "reviewed_by", "decision"),
        pk=pk,
    )
