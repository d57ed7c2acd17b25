"""The interim child protection plan (issue 17 item 2; 001 section 3, ADR 36).

An initial conference that adjourns because the professionals cannot agree on a plan or on its
category places each child it was deciding for on an interim plan: a real ChildProtectionPlan
with status INTERIM, started by that conference, until it reconvenes. When it reconvenes the
same record becomes the plan (plans.services.start_child_protection_plan finds it: status ACTIVE,
`started_on` the day the plan is made, `interim_from` kept, history kept), or it ends because no
plan is needed, and everyone invited to the initial conference is told in writing.

An interim plan opens no deadlines (no visits, core group or review clock): those start when it
becomes the plan, at most 5 working days later. It is never reported to the DfE as a plan unless
it becomes one (ChildProtectionPlan.objects.reportable()).
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from core.outbox import child_in_email
from core.templatetags.govuk import govuk_date

from .models import (
    ChildProtectionPlan,
    PlanCategory,
    PlanEndReason,
    PlanNotice,
    PlanNoticeKind,
    PlanStatus,
    SecondaryFactor,
)
from .services import PlanError, _email, _initial_invitees, _queue_emails, _saved


def interim_plan_for(child) -> ChildProtectionPlan | None:
    """The child's interim plan, if the child is on one."""
    return ChildProtectionPlan.objects.filter(child=child, status=PlanStatus.INTERIM).first()


def place_on_interim_plan(
    *,
    child,
    conference,
    on: datetime.date,
    category: str = "",
    secondary_factors: Iterable[str] = (),
    by,
) -> ChildProtectionPlan | None:
    """Called inside the adjournment's transaction. A child already on an active or interim plan
    keeps it (None is returned)."""
    if ChildProtectionPlan.objects.current().filter(child=child).exists():
        return None
    plan = ChildProtectionPlan(
        child=child,
        started_on=on,
        interim_from=on,
        started_by_conference=conference,
        status=PlanStatus.INTERIM,
        category=category if category in PlanCategory.values else "",
        secondary_factors=[f for f in secondary_factors or () if f in SecondaryFactor.values],
        created_by=by,
    )
    plan._change_reason = "Interim plan: the initial conference adjourned"
    return _saved(plan, by)


def made_from_interim(interim: ChildProtectionPlan, conference, **fields) -> ChildProtectionPlan:
    """The interim plan, made the plan by the conference that placed the child on it (unsaved;
    start_child_protection_plan saves it with the rest of the plan)."""
    if interim.started_by_conference_id != conference.pk:
        raise PlanError(
            f"{interim.child.legal_name} is on an interim plan from another conference, which "
            "must reconvene first"
        )
    for name in ("created_by", "child", "started_by_conference"):
        fields.pop(name, None)
    for name, value in fields.items():
        setattr(interim, name, value)
    interim.status = PlanStatus.ACTIVE
    interim._change_reason = "The reconvened conference made the interim plan the plan"
    return interim


def _no_plan_message(plan: ChildProtectionPlan, name: str) -> str:
    return "\n".join(
        [
            f"Dear {name or 'colleague'},",
            "",
            f"The initial child protection conference for the {child_in_email(plan.child)} "
            f"reconvened on {govuk_date(plan.ended_on)} and decided that a child protection plan "
            "is not needed.",
            f"The interim child protection plan in place since {govuk_date(plan.interim_from)} "
            "has ended.",
            "",
            "You are told because you were invited to the initial child protection conference.",
            "Please update your agency's records.",
        ]
    )


def end_interim_plan(
    *, plan: ChildProtectionPlan, conference, ended_on: datetime.date, by
) -> ChildProtectionPlan:
    """The reconvened conference decided no plan is needed: the interim plan ends (reason
    NO_PLAN_NEEDED) and everyone invited to the initial conference is told in writing (a
    PlanNotice each, emails after commit). Called inside the finalising transaction."""
    locked = ChildProtectionPlan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if locked.status != PlanStatus.INTERIM:
        raise PlanError("Only an interim plan ends because no plan is needed")
    if locked.started_by_conference_id != conference.pk:
        raise PlanError("Only the conference that placed the child on the interim plan ends it")
    now = timezone.now()
    locked.status = PlanStatus.ENDED
    locked.ended_on = max(ended_on, locked.started_on)
    locked.end_reason = PlanEndReason.NO_PLAN_NEEDED
    locked.ended_at, locked.ended_by = now, by
    locked.ended_by_conference = conference
    locked.next_review_due = None
    locked._change_reason = "Ended: the reconvened conference decided no plan was needed"
    _saved(locked, by)
    messages = []
    for invitation in _initial_invitees(locked):
        _saved(
            PlanNotice(
                plan=locked,
                kind=PlanNoticeKind.INTERIM,
                name=invitation.name,
                email=invitation.email,
                user=invitation.user,
                invitation=invitation,
                sent_at=now,
            ),
            by,
        )
        messages.append(
            _email(
                f"No child protection plan is needed: child {locked.child.reference}",
                _no_plan_message(locked, invitation.name),
                invitation.email,
            )
        )
    _queue_emails(messages, kind="plan-interim-ended")
    return locked
