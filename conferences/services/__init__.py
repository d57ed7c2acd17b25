"""Business actions on conference requests. Keyword-only arguments, one transaction each, and a
ConferenceRequestError with a plain-English message when a rule forbids the action."""

from django.db import transaction
from django.utils import timezone

from core.templatetags.govuk import govuk_date
from timescales.preparation import close_preparation_deadlines

from ..models import (
    Conference,
    DecisionStatus,  # noqa: E402
)
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
from .finalising import _danger_statements_of, finalise_decision, held_on_of
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
    allocate_review_chair,
    arrange_transfer_in_conference,
    live_review_for,
    live_transfer_in_conference_for,
    schedule_review_conference,
)


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
    "_danger_statements_of",
    "held_on_of",
    "finalise_decision",
]
