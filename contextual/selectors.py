"""Reads of Contextual Safeguarding Conferences and plans, scoped to who may see them: the
authority's staff who may see the young person, and an agency professional only for a young
person whose conference they are invited to (an active invitation). Anyone else gets "page not
found"."""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from accounts.models import RoleCode, User
from children.models import NamedAccess
from children.rules import may_see_authority_children
from children.selectors import visible_child_q

from .models import (
    OPEN_STATUSES,
    ContextualConference,
    ContextualSafeguardingPlan,
    CscInvitation,
    CscOutcome,
    CscStatus,
)


def _not_restricted_q(user, through: str) -> Q:
    """A restricted record only for the people named on it."""
    named = NamedAccess.objects.filter(
        child_id=OuterRef(through), user=user, revoked_at__isnull=True
    )
    return Q(child__is_restricted=False) | Q(Exists(named))


def _invited_to_child_q(user, through: str) -> Q:
    """Rows whose young person has a conference the user is actively invited to (and, for a
    restricted record, is named on)."""
    invited = CscInvitation.objects.filter(
        user=user, is_active=True, conference__child_id=OuterRef(through)
    )
    return Q(Exists(invited)) & _not_restricted_q(user, through)


def _scope_q(user, through: str) -> Q | None:
    if not (user and user.is_authenticated):
        return None
    if may_see_authority_children(user):
        return visible_child_q(user)
    if user.has_role(RoleCode.AGENCY_PROFESSIONAL):
        return _invited_to_child_q(user, through)
    return None


def conferences_visible_to(user):
    """Staff: every conference of a young person they may see. An agency professional: the
    conferences they are invited to."""
    if not (user and user.is_authenticated):
        return ContextualConference.objects.none()
    if may_see_authority_children(user):
        return ContextualConference.objects.filter(visible_child_q(user))
    if user.has_role(RoleCode.AGENCY_PROFESSIONAL):
        invited = CscInvitation.objects.filter(conference=OuterRef("pk"), user=user, is_active=True)
        return ContextualConference.objects.filter(
            Q(Exists(invited)) & _not_restricted_q(user, "child_id")
        )
    return ContextualConference.objects.none()


def plans_visible_to(user):
    scope = _scope_q(user, "child_id")
    if scope is None:
        return ContextualSafeguardingPlan.objects.none()
    return ContextualSafeguardingPlan.objects.filter(scope)


def conference_for(user, pk) -> ContextualConference:
    conference = (
        conferences_visible_to(user)
        .filter(pk=pk)
        .select_related(
            "child",
            "child__lead_social_worker",
            "child__lead_social_worker__team",
            "chair",
            "requested_by",
            "booked_by",
            "decided_by",
            "plan",
        )
        .first()
    )
    if conference is None:
        raise Http404("No such Contextual Safeguarding Conference")
    return conference


def plan_for(user, pk) -> ContextualSafeguardingPlan:
    plan = (
        plans_visible_to(user)
        .filter(pk=pk)
        .select_related("child", "child__lead_social_worker", "child__lead_social_worker__team")
        .first()
    )
    if plan is None:
        raise Http404("No such contextual safeguarding plan")
    return plan


def outcome_for(plan, pk) -> CscOutcome:
    outcome = CscOutcome.objects.filter(plan=plan, pk=pk).select_related("plan").first()
    if outcome is None:
        raise Http404("No such outcome")
    return outcome


def views_of(conference) -> list:
    return list(conference.views.select_related("recorded_by").order_by("kind", "pk"))


def invited_professionals(conference) -> list:
    return list(
        conference.invitations.filter(is_active=True)
        .select_related("user", "user__agency")
        .order_by("user__full_name", "pk")
    )


def open_conference_of(child) -> ContextualConference | None:
    return ContextualConference.objects.filter(child=child, status__in=OPEN_STATUSES).first()


def conferences_of_child(child) -> list:
    """For the child's page, whose child the user may already see (staff, so every conference
    of the child is theirs to see too): the conferences not withdrawn, newest first, with the
    columns the page shows."""
    return list(
        ContextualConference.objects.filter(child=child)
        .exclude(status=CscStatus.WITHDRAWN)
        .only("kind", "status", "starts_at", "requested_at")
        .order_by("-requested_at", "-pk")
    )


def active_plan_of(child) -> ContextualSafeguardingPlan | None:
    """The child's active plan (there is at most one), with its start."""
    plans = ContextualSafeguardingPlan.objects.filter(child=child, status="active")
    return next(iter(plans.only("started_on")[:1]), None)


def agency_professionals():
    return (
        User.objects.filter(is_active=True, roles__code=RoleCode.AGENCY_PROFESSIONAL)
        .select_related("agency")
        .order_by("full_name", "pk")
        .distinct()
    )


def chairs():
    return (
        User.objects.filter(is_active=True, roles__code=RoleCode.CHAIR)
        .order_by("full_name", "pk")
        .distinct()
    )
