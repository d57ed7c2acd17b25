"""Business actions on conference requests. Keyword-only arguments, one transaction each, and a
ConferenceRequestError with a plain-English message when a rule forbids the action."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.templatetags.govuk import govuk_date
from timescales.preparation import close_preparation_deadlines

from .. import plan_decision, readiness  # noqa: E402 (issue 17 items 5, 10, 12)
from ..models import Conference, ConferenceKind, ConferenceStatus, DecisionOutcome, DecisionStatus  # noqa: E402
from ..quoracy import may_reach_decision, quoracy  # noqa: E402, F401
from ._common import (
    INITIAL_KINDS,
    REVIEW_KINDS,
    _locked_for_recording,
    _names,
    _require_chair_of,
    _require_coordinator,
)
from .booking import (
    DEFAULT_LENGTH,
    PRE_BIRTH_FIRST_WEEK,
    PRE_BIRTH_LAST_WEEK,
    _describe,
    _overlapping,
    book_conference,
    cancel_conference,
    postpone_conference,
)
from .decision import (
    Tally,
    _locked_decision,
    _side,
    decision_for,
    open_decisions,
    record_decision,
    record_professional_view,
    record_recommendation,
    tally,
)
from .errors import (
    ConferenceBookingError,
    ConferenceRequestError,
    DecisionError,
    HoldingError,
    InvitationError,
)
from .holding import (
    SIGNS_OF_SAFETY_FIELDS,
    _record_of,
    add_attendee,
    add_danger_statement,
    change_danger_statement,
    record_attendance,
    record_participation,
    record_quorate_reason,
    record_scale_score,
    save_signs_of_safety,
    start_conference,
)
from .invitations import (
    ADVOCACY_AGE,
    ARRANGEMENT_FIELDS,
    NO_DOCUMENTS_REASON,
    NO_EMAIL_REASON,
    OPEN_CONFERENCE_STATUSES,
    record_advocacy_opt_out,
    record_arrangements,
    record_chair_decision,
    reply_to_invitation,
    send_invitations,
)
from .requests import (
    allocate_chair,
    icpc_due_for,
    send_conference_request,
    withdraw_conference_request,
)
from .reviews import (
    SCHEDULED_REVIEW_STATUSES,
    _end_notice_on_booking,
    _end_plan_at_review,
    allocate_review_chair,
    arrange_transfer_in_conference,
    live_review_for,
    live_transfer_in_conference_for,
    schedule_review_conference,
)


def _danger_statements_of(conference: Conference) -> list:
    from ..models import DangerStatement

    return list(
        DangerStatement.objects.filter(record__conference=conference)
        .select_related("safety_goal")
        .order_by("position")
    )


def _core_group_of(conference: Conference) -> list[dict]:
    """The professionals who attended (not the chair or the minute taker) and the family."""
    from ..models import ATTENDED_STATUSES, Attendance, AttendanceKind, AttendanceRole

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
    from plans import services as plan_services
    from plans.selectors import active_child_in_need_plan_for, active_plan_for

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
            first_review_rule="RCPC_NEXT" if is_review else "RCPC_FIRST",
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
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    held_on = held_on_of(locked)
    now = timezone.now()
    locked.status = ConferenceStatus.HELD
    locked._history_user = by
    locked.save(update_fields=["status"])
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
        from plans.services import meet_transfer_in

        meet_transfer_in(conference=locked, held_on=held_on, by=by)
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


def finalise_decision(*, decision, by):
    """The chair, and only the chair, finalises the decision for the child: refused while the
    conference may not reach a decision (not quorate and no reason recorded) and when the views
    are split 50% between a plan and no plan (adjourn instead). Creates the plan; the last
    child's decision concludes the conference."""
    from plans.services import PlanError

    from .. import adjournment
    from ..models import ChildDecision

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
        locked._history_user = by
        locked.save()
        children = set(locked_conference.conference_children.values_list("child_id", flat=True))
        final = set(
            ChildDecision.objects.filter(
                conference=locked_conference, status=DecisionStatus.FINALISED
            ).values_list("child_id", flat=True)
        )
        if children <= final:
            _conclude(locked_conference, by)
    return locked


def adjourn_conference(*, conference: Conference, by, reason: str) -> Conference:
    """The chair adjourns the conference (a 50% split, missing reports, not enough attendance)
    for up to 5 working days: ADJOURN opens with the conference as subject, a QAN is raised, and
    every child's decision not yet final is marked adjourned; at an initial conference the child
    is on an interim plan meanwhile, at a review the plan continues."""
    from timescales import services as timescale_services
    from timescales.models import DeadlineStatus, QanKind, RuleCode

    from .. import adjournment
    from ..models import ChildDecision

    reason = (reason or "").strip()
    _require_chair_of(conference, by, "adjourn the conference")
    if not reason:
        raise DecisionError("Enter why the conference is adjourned", field="reason")
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        _require_chair_of(locked, by, "adjourn the conference")
        live = timescale_services._live(RuleCode.ADJOURN, locked, lock=False)
        if live is not None and live.status == DeadlineStatus.OPEN:
            raise DecisionError(
                f"This conference is already adjourned: it reconvenes by {govuk_date(live.due_on)}"
            )
        deadline = timescale_services.open_deadline(
            rule=RuleCode.ADJOURN,
            subject=locked,
            start=timezone.localdate(now),
            responsible=locked.chair,
            chair=locked.chair,
        )
        locked.adjourned_at, locked.adjourned_by = now, by
        locked.adjourned_reason, locked.reconvene_by = reason, deadline.due_on
        locked._history_user = by
        locked.save(
            update_fields=["adjourned_at", "adjourned_by", "adjourned_reason", "reconvene_by"]
        )
        interim = locked.kind in INITIAL_KINDS
        for decision in open_decisions(conference=locked, by=by):
            if decision.status == DecisionStatus.FINALISED:
                continue
            row = ChildDecision.objects.select_for_update().get(pk=decision.pk)
            row.status, row.interim_plan = DecisionStatus.ADJOURNED, interim
            row._history_user = by
            row.save(update_fields=["status", "interim_plan"])
        # It was held, and adjourned: what was due before it is met or missed by now (ADR 45).
        close_preparation_deadlines(conference=locked, held_on=timezone.localdate(now), by=by)
        # Interim plans and the managers' reports (issue 17, conferences.adjournment).
        adjournment.after_adjourning(conference=locked, by=by)
        links = list(
            locked.conference_children.select_related(
                "child", "child__lead_social_worker"
            ).order_by("pk")
        )
        children = [link.child for link in links]
        responsible = next(
            (child.lead_social_worker for child in children if child.lead_social_worker_id), None
        )
        meanwhile = (
            "The children are on an interim plan meanwhile."
            if interim
            else "The children's plans continue meanwhile."
        )
        timescale_services.raise_qan(
            kind=QanKind.ADJOURNED,
            description=(
                f"The {locked.get_kind_display().lower()} for {_names(children)} was adjourned on "
                f"{govuk_date(timezone.localdate(now))} by {by.full_name or by.email}, to "
                f"reconvene by {govuk_date(deadline.due_on)}. {meanwhile} Reason: {reason}"
            ),
            responsible=responsible,
            child=children[0] if children else None,
            rule=RuleCode.ADJOURN,
            deadline=deadline,
            raised_by=by,
        )
    return locked


__all__ = [
    "may_reach_decision",
    "ConferenceRequestError",
    "ConferenceBookingError",
    "InvitationError",
    "HoldingError",
    "DecisionError",
    "INITIAL_KINDS",
    "REVIEW_KINDS",
    "_require_coordinator",
    "_locked_for_recording",
    "_end_notice_on_booking",
    "SCHEDULED_REVIEW_STATUSES",
    "live_review_for",
    "schedule_review_conference",
    "live_transfer_in_conference_for",
    "arrange_transfer_in_conference",
    "allocate_review_chair",
    "send_conference_request",
    "withdraw_conference_request",
    "allocate_chair",
    "icpc_due_for",
    "DEFAULT_LENGTH",
    "PRE_BIRTH_FIRST_WEEK",
    "PRE_BIRTH_LAST_WEEK",
    "_overlapping",
    "_describe",
    "book_conference",
    "postpone_conference",
    "cancel_conference",
    "ADVOCACY_AGE",
    "ARRANGEMENT_FIELDS",
    "NO_DOCUMENTS_REASON",
    "NO_EMAIL_REASON",
    "OPEN_CONFERENCE_STATUSES",
    "record_arrangements",
    "send_invitations",
    "record_advocacy_opt_out",
    "record_chair_decision",
    "reply_to_invitation",
    "SIGNS_OF_SAFETY_FIELDS",
    "start_conference",
    "record_attendance",
    "add_attendee",
    "record_participation",
    "record_quorate_reason",
    "_record_of",
    "save_signs_of_safety",
    "add_danger_statement",
    "change_danger_statement",
    "record_scale_score",
    "Tally",
    "tally",
    "_side",
    "open_decisions",
    "decision_for",
    "record_recommendation",
    "record_professional_view",
    "record_decision",
]
