"""What the core group services share: CoreGroupError, saving with the history user and a reason,
locking an active plan or a meeting, who chairs the first meeting, and the plan's live deadline of
a rule."""

from django.contrib.contenttypes.models import ContentType

from accounts.line_management import manager_of
from accounts.models import RoleCode
from core.errors import DomainError
from core.history import save_as
from plans.models import ChildProtectionPlan, PlanStatus
from timescales.models import LIVE_STATUSES, Deadline

from ..models import CoreGroupMeeting, MeetingStatus


class CoreGroupError(DomainError):
    """A rule forbids the action; the message is plain English for the page."""


def _saved(instance, by, reason: str | None = None):
    """Save with `by` as the history user: services also run outside a request."""
    return save_as(instance, by=by, reason=reason or None)


def _locked_active_plan(plan: ChildProtectionPlan) -> ChildProtectionPlan:
    locked = (
        ChildProtectionPlan.objects.select_for_update(of=("self",))
        .select_related("child", "child__lead_social_worker", "child__lead_social_worker__team")
        .get(pk=plan.pk)
    )
    if locked.status != PlanStatus.ACTIVE:
        raise CoreGroupError("This plan has ended")
    return locked


def _locked_meeting(meeting: CoreGroupMeeting) -> CoreGroupMeeting:
    return (
        CoreGroupMeeting.objects.select_for_update(of=("self",))
        .select_related("plan", "chaired_by")
        .get(pk=meeting.pk)
    )


def _is_team_manager(user) -> bool:
    return user is not None and user.has_role(RoleCode.TEAM_MANAGER)


def _team_manager_for(plan: ChildProtectionPlan):
    """The lead social worker's manager (accounts.line_management.manager_of)."""
    return manager_of(plan.child.lead_social_worker)


def _has_held_meeting(plan, *, excluding=None) -> bool:
    held = CoreGroupMeeting.objects.filter(plan=plan, status=MeetingStatus.HELD)
    if excluding is not None:
        held = held.exclude(pk=excluding.pk)
    return held.exists()


FIRST_CHAIR_MESSAGE = (
    "The first core group after the conference is chaired by a social work team manager: "
    "select the team manager as chair"
)


def _live_deadline(rules, plan) -> Deadline | None:
    """The plan's live (open or breached) deadline of one of `rules`, if any."""
    rules = (rules,) if isinstance(rules, str) else tuple(rules)
    return (
        Deadline.objects.filter(
            rule__in=rules,
            subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
            subject_id=plan.pk,
            status__in=LIVE_STATUSES,
        )
        .order_by("due_on", "pk")
        .first()
    )
