"""Preparation deadlines: the ones counted back from a meeting (ADR 45).

A conference's preparation deadlines are its reports to conference (the social work report's
sign-off, sharing with the parents and sending to the chair; each invited agency's report), the
conference service being told a plan may end, the team manager's drift review before a third
review, and, while an adjourned conference waits to reconvene, the agency managers' reports to
the chair. They count towards one meeting, so they follow it:

- when the meeting is held (or adjourned: it was held, without them), each one still live closes:
  one not met by then is *missed* (a closed breach), with the one breach Quality Assurance
  notification the sweep would have raised; none stays on anyone's work list afterwards;
- when the meeting moves (re-booked after a postponement, or its booking changed), each still
  open moves with it, never to a day before the booking was made;
- while the conference is postponed and has no date, the sweep leaves them alone: they count back
  from a date the conference no longer has, and move when it is re-booked.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from conferences.adjournment_models import AdjournmentReport
from conferences.models import Conference, Invitation
from core.history import save_as
from core.templatetags.govuk import govuk_date
from plans.models import ChildProtectionPlan

from .models import LIVE_STATUSES, Deadline, DeadlineStatus, Direction, QanKind, RuleCode
from .services import _as_moment, _start_of_day, compute_due, policy_for, raise_qan

# Counted forwards from the adjournment, but due before the adjourned conference reconvenes.
ADJOURNMENT_RULES = (RuleCode.ADJOURN_REPORT,)


def _conference_models():
    return Conference, Invitation, AdjournmentReport


def _counted_back_q(conference_ids) -> Q:
    """Deadlines counted back from these conferences: on the conference or its invitations."""
    Conference, Invitation, _ = _conference_models()
    types = ContentType.objects.get_for_models(Conference, Invitation)
    return Q(policy_direction=Direction.BEFORE) & (
        Q(subject_type=types[Conference], subject_id__in=conference_ids)
        | Q(
            subject_type=types[Invitation],
            subject_id__in=Invitation.objects.filter(conference_id__in=conference_ids).values("pk"),
        )
    )


def preparation_q(conference) -> Q:
    """Every deadline that prepares for this conference's meeting, whatever its status."""
    Conference, _, AdjournmentReport = _conference_models()
    q = _counted_back_q([conference.pk]) | Q(
        rule__in=ADJOURNMENT_RULES,
        subject_type=ContentType.objects.get_for_model(AdjournmentReport),
        subject_id__in=AdjournmentReport.objects.filter(conference=conference).values("pk"),
    )
    drift_plans = _drift_plans_of(conference)
    if drift_plans is not None:
        q |= Q(
            rule=RuleCode.DRIFT_REVIEW,
            subject_type=ContentType.objects.get_for_model(drift_plans.model),
            subject_id__in=drift_plans.values("pk"),
        )
    return q


def _drift_plans_of(conference):
    """The plans whose drift review is due before this (third) review conference."""
    if conference.kind not in ("review", "pre_birth_review"):
        return None
    return ChildProtectionPlan.objects.filter(
        Q(drift_flag__raised_by_conference=conference) | Q(next_review_conference=conference)
    )


def waiting_for_rebooking_q() -> Q:
    """Open deadlines counted back from a postponed conference: no date to count from until it
    is re-booked, so the sweep does not breach them (set-based: one subquery)."""
    Conference, _, _ = _conference_models()
    postponed = Conference.objects.filter(status="postponed").values("pk")
    return _counted_back_q(postponed)


# Holding -------------------------------------------------------------------------------------


def close_preparation_deadlines(*, conference, held_on: datetime.date | None = None, by=None):
    """The meeting was held: every preparation deadline still live closes. One already met stays
    met; one open or breached becomes missed (closed), and a breach QAN is raised for one the
    sweep had not reached yet (when its rule raises QANs), exactly as the sweep would have.
    Idempotent: a second call finds nothing live. Returns the deadlines it closed."""
    held_on = held_on or timezone.localdate()
    now = timezone.now()
    what = conference.get_kind_display().lower()
    closed = []
    with transaction.atomic():
        live = list(
            Deadline.objects.select_for_update(of=("self",))
            .filter(preparation_q(conference), status__in=LIVE_STATUSES)
            .select_related("responsible")
            .order_by("pk")
        )
        for deadline in live:
            was_open = deadline.status == DeadlineStatus.OPEN
            deadline.status = DeadlineStatus.MISSED
            if deadline.breached_at is None:
                deadline.breached_at = now
            save_as(
                deadline, by=by, reason=f"The {what} was held on {govuk_date(held_on)} without it"
            )
            if was_open and policy_for(deadline.rule).raises_qan:
                raise_qan(
                    kind=QanKind.BREACH,
                    description=(
                        f"{deadline.get_rule_display()}: this was due by "
                        f"{govuk_date(deadline.due_on)}, and the {what} was held on "
                        f"{govuk_date(held_on)} without it."
                    ),
                    responsible=deadline.responsible,
                    child=deadline.child,
                    deadline=deadline,
                    agency=deadline.agency,
                    team=deadline.team,
                )
            closed.append(deadline)
    return closed


# Moving ----------------------------------------------------------------------------------------


def clamped_due(
    *, rule: str, meeting_at, booked_at
) -> tuple[datetime.date, datetime.datetime, object]:
    """The due day and moment of a rule counted back from the meeting, never before the day the
    booking was made. Returns (due_on, due_at, policy)."""
    policy = policy_for(rule)
    due_on, due_at = compute_due(
        value=policy.value, unit=policy.unit, direction=policy.direction, start=meeting_at
    )
    booked_on = timezone.localdate(_as_moment(booked_at))
    if due_on < booked_on:
        due_on = booked_on
        due_at = _start_of_day(booked_on + datetime.timedelta(days=1))
    return due_on, due_at, policy


def move_preparation_deadlines(*, conference, reason: str = "", booked_at=None) -> list:
    """The conference's date changed (re-booked after a postponement, or its booking changed):
    every open deadline counted back from it moves to count back from the new date, with the
    policy as it is now, and never to a day before the booking was made (`booked_at`, by default
    the conference's). A breached or met deadline stays as it is. Only deadlines whose due date
    changes are saved (and get a history row). A change of booking made now passes
    `booked_at=timezone.now()`. Returns the deadlines moved."""
    Conference, _, _ = _conference_models()
    moved = []
    with transaction.atomic():
        locked = Conference.objects.get(pk=conference.pk)
        if locked.starts_at is None:
            return moved
        booked_at = booked_at or locked.booked_at or timezone.now()
        for deadline in (
            Deadline.objects.select_for_update()
            .filter(_counted_back_q([locked.pk]), status=DeadlineStatus.OPEN)
            .order_by("pk")
        ):
            due_on, due_at, policy = clamped_due(
                rule=deadline.rule, meeting_at=locked.starts_at, booked_at=booked_at
            )
            starts_at = _as_moment(locked.starts_at)
            if (deadline.due_on, deadline.due_at, deadline.starts_at) == (
                due_on,
                due_at,
                starts_at,
            ):
                continue
            deadline.due_on, deadline.due_at, deadline.starts_at = due_on, due_at, starts_at
            deadline.policy_value, deadline.policy_unit = policy.value, policy.unit
            deadline.policy_direction = policy.direction
            deadline.reminded_at = None
            deadline._change_reason = reason or "The conference was moved"
            deadline.save()
            moved.append(deadline)
    return moved
