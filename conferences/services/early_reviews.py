"""Early reviews (issue 22; 001 §10): a review conference brought forward for a recorded
trigger (further significant harm, a baby born or a sibling on a plan, a change that may need a
change of category or end the plan, the child becoming looked after or returning home) and a
free-text detail.

The lead social worker (or their manager, or the conference service) asks for it on the plan's
page. If a review is already scheduled and not yet held, that review is brought forward: it
takes the trigger and the coordinator books it (or re-books it) for the earlier date. Otherwise a
new review conference is scheduled, as the coordinator's schedule_review_conference would, and the
coordinator allocates its chair and books it. The plan's open early-review prompts are closed.

Nothing else is special about holding it: continue_plan_at_review meets the open review
deadline (RCPC_FIRST or RCPC_NEXT) on the day it is held and opens RCPC_NEXT from that day,
so the review clock starts again from the early review."""

from django.db import transaction
from django.utils import timezone

from accounts.line_management import is_worker_or_manager
from accounts.models import RoleCode
from core.history import save_as
from core.text import strip_bidi
from plans import services as plan_services
from plans.models import ChildProtectionPlan, PlanStatus

from ..models import Conference, EarlyReviewTrigger
from .errors import ConferenceBookingError
from .reviews import _combine_with_looked_after_review, _create_review, live_review_for

DETAIL_MAX = 5000


def may_request_early_review(plan: ChildProtectionPlan, user) -> bool:
    """The lead social worker or their manager, or the conference service, while the plan is
    active."""
    if plan is None or user is None or not user.is_authenticated or not plan.is_active:
        return False
    if user.has_role(RoleCode.CONFERENCE_COORDINATOR):
        return True
    worker = plan.child.lead_social_worker
    return is_worker_or_manager(user, worker)


def request_early_review(
    *, plan: ChildProtectionPlan, trigger: str, detail: str = "", by
) -> Conference:
    """Bring the plan's review forward for `trigger`, with `detail` saying what happened."""
    if not may_request_early_review(plan, by):
        raise ConferenceBookingError(
            "Only the child's lead social worker, their manager or the conference service can "
            "ask for an early review"
        )
    if trigger not in EarlyReviewTrigger.values:
        raise ConferenceBookingError("Select why the review is needed early", field="trigger")
    detail = strip_bidi((detail or "").strip())
    if not detail:
        raise ConferenceBookingError("Enter what has happened", field="detail")
    if len(detail) > DETAIL_MAX:
        raise ConferenceBookingError(
            f"What has happened must be {DETAIL_MAX:,} characters or fewer", field="detail"
        )
    now = timezone.now()
    fields = {
        "early_review_trigger": trigger,
        "early_review_detail": detail,
        "early_review_requested_at": now,
        "early_review_requested_by": by,
    }
    with transaction.atomic():
        locked = (
            ChildProtectionPlan.objects.select_for_update().select_related("child").get(pk=plan.pk)
        )
        if locked.status != PlanStatus.ACTIVE:
            raise ConferenceBookingError("This plan has ended: it has no more reviews")
        existing = live_review_for(locked)
        if existing is not None:
            conference = Conference.objects.select_for_update().get(pk=existing.pk)
            for name, value in fields.items():
                setattr(conference, name, value)
            save_as(conference, by=by, reason="Brought forward as an early review")
            _combine_with_looked_after_review(conference, by)
        else:
            conference = _create_review(locked, by, **fields)
        plan_services.close_prompts_for_review(plan=locked, conference=conference, by=by)
    return conference
