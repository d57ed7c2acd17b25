"""The contextual safeguarding plan's measurable outcomes (002: "a plan with measurable outcomes
to reduce the risk to the young person within appropriate timescales"; ADR 61).

Each outcome says what will change, how everyone will know (the measure), who is responsible and
by when: none of them may be left out, and the date falls within the plan (on or after its start,
not in the past, and by the day the plan's live review is due, when it is reviewed sooner). The
first outcome meets CSC_PLAN. Progress is recorded against each outcome until it is achieved or
not achieved.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from timescales import services as timescale_services
from timescales.models import RuleCode

from ..models import ContextualSafeguardingPlan, CscOutcome, OutcomeStatus
from ._common import ContextualError, may_keep_plan, saved, text
from .holding import live_review_rule


def _require_keeper(plan, by) -> None:
    if not may_keep_plan(plan, by):
        raise ContextualError(
            "Only the chair of the plan's conference, or the young person's social worker or "
            "their manager, can change an active plan"
        )


def add_outcome(
    *,
    plan: ContextualSafeguardingPlan,
    outcome: str,
    measure: str,
    who: str,
    due_on: datetime.date,
    by,
) -> CscOutcome:
    """A measurable outcome with its timescale; the first one meets CSC_PLAN."""
    outcome = text(outcome, "outcome", "Enter what will change for the young person")
    measure = text(
        measure,
        "measure",
        "Enter how everyone will know it has changed: the outcome must be measurable",
    )
    who = text(who, "who", "Enter who is responsible")
    if due_on is None:
        raise ContextualError("Enter the date it is to be achieved by", field="due_on")
    if due_on < max(plan.started_on, timezone.localdate()):
        raise ContextualError(
            "The date it is to be achieved by cannot be in the past", field="due_on"
        )
    _require_keeper(plan, by)
    with transaction.atomic():
        locked = ContextualSafeguardingPlan.objects.select_for_update().get(pk=plan.pk)
        _require_keeper(locked, by)
        review = timescale_services.live_deadline(live_review_rule(locked), locked)
        if review is not None and due_on > review.due_on:
            raise ContextualError(
                f"The plan is reviewed by {review.due_on:%-d %B %Y}: set a date on or before it, "
                "and the review will set the next ones",
                field="due_on",
            )
        first = not locked.outcomes.exists()
        created = saved(
            CscOutcome(
                plan=locked, outcome=outcome, measure=measure, who=who, due_on=due_on, added_by=by
            ),
            by,
        )
        if first:
            timescale_services.meet_deadline(rule=RuleCode.CSC_PLAN, subject=locked)
        return created


def record_progress(*, outcome: CscOutcome, status: str, progress: str, by) -> CscOutcome:
    """Where an outcome has got to: still being worked towards, achieved or not achieved."""
    if status not in OutcomeStatus.values:
        raise ContextualError("Select where the outcome has got to", field="status")
    progress = text(progress, "progress", "Enter the progress, with what shows it")
    _require_keeper(outcome.plan, by)
    with transaction.atomic():
        locked = CscOutcome.objects.select_for_update().get(pk=outcome.pk)
        locked.status, locked.progress = status, progress
        return saved(locked, by)
