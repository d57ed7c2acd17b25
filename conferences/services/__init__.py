"""Business actions on conference requests. Keyword-only arguments, one transaction each, and a
ConferenceRequestError with a plain-English message when a rule forbids the action."""

import datetime
from dataclasses import dataclass as _dataclass  # noqa: E402

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

# --- The decision (issue 6 parts 3 and 4): views, the tally, the chair's decision, what it creates
# The chair or the minute taker records the social worker's recommendation, each professional's
# view (with any dissent and its reason) and the chair's decision as it is made; only the chair
# finalises it. A 50% split between a plan and no plan cannot be finalised: the chair adjourns
# (ADJOURN, 5 working days; a QAN; at an initial conference the child is on an interim plan
# meanwhile, at a review the plan continues). Finalising creates the plan (plans.services); once
# every child's decision is final the conference is held: ICPC_DUE is met on its date, and
# DECISION_RECORDED (met at once), OUTLINE_PLAN and MINUTES are opened from it.
# `record_decision` is the chair's decision: `record_chair_decision` above is the chair's
# decisions before the conference (ChairDecision), kept as it is.


@_dataclass
class Tally:
    child_protection_plan: int = 0
    child_in_need_plan: int = 0
    no_further_action: int = 0
    dissenting: int = 0

    @property
    def total(self) -> int:
        return self.child_protection_plan + self.child_in_need_plan + self.no_further_action

    @property
    def plan(self) -> int:
        return self.child_protection_plan

    @property
    def no_plan(self) -> int:
        return self.child_in_need_plan + self.no_further_action

    @property
    def is_split(self) -> bool:
        """A 50% split between a child protection plan and no plan (2-2, 3-3...)."""
        return self.total > 0 and self.plan == self.no_plan

    @property
    def majority(self) -> str | None:
        """'plan' or 'no_plan' when most views agree on it; None when split or no views."""
        if self.total == 0 or self.is_split:
            return None
        return "plan" if self.plan > self.no_plan else "no_plan"

    @property
    def summary(self) -> str:
        return (
            f"{self.child_protection_plan} for a child protection plan, "
            f"{self.child_in_need_plan} for a child in need plan, "
            f"{self.no_further_action} for no further action"
        )


def tally(decision) -> Tally:
    """Counts of the professionals' views of one child (uses prefetched views when there)."""
    result = Tally()
    for view in decision.views.all():
        if view.view == DecisionOutcome.CHILD_PROTECTION_PLAN:
            result.child_protection_plan += 1
        elif view.view == DecisionOutcome.CHILD_IN_NEED_PLAN:
            result.child_in_need_plan += 1
        elif view.view == DecisionOutcome.NO_FURTHER_ACTION:
            result.no_further_action += 1
        if view.dissent:
            result.dissenting += 1
    return result


def _side(outcome: str) -> str:
    return "plan" if outcome == DecisionOutcome.CHILD_PROTECTION_PLAN else "no_plan"


def open_decisions(*, conference: Conference, by) -> list:
    """A decision row for each child of the conference (made once; returned in child order)."""
    from ..models import ChildDecision

    with transaction.atomic():
        locked = _locked_for_recording(conference, by)
        links = list(locked.conference_children.order_by("pk"))
        existing = {
            decision.child_id: decision
            for decision in ChildDecision.objects.filter(conference=locked)
        }
        made = []
        for link in links:
            if link.child_id not in existing:
                decision = ChildDecision(conference=locked, child_id=link.child_id)
                decision._history_user = by
                decision.save()
                existing[link.child_id] = decision
            made.append(existing[link.child_id])
    return made


def decision_for(*, conference: Conference, child, by):
    """The decision row of one child of the conference (made if needed)."""
    child_id = getattr(child, "pk", child)
    for decision in open_decisions(conference=conference, by=by):
        if decision.child_id == child_id:
            return decision
    raise DecisionError("This conference is not about that child")


def _locked_decision(decision, by, *, conference: Conference | None = None):
    """The conference (locked, being recorded) and the decision (locked, not final yet)."""
    from ..models import ChildDecision

    locked_conference = conference or _locked_for_recording(decision.conference, by)
    locked = (
        ChildDecision.objects.select_for_update(of=("self",))
        .select_related("child")
        .get(pk=decision.pk)
    )
    if locked.conference_id != locked_conference.pk:
        raise DecisionError("That decision is not part of this conference")
    if locked.status == DecisionStatus.FINALISED:
        raise DecisionError(f"The decision for {locked.child.legal_name} is already finalised")
    return locked_conference, locked


def _clean_outcome(value: str, field: str, what: str) -> str:
    if value not in DecisionOutcome.values:
        raise DecisionError(f"Select {what}", field=field)
    return value


def record_recommendation(*, decision, by, recommendation: str):
    """The social worker's recommendation for the child."""
    recommendation = _clean_outcome(
        recommendation, "recommendation", "the social worker's recommendation"
    )
    with transaction.atomic():
        _, locked = _locked_decision(decision, by)
        locked.recommendation, locked.recommendation_by = recommendation, by
        locked._history_user = by
        locked.save(update_fields=["recommendation", "recommendation_by"])
    return locked


def record_professional_view(
    *,
    decision,
    by,
    name: str,
    role: str,
    view: str,
    dissent_reason: str = "",
    dissent=None,
    agency=None,
    category: str = "",
):
    """A professional's view (child protection plan, child in need plan or no further action);
    a dissent is recorded with its reason. Giving a view again replaces it; history keeps the
    one before. The view is given for an agency (the one chosen, else the one the professional
    attended for) and, for a plan, with the category the professional gives it (issue 17)."""
    from plans.models import PlanCategory

    from ..adjournment import agency_for_view
    from ..models import ProfessionalView

    category = (category or "").strip() if view == DecisionOutcome.CHILD_PROTECTION_PLAN else ""
    if category and category not in PlanCategory.values:
        raise DecisionError("Select the category of plan", field="category")

    name, role = (name or "").strip(), (role or "").strip()
    dissent_reason = (dissent_reason or "").strip()
    if not name:
        raise DecisionError("Enter the professional's name", field="name")
    view = _clean_outcome(view, "view", "the professional's view")
    dissent = bool(dissent_reason) if dissent is None else bool(dissent)
    if dissent and not dissent_reason:
        raise DecisionError("Enter the reason for the dissent", field="dissent_reason")
    with transaction.atomic():
        _, locked = _locked_decision(decision, by)
        row = ProfessionalView.objects.filter(
            decision=locked, name__iexact=name, role__iexact=role
        ).first() or ProfessionalView(decision=locked, name=name, role=role)
        row.view, row.dissent = view, dissent
        row.dissent_reason = dissent_reason if dissent else ""
        row.agency, row.category = agency_for_view(locked, name, agency), category
        row.recorded_by, row.recorded_at = by, timezone.now()
        row._history_user = by
        row.save()
    return row


def _clean_actions(actions) -> list[dict]:
    from ..models import MAX_DANGER_STATEMENTS

    cleaned = []
    for number, row in enumerate(actions or (), start=1):
        what = (row.get("what") or "").strip()
        who = (row.get("who") or "").strip()
        by_when = row.get("by_when")
        position = row.get("danger_statement_position")
        if not what and not who and not by_when and not position:
            continue  # an empty row of the form
        if not what:
            raise DecisionError(f"Enter what is to happen in action {number}", field="actions")
        if not who:
            raise DecisionError(f"Enter who does action {number}", field="actions")
        if position in ("", None):
            position = None
        else:
            try:
                position = int(position)
            except (TypeError, ValueError):
                position = 0
            if not 1 <= position <= MAX_DANGER_STATEMENTS:
                raise DecisionError(
                    f"Action {number} must refer to danger statement 1 to {MAX_DANGER_STATEMENTS}",
                    field="actions",
                )
        cleaned.append({"what": what, "who": who[:300], "by_when": by_when, "position": position})
    return cleaned


def record_decision(
    *,
    decision,
    by,
    outcome: str,
    rationale: str,
    overrule_reason: str = "",
    category=None,
    secondary_factors=None,
    contingency_plan: str | None = None,
    visit_frequency_working_days: int | None = None,
    actions=(),
    service_manager_agreement=None,
    early_help: bool = False,
    outcomes_for_child: str | None = None,
    change_category: bool = False,
    significant_change: bool = False,
    significant_change_description: str = "",
):
    """The chair's decision for the child, with the written rationale. Deciding against the
    majority of the professionals' views needs the reason the chair overrules it. A child
    protection plan needs its category; its secondary factors, contingency plan, outcomes for
    the child, visit frequency and outline actions (who does what by when) are kept for
    finalising. At a review what is left out (None or blank) keeps what the plan holds, and a
    new category needs `change_category` (conferences.plan_decision)."""
    from plans.models import PlanCategory, SecondaryFactor

    from ..models import OutlinePlanAction
    from ..plan_decision import plan_under_review, resolve_terms

    outcome = _clean_outcome(outcome, "outcome", "the decision")
    rationale = (rationale or "").strip()
    overrule_reason = (overrule_reason or "").strip()
    if not rationale:
        raise DecisionError("Enter the rationale for the decision", field="rationale")
    is_plan = outcome == DecisionOutcome.CHILD_PROTECTION_PLAN
    reviewed = plan_under_review(decision.conference, decision.child)
    terms = resolve_terms(
        reviewed if is_plan else None,
        category=category,
        secondary_factors=secondary_factors,
        contingency_plan=contingency_plan,
        outcomes_for_child=outcomes_for_child,
        visit_frequency_working_days=visit_frequency_working_days,
        change_category=change_category,
    )
    category, contingency_plan = terms.category, terms.contingency_plan
    visit_frequency_working_days = terms.visit_frequency_working_days
    factors = list(dict.fromkeys(terms.secondary_factors))
    significant_change_description = (significant_change_description or "").strip()
    significant_change = bool(significant_change) and not is_plan
    if significant_change and not significant_change_description:
        raise DecisionError(
            "Describe the significant change of circumstances (for example, the child now "
            "lives with a different family)",
            field="significant_change_description",
        )
    cleaned_actions = []
    if is_plan:
        if category not in PlanCategory.values:
            raise DecisionError("Select the category of the plan", field="category")
        unknown = [factor for factor in factors if factor not in SecondaryFactor.values]
        if unknown:
            raise DecisionError(
                f"{', '.join(map(str, unknown))} is not a secondary factor",
                field="secondary_factors",
            )
        try:
            visits = int(visit_frequency_working_days)
        except (TypeError, ValueError):
            visits = 0
        if not 1 <= visits <= 10:
            raise DecisionError(
                "Visits are at least every 10 working days: enter a number from 1 to 10",
                field="visit_frequency_working_days",
            )
        cleaned_actions = _clean_actions(actions)
    with transaction.atomic():
        _, locked = _locked_decision(decision, by)
        counts = tally(locked)
        overrides = counts.majority is not None and _side(outcome) != counts.majority
        if overrides and not overrule_reason:
            raise DecisionError(
                f"The majority of the professionals' views ({counts.summary}) differ from this "
                "decision: enter why you overrule the majority",
                field="overrule_reason",
            )
        locked.outcome, locked.rationale = outcome, rationale
        locked.overrode_majority = overrides
        locked.overrule_reason = overrule_reason if overrides else ""
        locked.category = category if is_plan else ""
        locked.secondary_factors = factors if is_plan else []
        locked.contingency_plan = (contingency_plan or "").strip() if is_plan else ""
        locked.visit_frequency_working_days = visits if is_plan else 10
        locked.outcomes_for_child = terms.outcomes_for_child if is_plan else ""
        locked.change_category = terms.change_category if is_plan else False
        locked.significant_change = significant_change
        locked.significant_change_description = (
            significant_change_description if significant_change else ""
        )
        locked.decided_at, locked.decided_by = timezone.now(), by
        # Reviews: who agreed ending the plan at its first review; Early Help after no plan.
        locked.service_manager_agreement = None if is_plan else service_manager_agreement
        locked.early_help = bool(early_help) and outcome == DecisionOutcome.NO_FURTHER_ACTION
        locked._history_user = by
        locked.save()
        for old in list(OutlinePlanAction.objects.filter(decision=locked)):
            old._history_user = by
            old.delete()
        for row in cleaned_actions:
            action = OutlinePlanAction(
                decision=locked,
                what=row["what"],
                who=row["who"],
                by_when=row["by_when"],
                danger_statement_position=row["position"],
            )
            action._history_user = by
            action.save()
    return locked


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


# --- end of the decision -----------------------------------------------------------------------


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
]
