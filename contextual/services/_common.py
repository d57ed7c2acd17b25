"""What the Contextual Safeguarding Conference services share: the error, saving with the
history user, and who may do what (the pages' rules ask the same questions)."""

from django.utils import timezone

from accounts.line_management import manages
from accounts.models import RoleCode
from children.rules import may_see_child
from core.errors import DomainError
from core.history import save_as

from ..models import CscStatus


class ContextualError(DomainError):
    """A rule of the procedure forbids the action; the message is plain English for the page."""


def saved(instance, by):
    save_as(instance, by=by)
    return instance


def text(value, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ContextualError(message, field=field)
    return value


# --- Who ------------------------------------------------------------------------------------------


def may_request(child, user) -> bool:
    """A social worker or team manager who may see the young person (as for an initial child
    protection conference: the social worker asks the conference service)."""
    return bool(
        user
        and user.is_authenticated
        and user.has_role(RoleCode.SOCIAL_WORKER, RoleCode.TEAM_MANAGER)
        and may_see_child(user, child)
    )


def may_book(user) -> bool:
    """The conference service books, allocates the chair and invites (the Independent Reviewing
    Team in Norfolk)."""
    return bool(user and user.is_authenticated and user.has_role(RoleCode.CONFERENCE_COORDINATOR))


def is_chair_of(conference, user) -> bool:
    return bool(
        conference is not None
        and user
        and user.is_authenticated
        and conference.chair_id is not None
        and conference.chair_id == user.pk
    )


def day_has_come(conference) -> bool:
    return (
        conference.starts_at is not None
        and timezone.localdate(conference.starts_at) <= timezone.localdate()
    )


def may_hold(conference, user) -> bool:
    """Only the conference's chair records the decision form, and only from the day it is held."""
    return (
        conference is not None
        and conference.status == CscStatus.BOOKED
        and is_chair_of(conference, user)
        and day_has_come(conference)
    )


def is_lead_social_worker_or_manager(child, user) -> bool:
    worker = child.lead_social_worker
    return bool(
        user
        and user.is_authenticated
        and worker is not None
        and (user.pk == worker.pk or manages(user, worker))
    )


def last_chair_of(plan):
    """The chair of the plan's latest held conference."""
    conference = plan.conferences.filter(status=CscStatus.HELD).order_by("-held_on", "-pk").first()
    return conference.chair if conference else None


def may_keep_plan(plan, user) -> bool:
    """The plan's outcomes and their progress: the chair of its latest conference, or the young
    person's lead social worker or their manager, while the plan is active."""
    if plan is None or not plan.is_active or not (user and user.is_authenticated):
        return False
    chair = last_chair_of(plan)
    return (chair is not None and chair.pk == user.pk) or is_lead_social_worker_or_manager(
        plan.child, user
    )
