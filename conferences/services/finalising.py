"""Finalising the chair's decision for each child, and what it creates.

A 50% split between a plan and no plan cannot be finalised: the chair adjourns instead
(conferences.services.adjourning). Finalising creates the plan (plans.services); once every
child's decision is final the conference is held: ICPC_DUE is met on its date, and
DECISION_RECORDED (met at once), OUTLINE_PLAN and MINUTES are opened from it."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.history import save_as
from plans import services as plan_services
from plans.selectors import active_child_in_need_plan_for, active_plan_for
from plans.services import PlanError, meet_transfer_in
from timescales import services as timescale_services
from timescales.models import RuleCode
from timescales.preparation import close_preparation_deadlines
from voice.checks import has_views

from .. import plan_decision, readiness
from ..models import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceKind,
    AttendanceRole,
    ChildDecision,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    DangerStatement,
    DecisionOutcome,
    DecisionStatus,
)
from ..quoracy import may_reach_decision
from ._common import INITIAL_KINDS, REVIEW_KINDS, _locked_for_recording, _require_chair_of
from .decision import _locked_decision, record_decision, tally
from .errors import ConferenceBookingError, DecisionError
from .reviews import _end_plan_at_review


def _danger_statements_of(conference: Conference) -> list:
    return list(
        DangerStatement.objects.filter(record__conference=conference)
        .select_related("safety_goal")
        .order_by("position")
    )


def _core_group_of(conference: Conference) -> list[dict]:
    """The professionals who attended (not the chair or the minute taker) and the family."""
    members, seen = [], set()
    for row in (
        Attendance.objects.filter(conference=conference)
        .select_related("agency", "invitation", "user")
        .order_by("kind", "name", "pk")
    ):
        if row.kind == AttendanceKind.PROFESSIONAL:
            if row.status not in ATTENDED_STATUSES or row.conference_role in (
                AttendanceRole.CHAIR,
                AttendanceRole.MINUTE_TAKER,
            ):
                continue
        elif row.kind != AttendanceKind.FAMILY:
            continue
        person = row.invitation.person if row.invitation_id else None
        key = ("user", row.user_id) if row.user_id else ("name", row.name.lower())
        if key in seen:
            continue
        seen.add(key)
        role = ", ".join(part for part in (row.capacity.strip(), row.agency_name) if part)
        members.append({"name": row.name, "role": role[:300], "user": row.user, "person": person})
    return members


def held_on_of(conference: Conference) -> datetime.date:
    """The day the conference is held: its booked day (the reconvened day once adjourned)."""
    if conference.adjourned_at is not None or conference.starts_at is None:
        return timezone.localdate()
    return timezone.localdate(conference.starts_at)


def _create_what_was_decided(locked_conference: Conference, decision, by) -> None:
    held_on = held_on_of(locked_conference)
    child = decision.child
    current = active_plan_for(child)
    is_review = locked_conference.kind in REVIEW_KINDS
    if decision.outcome == DecisionOutcome.CHILD_PROTECTION_PLAN:
        if is_review and current is not None:
            decision.child_protection_plan = plan_services.continue_plan_at_review(
                plan=current,
                conference=locked_conference,
                held_on=held_on,
                category=decision.category,
                secondary_factors=decision.secondary_factors,
                contingency_plan=decision.contingency_plan,
                outcomes_for_child=decision.outcomes_for_child,
                by=by,
            )
            return
        dangers = _danger_statements_of(locked_conference)
        positions = [danger.position for danger in dangers]
        outline = []
        for action in decision.actions.all():
            position = action.danger_statement_position
            if position is not None and position not in positions:
                raise DecisionError(
                    f"An action refers to danger statement {position}, which the conference "
                    "has not set"
                )
            outline.append(
                {
                    "what": action.what,
                    "who": action.who,
                    "by_when": action.by_when,
                    "danger_statement_index": (
                        positions.index(position) if position is not None else None
                    ),
                }
            )
        decision.child_protection_plan = plan_services.start_child_protection_plan(
            child=child,
            conference=locked_conference,
            started_on=held_on,
            category=decision.category,
            secondary_factors=decision.secondary_factors,
            danger_statements=[
                (danger.statement, getattr(getattr(danger, "safety_goal", None), "goal", ""))
                for danger in dangers
            ],
            core_group_members=_core_group_of(locked_conference),
            outline_actions=outline,
            contingency_plan=decision.contingency_plan,
            outcomes_for_child=decision.outcomes_for_child,
            visit_frequency_working_days=decision.visit_frequency_working_days,
            first_review_rule=RuleCode.RCPC_NEXT if is_review else RuleCode.RCPC_FIRST,
            family_safety_plan_brought=decision.family_safety_plan_brought,
            by=by,
        )
    elif decision.outcome == DecisionOutcome.CHILD_IN_NEED_PLAN and is_review and current:
        _end_plan_at_review(locked_conference, decision, current, held_on, by)
    elif decision.outcome == DecisionOutcome.CHILD_IN_NEED_PLAN:
        if active_child_in_need_plan_for(child) is None:
            decision.child_in_need_plan = plan_services.start_child_in_need_plan(
                child=child, conference=locked_conference, started_on=held_on, by=by
            )
    elif current is not None:
        _end_plan_at_review(locked_conference, decision, current, held_on, by)


def _conclude(locked: Conference, by) -> None:
    """Every child's decision is final: the conference is held, ICPC_DUE met on its date (on
    time or late), ADJOURN met if it was adjourned, DECISION_RECORDED opened and met at once,
    OUTLINE_PLAN and MINUTES opened from its date."""
    held_on = held_on_of(locked)
    now = timezone.now()
    locked.status = ConferenceStatus.HELD
    save_as(locked, by=by, update_fields=["status"])
    if locked.kind in INITIAL_KINDS:
        for link in locked.conference_children.filter(enquiry__isnull=False).select_related(
            "enquiry"
        ):
            timescale_services.meet_deadline(
                rule=RuleCode.ICPC_DUE, subject=link.enquiry, met_on=held_on
            )
    if locked.adjourned_at is not None:
        timescale_services.meet_deadline(rule=RuleCode.ADJOURN, subject=locked, met_on=held_on)
    if locked.kind == ConferenceKind.TRANSFER_IN:
        meet_transfer_in(conference=locked, held_on=held_on, by=by)
    # A conference for a baby held on or after the birth is the one reconvened after it (issue 22).
    for link in locked.conference_children.filter(
        child__birth_recorded_at__isnull=False, child__date_of_birth__lte=held_on
    ).select_related("child"):
        timescale_services.meet_deadline(
            rule=RuleCode.BIRTH_RECONVENE, subject=link.child, met_on=held_on
        )
    start = timezone.localdate(locked.starts_at) if locked.starts_at else held_on
    for rule, responsible in (
        (RuleCode.DECISION_RECORDED, locked.chair),
        (RuleCode.OUTLINE_PLAN, locked.chair),
        (RuleCode.MINUTES, locked.minute_taker),
    ):
        timescale_services.open_deadline(
            rule=rule, subject=locked, start=start, responsible=responsible, chair=locked.chair
        )
    timescale_services.meet_deadline(rule=RuleCode.DECISION_RECORDED, subject=locked, met_on=now)
    # Held: nothing counted back from it stays open (ADR 45).
    close_preparation_deadlines(conference=locked, held_on=held_on, by=by)
    # Minutes started before the decision: what the record now holds fills what they left
    # "To be completed". Imported here: reports.services imports conferences.services.
    from reports.models import ConferenceMinutes

    # Imported here for the same reason: reports.services imports conferences.services.
    from reports.services import refill_from_record

    minutes = ConferenceMinutes.objects.filter(conference=locked).first()
    if minutes is not None:
        refill_from_record(minutes=minutes)


def finalise_decision(*, decision, by):
    """The chair, and only the chair, finalises the decision for the child: refused while the
    conference may not reach a decision (not quorate and no reason recorded) and when the views
    are split 50% between a plan and no plan (adjourn instead). Creates the plan; the last
    child's decision concludes the conference."""
    # Imported here: conferences.adjournment imports conferences.services.
    from .. import adjournment

    _require_chair_of(decision.conference, by, "finalise the decision")
    with transaction.atomic():
        locked_conference = _locked_for_recording(decision.conference, by)
        _require_chair_of(locked_conference, by, "finalise the decision")
        allowed, why = may_reach_decision(locked_conference)
        if not allowed:
            raise DecisionError(why)
        _, locked = _locked_decision(decision, by, conference=locked_conference)
        if not locked.outcome or not locked.rationale:
            raise DecisionError(
                f"Record the decision for {locked.child.legal_name} and its rationale first"
            )
        counts = tally(locked)
        # A split (plan/no plan, or no majority on the category) adjourns the first time; a split
        # that continues after reconvening is escalated (issue 17, conferences.adjournment).
        escalation = adjournment.split_when_finalising(locked_conference, locked, counts)
        readiness.require_inputs(locked_conference)
        plan_decision.require_plan_worth_the_name(
            locked_conference,
            locked,
            plan_decision.plan_under_review(locked_conference, locked.child),
        )
        if not has_views(locked_conference, locked.child):
            raise DecisionError(
                f"Record {locked.child.legal_name}'s views, or the reason they were not sought, "
                "before the decision is finalised",
                field="views",
            )
        try:
            adjournment.create_what_was_decided(
                _create_what_was_decided, locked_conference, locked, escalation, by
            )
        except PlanError as error:
            raise DecisionError(error.message, field=error.field) from error
        if escalation:
            adjournment.escalate(
                conference=locked_conference,
                decision=locked,
                reason=escalation,
                counts=counts,
                by=by,
            )
        locked.status = DecisionStatus.FINALISED
        locked.interim_plan = False
        locked.finalised_at, locked.finalised_by = timezone.now(), by
        save_as(locked, by=by)
        children = set(locked_conference.conference_children.values_list("child_id", flat=True))
        final = set(
            ChildDecision.objects.filter(
                conference=locked_conference, status=DecisionStatus.FINALISED
            ).values_list("child_id", flat=True)
        )
        if children <= final:
            _conclude(locked_conference, by)
    return locked


def decide_and_finalise(*, decision, by, **decided):
    """The chair's "Save and finalise the decision" as one call in one transaction. A decision
    that cannot be recorded saves nothing. One that is recorded but cannot be finalised yet (a
    2-2 split, a plan without its actions) stays recorded, as "Save the decision" would have
    left it, so the chair finds it again when the conference reconvenes; nothing of the
    finalising is kept. The refusal is raised either way."""
    refusal = None
    with transaction.atomic():
        record_decision(decision=decision, by=by, **decided)
        try:
            with transaction.atomic():
                return finalise_decision(decision=decision, by=by)
        except ConferenceBookingError as error:
            refusal = error
    raise refusal
