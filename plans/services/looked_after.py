"""A child's looked-after periods (issue 22; 001 §13) and the early review they prompt (001 §10).

The lead social worker or their manager records that a child became looked after (the start,
the legal basis, the Independent Reviewing Officer) and, later, that the period ended (the child
returned home). Periods never overlap and never end before they start; nothing is deleted and
history keeps every change. A child on an active child protection plan who becomes looked after
or returns home gets an EarlyReviewPrompt on the plan: it shows until an early review is
requested (conferences.services.request_early_review closes it) or someone dismisses it with a
reason (dismiss_early_review_prompt)."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.line_management import is_worker_or_manager
from children.models import Child, LegalBasis, LookedAfterPeriod
from core.text import strip_bidi

from ..models import (
    ChildProtectionPlan,
    EarlyReviewPrompt,
    PlanStatus,
    PromptReason,
    PromptStatus,
)
from ._common import PlanError, _saved


def may_record_looked_after(child: Child, user) -> bool:
    """The child's lead social worker, or their manager."""
    if child is None or user is None or not user.is_authenticated:
        return False
    worker = child.lead_social_worker
    return is_worker_or_manager(user, worker)


def _require_may_record(child: Child, by) -> None:
    if not may_record_looked_after(child, by):
        raise PlanError(
            "Only the child's lead social worker or their manager can record that the child is "
            "looked after"
        )


def _overlapping(child: Child, start: datetime.date, end: datetime.date | None, exclude=None):
    rows = LookedAfterPeriod.objects.filter(child=child)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    for row in rows.order_by("started_on"):
        row_end = row.ended_on or datetime.date.max
        this_end = end or datetime.date.max
        if row.started_on <= this_end and start <= row_end:
            return row
    return None


def _describe(period: LookedAfterPeriod) -> str:
    start = f"{period.started_on.day} {period.started_on:%B %Y}"
    if period.ended_on is None:
        return f"since {start}"
    return f"from {start} to {period.ended_on.day} {period.ended_on:%B %Y}"


def _prompt(
    child: Child,
    period: LookedAfterPeriod,
    reason: str,
    on: datetime.date,
    by,
    *,
    only_during_plan: bool = False,
) -> None:
    """Prompt an early review of the child's active plan (`only_during_plan`: only for an event
    on or after the plan started, as for a past period recorded whole)."""
    plan = ChildProtectionPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).first()
    if plan is None or (only_during_plan and on < plan.started_on):
        return
    _saved(
        EarlyReviewPrompt(plan=plan, reason=reason, looked_after_period=period, happened_on=on),
        by,
    )


def record_looked_after_period(
    *,
    child: Child,
    started_on: datetime.date,
    legal_basis: str,
    independent_reviewing_officer: str = "",
    ended_on: datetime.date | None = None,
    by,
) -> LookedAfterPeriod:
    """The child became looked after on `started_on`. Refused if it overlaps another period
    (a looked-after child does not become looked after again) or starts in the future.

    A period that is already over (a child's past, recorded after a later one) is recorded whole
    with `ended_on`, in any order; its events prompt an early review only if they happened
    during the child's active plan."""
    _require_may_record(child, by)
    if started_on is None:
        raise PlanError("Enter the date the child became looked after", field="started_on")
    if started_on > timezone.localdate():
        raise PlanError(
            "The date the child became looked after must be today or in the past",
            field="started_on",
        )
    if legal_basis not in LegalBasis.values:
        raise PlanError("Select the legal basis", field="legal_basis")
    if ended_on is not None and ended_on > timezone.localdate():
        raise PlanError(
            "The date the child stopped being looked after must be today or in the past",
            field="ended_on",
        )
    if ended_on is not None and ended_on < started_on:
        raise PlanError(
            "The date the child stopped being looked after must be on or after the date they "
            "became looked after",
            field="ended_on",
        )
    iro = strip_bidi((independent_reviewing_officer or "").strip())[:200]
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        clash = _overlapping(locked, started_on, ended_on)
        if clash is not None:
            raise PlanError(
                f"{locked.legal_name} was already looked after {_describe(clash)}: a new period "
                "cannot overlap it. End that period first, or correct its dates.",
                field="started_on",
            )
        period = _saved(
            LookedAfterPeriod(
                child=locked,
                started_on=started_on,
                legal_basis=legal_basis,
                independent_reviewing_officer=iro,
                ended_on=ended_on,
                ended_by=by if ended_on is not None else None,
                recorded_by=by,
            ),
            by,
        )
        past = ended_on is not None
        _prompt(
            locked,
            period,
            PromptReason.BECAME_LOOKED_AFTER,
            started_on,
            by,
            only_during_plan=past,
        )
        if past:
            _prompt(locked, period, PromptReason.RETURNED_HOME, ended_on, by, only_during_plan=True)
    return period


def end_looked_after_period(
    *, period: LookedAfterPeriod, ended_on: datetime.date, by
) -> LookedAfterPeriod:
    """The child stopped being looked after on `ended_on` (returned home)."""
    _require_may_record(period.child, by)
    if ended_on is None:
        raise PlanError("Enter the date the child stopped being looked after", field="ended_on")
    if ended_on > timezone.localdate():
        raise PlanError(
            "The date the child stopped being looked after must be today or in the past",
            field="ended_on",
        )
    with transaction.atomic():
        locked = (
            LookedAfterPeriod.objects.select_for_update().select_related("child").get(pk=period.pk)
        )
        if locked.ended_on is not None:
            raise PlanError("This looked-after period has already ended")
        if ended_on < locked.started_on:
            raise PlanError(
                "The date the child stopped being looked after must be on or after the date "
                f"they became looked after ({locked.started_on.day} {locked.started_on:%B %Y})",
                field="ended_on",
            )
        clash = _overlapping(locked.child, locked.started_on, ended_on, exclude=locked)
        if clash is not None:
            raise PlanError(
                f"This period would overlap the one {_describe(clash)}", field="ended_on"
            )
        locked.ended_on, locked.ended_by = ended_on, by
        _saved(locked, by)
        _prompt(locked.child, locked, PromptReason.RETURNED_HOME, ended_on, by)
    return locked


def dismiss_early_review_prompt(*, prompt: EarlyReviewPrompt, reason: str, by) -> EarlyReviewPrompt:
    """No early review is needed: the lead social worker or their manager says why."""
    _require_may_record(prompt.plan.child, by)
    reason = strip_bidi((reason or "").strip())
    if not reason:
        raise PlanError("Enter why no early review is needed", field="reason")
    with transaction.atomic():
        locked = EarlyReviewPrompt.objects.select_for_update().get(pk=prompt.pk)
        if locked.status != PromptStatus.OPEN:
            raise PlanError("This prompt has already been dealt with")
        locked.status = PromptStatus.DISMISSED
        locked.dismissed_reason = reason
        locked.closed_at, locked.closed_by = timezone.now(), by
        _saved(locked, by)
    return locked


def close_prompts_for_review(*, plan: ChildProtectionPlan, conference, by) -> int:
    """An early review was requested for the plan: its open prompts are dealt with."""
    closed = 0
    for prompt in EarlyReviewPrompt.objects.select_for_update().filter(
        plan=plan, status=PromptStatus.OPEN
    ):
        prompt.status = PromptStatus.REVIEW_REQUESTED
        prompt.review_conference = conference
        prompt.closed_at, prompt.closed_by = timezone.now(), by
        _saved(prompt, by)
        closed += 1
    return closed
