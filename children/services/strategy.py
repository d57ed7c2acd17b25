"""Strategy discussions and Section 47 enquiries: recording a discussion (and the enquiries and
deadlines it opens), the team manager's sign-off, and the outcome of an enquiry."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.line_management import manager_of
from accounts.models import RoleCode
from core.templatetags.govuk import govuk_date
from timescales import services as timescale_services
from timescales.models import RuleCode

from ..models import (
    Child,
    S47Enquiry,
    S47Outcome,
    StrategyDecision,
    StrategyDiscussion,
    StrategyDiscussionChild,
    StrategyDiscussionParticipant,
)
from .errors import ChildRecordError


def record_strategy_discussion(
    *,
    by,
    children: Sequence[Child],
    held_at: datetime.datetime,
    participants: Sequence[dict],
    concerns: str,
    decision: str,
    reason_for_decision: str = "",
) -> StrategyDiscussion:
    """Record a strategy discussion about one or more children.

    Opens the deadlines for its record (available within 72 hours: met now, since this is the
    record) and for the team manager's sign-off. A decision for S47 opens one Section 47 enquiry
    per child, each with its ICPC_DUE and ICPC_REQUEST deadlines.
    """
    now = timezone.now()
    if timezone.is_naive(held_at):
        held_at = timezone.make_aware(held_at)
    if held_at > now:
        raise ChildRecordError(
            "The date and time of the strategy discussion must be in the past", field="held_on"
        )
    children = list(dict.fromkeys(children))
    if not children:
        raise ChildRecordError("Choose the children the discussion was about", field="children")
    if decision not in StrategyDecision.values:
        raise ChildRecordError("Choose the decision", field="decision")
    if not concerns.strip():
        raise ChildRecordError("Enter the concerns discussed", field="concerns")
    if decision == StrategyDecision.NO_S47 and not reason_for_decision.strip():
        raise ChildRecordError(
            "Enter why a Section 47 enquiry is not needed", field="reason_for_decision"
        )
    participants = [p for p in participants if (p.get("name") or "").strip()]
    if not participants:
        raise ChildRecordError("Enter who took part and from which agency", field="participants")
    for participant in participants:
        if participant.get("agency") is None:
            raise ChildRecordError(
                f"Choose the agency {participant['name']} was from", field="participants"
            )
    held_on = timezone.localdate(held_at)

    with transaction.atomic():
        if decision == StrategyDecision.S47:
            already_open = (
                S47Enquiry.objects.select_for_update()
                .filter(child__in=children, outcome="")
                .select_related("child", "strategy_discussion")
                .first()
            )
            if already_open:
                raise ChildRecordError(
                    f"{already_open.child.legal_name} already has a Section 47 enquiry, started "
                    f"on {_date_text(already_open.started_on)}. Record its outcome before "
                    "starting another.",
                    field="children",
                )
        discussion = StrategyDiscussion.objects.create(
            held_at=held_at,
            concerns=concerns.strip(),
            decision=decision,
            reason_for_decision=reason_for_decision.strip(),
            recorded_by=by,
            recorded_at=now,
        )
        # bulk_create_with_history: a plain bulk_create would leave these rows out of history.
        bulk_create_with_history(
            [StrategyDiscussionChild(discussion=discussion, child=child) for child in children],
            StrategyDiscussionChild,
            default_user=by,
        )
        bulk_create_with_history(
            [
                StrategyDiscussionParticipant(
                    discussion=discussion,
                    name=" ".join(p["name"].split()),
                    role=(p.get("role") or "").strip(),
                    agency=p["agency"],
                )
                for p in participants
            ],
            StrategyDiscussionParticipant,
            default_user=by,
        )
        team = getattr(by, "team", None)
        timescale_services.open_deadline(
            rule=RuleCode.STRAT_RECORD, subject=discussion, start=held_at, responsible=by, team=team
        )
        timescale_services.meet_deadline(rule=RuleCode.STRAT_RECORD, subject=discussion, met_on=now)
        timescale_services.open_deadline(
            rule=RuleCode.STRAT_SIGNOFF,
            subject=discussion,
            start=held_at,
            responsible=manager_of(by),
            team=team,
        )
        if decision == StrategyDecision.S47:
            for child in children:
                enquiry = S47Enquiry.objects.create(
                    child=child, strategy_discussion=discussion, started_on=held_on
                )
                responsible = child.lead_social_worker or by
                for rule in (RuleCode.ICPC_DUE, RuleCode.ICPC_REQUEST):
                    timescale_services.open_deadline(
                        rule=rule,
                        subject=enquiry,
                        start=held_on,
                        responsible=responsible,
                        team=getattr(responsible, "team", None),
                        child=child,
                    )
    return discussion


def _date_text(day) -> str:
    return govuk_date(day)


def sign_off_strategy_discussion(*, discussion: StrategyDiscussion, by) -> StrategyDiscussion:
    """The team manager signs off the strategy discussion record (the STRAT_SIGNOFF deadline)."""
    if not by.has_role(RoleCode.TEAM_MANAGER):
        raise ChildRecordError("Only a team manager can sign off a strategy discussion record")
    if by.pk == discussion.recorded_by_id:
        raise ChildRecordError(
            "A team manager other than the person who recorded it must sign it off"
        )
    now = timezone.now()
    with transaction.atomic():
        locked = StrategyDiscussion.objects.select_for_update().get(pk=discussion.pk)
        if locked.signed_off_at:
            raise ChildRecordError("This strategy discussion record has already been signed off")
        locked.signed_off_by = by
        locked.signed_off_at = now
        locked.save(update_fields=["signed_off_by", "signed_off_at"])
        timescale_services.meet_deadline(rule=RuleCode.STRAT_SIGNOFF, subject=locked, met_on=now)
    return locked


def record_s47_outcome(
    *,
    enquiry: S47Enquiry,
    by,
    outcome: str,
    concluded_on: datetime.date,
    reason: str = "",
) -> S47Enquiry:
    """Record what the Section 47 enquiry concluded. With no conference needed, the conference
    deadlines no longer apply and are waived with the reason."""
    if outcome not in S47Outcome.values:
        raise ChildRecordError("Choose the outcome of the enquiry", field="outcome")
    if concluded_on is None:
        raise ChildRecordError("Enter the date the enquiry concluded", field="concluded_on")
    if concluded_on > timezone.localdate():
        raise ChildRecordError(
            "Date the enquiry concluded must be today or in the past", field="concluded_on"
        )
    if concluded_on < enquiry.started_on:
        raise ChildRecordError(
            "Date the enquiry concluded must be on or after the strategy discussion on "
            f"{_date_text(enquiry.started_on)}",
            field="concluded_on",
        )
    if outcome == S47Outcome.NO_CONFERENCE and not reason.strip():
        raise ChildRecordError("Enter why no conference is needed", field="reason")
    with transaction.atomic():
        locked = S47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        if locked.outcome:
            raise ChildRecordError("The outcome of this enquiry has already been recorded")
        locked.outcome = outcome
        locked.outcome_reason = reason.strip()
        locked.concluded_on = concluded_on
        locked.outcome_recorded_by = by
        locked.outcome_recorded_at = timezone.now()
        locked.save()
        if outcome == S47Outcome.NO_CONFERENCE:
            for rule in (RuleCode.ICPC_REQUEST, RuleCode.ICPC_DUE):
                timescale_services.withdraw_deadline(
                    rule=rule,
                    subject=locked,
                    reason=f"The Section 47 enquiry found no conference is needed: {locked.outcome_reason}",
                    by=by,
                )
    return locked
