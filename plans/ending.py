"""Ending a child protection plan outside a conference (issue 17; procedures 001 section 12).

Only a review conference ends a plan because the child is no longer at risk. Outside a conference
a plan ends only because the child reached 18 (the sweep, which acts as nobody: `by=None`), died,
left the UK permanently, or moved to another local authority after that authority's transfer-in
conference. "Other" is no longer a reason.

An ending outside a conference is recorded by the child's lead social worker or the conference
service (a conference coordinator) and needs the agreement of a team manager or service manager
who is not the recorder, named with the date they agreed. The sweep needs no agreement. Besides
the initial conference's invitees, the chair who last chaired the plan and the conference service
are told.

plans.services.end_plan calls `check_ending_outside_conference` and
`tell_chair_and_conference_service`, so every caller (the ending page, the admin, a task) is held
to the same rules; the ending page calls the check before its confirmation page, whose content
comes from `ending_preview`.

Plans ended as "other" before issue 17 keep their record. They show on the QA manager's list as
ended outside the procedure (plans.worklists) until a team manager or service manager records the
real reason (`record_real_end_reason`), which the plan's history and a PlanEndReasonCorrection row
keep beside the original one.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode, User
from core.outbox import child_in_email
from core.templatetags.govuk import govuk_date

from .models import (
    ChildProtectionPlan,
    PlanEndReason,
    PlanEndReasonCorrection,
    PlanNotice,
    PlanNoticeKind,
    PlanStatus,
)
from .services import (
    PlanError,
    _eighteenth_birthday,
    _email,
    _initial_invitees,
    _live_plan_deadlines,
    _saved,
    last_conference_of,
)

# The reasons a plan may end without a conference, in the order the ending page offers them
# (reached 18 is the sweep's; a person may record it only if the sweep has not).
OUTSIDE_CONFERENCE_REASONS = (
    PlanEndReason.DIED,
    PlanEndReason.LEFT_UK,
    PlanEndReason.MOVED_AWAY,
    PlanEndReason.REACHED_18,
)
AGREEING_ROLES = (RoleCode.TEAM_MANAGER, RoleCode.SERVICE_MANAGER)
# Who records a real reason for a plan ended as "other": a manager, as for the agreement.
CORRECTING_ROLES = AGREEING_ROLES
# How long the QA manager's list shows an ending outside a conference.
QA_LIST_DAYS = 30

REASONS_SENTENCE = (
    "A plan ends outside a conference only because the child died, left the UK permanently, "
    "moved to another local authority after its transfer-in conference, or reached 18"
)


# --- Who may record and who may agree ----------------------------------------------------------


def may_record_ending_outside_conference(plan: ChildProtectionPlan, by) -> bool:
    """The child's lead social worker, or the conference service (a conference coordinator)."""
    if by is None or not by.is_authenticated:
        return False
    worker_id = plan.child.lead_social_worker_id
    if worker_id is not None and by.pk == worker_id:
        return True
    return by.has_role(RoleCode.CONFERENCE_COORDINATOR)


def agreeing_managers():
    """Everyone who may agree an ending outside a conference: active team and service managers."""
    return (
        User.objects.filter(is_active=True, roles__code__in=AGREEING_ROLES)
        .distinct()
        .order_by("full_name", "pk")
    )


def _check_agreement(plan, by, manager_agreement, manager_agreed_on) -> None:
    if manager_agreement is None:
        raise PlanError(
            "Ending a plan outside a conference needs the agreement of a team manager or service "
            "manager: select the manager who agreed",
            field="manager_agreement",
        )
    if manager_agreement.pk == by.pk:
        raise PlanError(
            "You cannot agree an ending you record: select the team manager or service manager "
            "who agreed",
            field="manager_agreement",
        )
    if not manager_agreement.is_active or not manager_agreement.has_role(*AGREEING_ROLES):
        raise PlanError(
            f"{manager_agreement.full_name or 'The person selected'} is not a team manager or "
            "service manager",
            field="manager_agreement",
        )
    if manager_agreed_on is None:
        raise PlanError("Enter the date the manager agreed", field="manager_agreed_on")
    if manager_agreed_on > timezone.localdate():
        raise PlanError(
            "The date the manager agreed cannot be in the future", field="manager_agreed_on"
        )
    if manager_agreed_on < plan.started_on:
        raise PlanError(
            "The date the manager agreed must be on or after the day the plan started",
            field="manager_agreed_on",
        )


def check_ending_outside_conference(
    *,
    plan: ChildProtectionPlan,
    reason: str,
    ended_on: datetime.date | None,
    by,
    receiving_authority: str = "",
    transfer_in_conference_on: datetime.date | None = None,
    manager_agreement=None,
    manager_agreed_on: datetime.date | None = None,
) -> None:
    """Raise PlanError unless the plan may end outside a conference as asked. Writes nothing:
    end_plan calls it before ending, and the ending page before its confirmation page."""
    if by is None:
        if reason != PlanEndReason.REACHED_18:
            raise PlanError(
                "Only the sweep ends a plan without a person recording it, and only at 18",
                field="reason",
            )
    elif not may_record_ending_outside_conference(plan, by):
        raise PlanError(
            "Only the child's lead social worker or the conference service can record that a "
            "plan ended outside a conference"
        )
    if reason not in OUTSIDE_CONFERENCE_REASONS:
        raise PlanError(REASONS_SENTENCE, field="reason")
    if plan.status != PlanStatus.ACTIVE:
        raise PlanError("This plan has ended")
    if ended_on is None:
        raise PlanError("Enter the date the plan ends", field="ended_on")
    if ended_on < plan.started_on:
        raise PlanError("A plan cannot end before it started", field="ended_on")
    if by is not None and ended_on > timezone.localdate():
        raise PlanError("The date the plan ends cannot be in the future", field="ended_on")
    if reason == PlanEndReason.MOVED_AWAY:
        if not (receiving_authority or "").strip():
            raise PlanError(
                "Enter the local authority the child moved to", field="receiving_authority"
            )
        if transfer_in_conference_on is None:
            raise PlanError(
                "A plan ends on a move only after the receiving authority's transfer-in "
                "conference: enter the date it was held",
                field="transfer_in_conference_on",
            )
        if transfer_in_conference_on > timezone.localdate():
            raise PlanError(
                "The transfer-in conference must have been held: its date cannot be in the future",
                field="transfer_in_conference_on",
            )
        if ended_on < transfer_in_conference_on:
            raise PlanError(
                "A plan ends on a move only after the receiving authority's transfer-in "
                "conference: the plan ends on or after the day it was held",
                field="ended_on",
            )
    if reason == PlanEndReason.REACHED_18:
        birthday = plan.child.date_of_birth and _eighteenth_birthday(plan.child.date_of_birth)
        if not birthday or birthday > ended_on:
            raise PlanError(f"{plan.child.legal_name} is not 18 on that date", field="reason")
    if by is not None:
        _check_agreement(plan, by, manager_agreement, manager_agreed_on)


# --- What the confirmation page says will happen ------------------------------------------------


@dataclass
class EndingPreview:
    """What ending the plan now will do: the live deadlines withdrawn and who is told."""

    deadlines: list = field(default_factory=list)
    invitees: list = field(default_factory=list)
    chair: object = None
    conference_service: list = field(default_factory=list)


def _conference_service() -> list:
    """The conference service: every active conference coordinator with an email address."""
    return list(
        User.objects.filter(is_active=True, roles__code=RoleCode.CONFERENCE_COORDINATOR)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def ending_preview(plan: ChildProtectionPlan) -> EndingPreview:
    """Four queries whatever the plan holds."""
    return EndingPreview(
        deadlines=_live_plan_deadlines(plan),
        invitees=_initial_invitees(plan),
        chair=last_conference_of(plan).chair,
        conference_service=_conference_service(),
    )


# --- Telling the chair and the conference service -------------------------------------------------


def _outside_conference_message(plan: ChildProtectionPlan, name: str, why_told: str) -> str:
    lines = [
        f"Dear {name or 'colleague'},",
        "",
        f"The child protection plan for the {child_in_email(plan.child)} ended outside a "
        f"conference on {govuk_date(plan.ended_on)}.",
        f"Reason: {plan.get_end_reason_display()}.",
    ]
    if plan.ended_by_id:
        lines.append(f"Recorded by {plan.ended_by.full_name}.")
    if plan.manager_agreement_id:
        lines.append(
            f"Agreed by {plan.manager_agreement.full_name} on {govuk_date(plan.manager_agreed_on)}."
        )
    lines += ["", why_told]
    return "\n".join(lines)


def tell_chair_and_conference_service(plan: ChildProtectionPlan, *, by, now) -> list:
    """PlanNotice rows for the chair who last chaired the plan and for the conference service,
    inside end_plan's transaction; returns the emails for end_plan to send after commit."""
    chair = last_conference_of(plan).chair
    recipients = []
    if chair is not None and chair.is_active and chair.email:
        recipients.append(
            (
                chair,
                PlanNoticeKind.ENDED_CHAIR,
                "You are told because you chaired the plan's last conference.",
            )
        )
    for coordinator in _conference_service():
        recipients.append(
            (
                coordinator,
                PlanNoticeKind.ENDED_CONFERENCE_SERVICE,
                "You are told because the conference service keeps the authority's record of "
                "child protection plans.",
            )
        )
    messages, told = [], set()
    for person, kind, why_told in recipients:
        if person.email.lower() in told:
            continue
        told.add(person.email.lower())
        _saved(
            PlanNotice(
                plan=plan,
                kind=kind,
                name=person.full_name,
                email=person.email,
                user=person,
                sent_at=now,
            ),
            by,
        )
        messages.append(
            _email(
                f"Child protection plan ended outside a conference: child {plan.child.reference}",
                _outside_conference_message(plan, person.full_name, why_told),
                person.email,
            )
        )
    return messages


# --- Plans ended as "other" before issue 17 ------------------------------------------------------

REAL_REASONS = tuple(reason for reason in PlanEndReason.values if reason != PlanEndReason.OTHER)


def is_ended_outside_the_procedure(plan: ChildProtectionPlan) -> bool:
    return plan.status == PlanStatus.ENDED and plan.end_reason == PlanEndReason.OTHER


def may_record_real_end_reason(plan: ChildProtectionPlan, by) -> bool:
    """A team manager or service manager, for a plan ended as "other"."""
    if by is None or not by.is_authenticated or not by.has_role(*CORRECTING_ROLES):
        return False
    return is_ended_outside_the_procedure(plan)


def record_real_end_reason(*, plan: ChildProtectionPlan, reason: str, by, note: str):
    """A manager records why a plan ended as "other" really ended. The plan's end reason becomes
    the real one; the correction row and the plan's history keep "other" and who changed it."""
    if reason not in REAL_REASONS:
        raise PlanError("Select the real reason the plan ended", field="reason")
    note = (note or "").strip()
    if not note:
        raise PlanError("Enter how you know the real reason", field="note")
    if by is None or not by.is_authenticated or not by.has_role(*CORRECTING_ROLES):
        raise PlanError("Only a team manager or service manager can record the real reason")
    with transaction.atomic():
        locked = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
        if not is_ended_outside_the_procedure(locked):
            raise PlanError("The plan did not end with the reason other: its reason stands")
        correction = _saved(
            PlanEndReasonCorrection(
                plan=locked,
                from_reason=locked.end_reason,
                to_reason=reason,
                note=note,
                recorded_by=by,
            ),
            by,
        )
        original = locked.get_end_reason_display()
        locked.end_reason = reason
        locked._change_reason = (
            f"Real reason recorded by {by.full_name}: {locked.get_end_reason_display()} "
            f"(ended with the reason {original})"
        )
        _saved(locked, by)
        return correction
