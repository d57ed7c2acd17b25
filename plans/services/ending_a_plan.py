"""Ending a child protection plan (end_plan): at a review conference because the child is no
longer at risk, or outside a conference with a manager's agreement (the rules of that are in
plans.ending). Who was invited to the initial conference is told, and what follows (a step-down
Child in Need plan, Early Help) is recorded."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode
from conferences.models import Conference
from core.outbox import child_in_email
from core.templatetags.govuk import govuk_date
from timescales import services as timescale_services
from timescales.models import LIVE_STATUSES, Deadline, DeadlineStatus

from ..models import (
    ChildProtectionPlan,
    PlanCategory,
    PlanEndReason,
    PlanNotice,
    PlanNoticeKind,
    PlanStatus,
    StepDown,
)
from ._common import (
    REVIEW_RULES,
    PlanError,
    _email,
    _initial_invitees,
    _locked_active_plan,
    _queue_emails,
    _require_chair,
    _require_conference_for_child,
    _review_kinds,
    _saved,
)
from .child_in_need import start_child_in_need_plan

# --- Ending a plan (issue 7 part 6) ---------------------------------------------------------------
# Only a review conference ends a plan because the child is no longer at risk, and the authority's
# policy holds there: a neglect plan is not ended at its first review; ending at the first review
# needs the service manager's agreement. The first review is the plan's first review conference:
# no review deadline of the plan (RCPC_FIRST, RCPC_NEXT) has been met yet. The other endings
# (moved away after the receiving authority's transfer-in conference, reached 18, died, left the
# UK, other) need no conference. Ending withdraws the plan's live deadlines (a review ending meets
# the review first), emails everyone invited to the initial conference (PlanNotice rows say who),
# and records what follows: a step-down Child in Need plan (CIN_REVIEW, 20 working days) or Early
# Help. The social worker's end recommendation meets END_NOTICE on the review conference (opened
# from its booked time, 10 days before; see conferences.services "Reviews" and
# plans.services.reviews).

ENDED_BY_A_REVIEW_ONLY = "no_longer_at_risk"
# Issue 17 changed the endings outside a conference: "other" is no longer a reason, and the
# ending needs a manager's agreement. Their rules are in plans.ending. Who records one: the
# child's lead social worker or the conference service; a team or service manager agrees it.
ENDER_ROLES = ("social_worker", "conference_coordinator")


def is_first_review(plan: ChildProtectionPlan) -> bool:
    """No review of the plan has been held yet: none of its review deadlines is met."""
    return not Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
        subject_id=plan.pk,
        rule__in=REVIEW_RULES,
        status__in=(DeadlineStatus.MET_ON_TIME, DeadlineStatus.MET_LATE),
    ).exists()


def may_end_plan_outside_conference(plan: ChildProtectionPlan, by) -> bool:
    """The child's lead social worker or the conference service record the endings that need no
    conference (plans.ending; a manager's agreement is checked when the plan ends)."""
    # plans.ending imports plans.services at the top: imported here to break that cycle.
    from ..ending import may_record_ending_outside_conference

    return may_record_ending_outside_conference(plan, by)


def _live_plan_deadlines(plan: ChildProtectionPlan) -> list:
    return list(
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
            subject_id=plan.pk,
            status__in=LIVE_STATUSES,
        ).order_by("pk")
    )


def _ending_message(plan: ChildProtectionPlan, name: str) -> str:
    lines = [
        f"Dear {name or 'colleague'},",
        "",
        f"The child protection plan for the {child_in_email(plan.child)} ended on "
        f"{govuk_date(plan.ended_on)}.",
        f"Reason: {plan.get_end_reason_display()}.",
    ]
    if plan.step_down:
        lines.append(f"What follows: {plan.get_step_down_display()}.")
    lines += [
        "",
        "You are told because you were invited to the initial child protection conference.",
        "Please update your agency's records.",
    ]
    return "\n".join(lines)


def end_plan(
    *,
    plan: ChildProtectionPlan,
    reason: str,
    ended_on: datetime.date,
    by,
    conference: Conference | None = None,
    service_manager_agreement=None,
    step_down: str | None = None,
    receiving_authority: str = "",
    transfer_in_conference_on: datetime.date | None = None,
    note: str = "",
    manager_agreement=None,
    manager_agreed_on: datetime.date | None = None,
    significant_change: bool = False,
    significant_change_description: str = "",
) -> ChildProtectionPlan:
    """End the child protection plan (see the section comment for the rules). `step_down` is
    StepDown.CHILD_IN_NEED (starts the step-down plan, CIN_REVIEW in 20 working days),
    StepDown.EARLY_HELP, StepDown.NONE or None. `by` is None only for the sweep (reached 18).
    Outside a conference, `manager_agreement` (a team manager or service manager other than `by`)
    and `manager_agreed_on` record the agreement plans.ending asks for."""
    # plans.ending imports plans.services at the top: imported here to break that cycle.
    from .. import ending

    if reason not in PlanEndReason.values:
        raise PlanError("Select why the plan ends", field="reason")
    if step_down not in (None, "", *StepDown.values):
        raise PlanError("Select what follows the plan", field="step_down")
    note = (note or "").strip()
    receiving_authority = (receiving_authority or "").strip()
    if ended_on is None:
        raise PlanError("Enter the date the plan ends", field="ended_on")
    if ended_on < plan.started_on:
        raise PlanError("A plan cannot end before it started", field="ended_on")
    if by is not None and ended_on > timezone.localdate():
        raise PlanError("The date the plan ends cannot be in the future", field="ended_on")

    at_review = False
    if reason == PlanEndReason.NO_LONGER_AT_RISK:
        if conference is None or conference.kind not in _review_kinds():
            raise PlanError(
                "Only a review conference can end a plan because the child is no longer at risk",
                field="reason",
            )
        _require_conference_for_child(conference, plan.child, "end a child protection plan")
        _require_chair(conference, by, "end the plan at the review")
        if conference.pk == plan.started_by_conference_id:
            raise PlanError("A plan is ended by a review conference, not the one that started it")
        at_review = True
    elif conference is not None:
        raise PlanError(
            "A conference ends a plan only because the child is no longer at risk", field="reason"
        )
    else:
        # Outside a conference (issue 17): who records, the reason, the manager's agreement.
        ending.check_ending_outside_conference(
            plan=plan,
            reason=reason,
            ended_on=ended_on,
            by=by,
            receiving_authority=receiving_authority,
            transfer_in_conference_on=transfer_in_conference_on,
            manager_agreement=manager_agreement,
            manager_agreed_on=manager_agreed_on,
        )

    with transaction.atomic():
        locked = _locked_active_plan(plan)
        first_review = at_review and is_first_review(locked)
        significant_change = at_review and _significant_change(
            significant_change, significant_change_description
        )
        if first_review and locked.category == PlanCategory.NEGLECT and not significant_change:
            raise PlanError(
                "A neglect plan cannot end at its first review on improvement alone: the "
                "authority's policy asks for 6 months of sustained change. It may end there only "
                "on a significant change of circumstances (for example, the child now lives with "
                "a different family), recorded as such. The plan continues",
                field="significant_change",
            )
        if first_review:
            if service_manager_agreement is None:
                raise PlanError(
                    "Ending a plan at its first review needs the service manager's agreement: "
                    "select the service manager who agreed",
                    field="service_manager_agreement",
                )
            if not service_manager_agreement.has_role(RoleCode.SERVICE_MANAGER):
                raise PlanError(
                    f"{service_manager_agreement.full_name} is not a service manager",
                    field="service_manager_agreement",
                )
        now = timezone.now()
        locked.status = PlanStatus.ENDED
        locked.ended_on, locked.end_reason = ended_on, reason
        locked.ended_at, locked.ended_by = now, by
        locked.ended_by_conference = conference if at_review else None
        locked.end_note = note
        locked.service_manager_agreement = service_manager_agreement if first_review else None
        locked.ended_on_significant_change = bool(significant_change)
        locked.significant_change_description = (
            (significant_change_description or "").strip() if significant_change else ""
        )
        locked.receiving_authority = receiving_authority if reason == "moved_away" else ""
        locked.transfer_in_conference_on = (
            transfer_in_conference_on if reason == "moved_away" else None
        )
        locked.step_down = step_down or ""
        agreed = not at_review and by is not None
        locked.manager_agreement = manager_agreement if agreed else None
        locked.manager_agreed_on = manager_agreed_on if agreed else None
        locked.next_review_due = None
        locked._change_reason = f"Ended: {locked.get_end_reason_display()}"
        _saved(locked, by)

        if at_review:
            for rule in REVIEW_RULES:
                timescale_services.meet_deadline(rule=rule, subject=locked, met_on=ended_on)
        why = f"The plan ended on {ended_on:%d %B %Y}: {locked.get_end_reason_display()}"
        for deadline in _live_plan_deadlines(locked):
            timescale_services.withdraw_deadline(
                rule=deadline.rule, subject=locked, reason=why, by=by
            )

        if step_down == StepDown.CHILD_IN_NEED:
            start_child_in_need_plan(
                child=locked.child,
                conference=conference if at_review else None,
                started_on=ended_on,
                from_plan=locked,
                by=by,
            )

        messages = []
        for invitation in _initial_invitees(locked):
            notice = PlanNotice(
                plan=locked,
                kind=PlanNoticeKind.ENDED,
                name=invitation.name,
                email=invitation.email,
                user=invitation.user,
                invitation=invitation,
                sent_at=now,
            )
            _saved(notice, by)
            messages.append(
                _email(
                    f"Child protection plan ended: child {locked.child.reference}",
                    _ending_message(locked, invitation.name),
                    invitation.email,
                )
            )
        if not at_review:
            messages += ending.tell_chair_and_conference_service(locked, by=by, now=now)
        _queue_emails(messages, kind="plan-ended")
        return locked


def _significant_change(flag: bool, description: str) -> bool:
    """A significant change of circumstances at a review is recorded with what changed."""
    if flag and not (description or "").strip():
        raise PlanError(
            "Describe the significant change of circumstances (for example, the child now "
            "lives with a different family)",
            field="significant_change_description",
        )
    return bool(flag)
