"""One child's records written from its import plan: each record found by its natural key (the
child ID; an enquiry's, plan's or assessment's start day; a conference's day), created when
missing, updated when the return says otherwise, left alone when it agrees. History records the
importing user. Called inside `apply`'s savepoint per child, so a refusal undoes the whole child.
See docs/adr/0066-bringing-an-authority-in-from-its-census-return.md."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from children.models import (
    Child,
    Household,
    S47Enquiry,
    S47Outcome,
    StrategyDecision,
    StrategyDiscussion,
    StrategyDiscussionChild,
)
from children.services.child_record import refresh_search_tokens
from conferences.models import Conference, ConferenceChild, ConferenceKind, ConferenceStatus
from core.errors import DomainError
from core.history import save_as
from plans.models import ChildInNeedPlan, ChildProtectionPlan, PlanCategoryChange, PlanStatus

from .models import CensusAssessment
from .plan import ChildImport

REASON = "Brought in from the CIN census return"
NAME_NOT_RECORDED = "Name not recorded"
DISCUSSION_NOTE = (
    "Brought in from the CIN census return: the return records only the day the Section 47 "
    "enquiry started, not the strategy discussion itself."
)
INITIAL_KINDS = (ConferenceKind.INITIAL, ConferenceKind.PRE_BIRTH, ConferenceKind.TRANSFER_IN)
REVIEW_KINDS = (ConferenceKind.REVIEW, ConferenceKind.PRE_BIRTH_REVIEW)
CHILD_FIELD_LABELS = {
    "upn": "Unique Pupil Number",
    "upn_unknown_reason": "reason there is no UPN",
    "is_unborn": "born or unborn",
    "date_of_birth": "date of birth",
    "expected_date_of_delivery": "expected date of birth",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "disabilities": "disabilities",
    "cin_referral_date": "date of referral",
    "referral_source": "referral source",
    "primary_need": "primary need",
}


class CensusChildRefused(DomainError):
    """The child's records cannot be brought in as the return gives them."""


@dataclass
class Changes:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _day_range(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return at(day, 0), at(day + datetime.timedelta(days=1), 0)


# --- The child ----------------------------------------------------------------------------------


def write_child(planned: ChildImport, *, by, changes: Changes) -> Child:
    values = {
        "upn": planned.upn,
        "upn_unknown_reason": planned.upn_unknown,
        "is_unborn": planned.birth_date is None,
        "date_of_birth": planned.birth_date,
        "sex": planned.sex,
        "ethnicity": planned.ethnicity,
        "disabilities": planned.disabilities,
        "cin_referral_date": planned.referral_date,
    }
    if planned.expected_birth_date:
        values["expected_date_of_delivery"] = planned.expected_birth_date
    if planned.referral_source:
        values["referral_source"] = planned.referral_source
    if planned.primary_need:
        values["primary_need"] = planned.primary_need
    child = (
        Child.objects.select_for_update()
        .filter(local_child_id__iexact=planned.la_child_id)
        .order_by("pk")
        .first()
    )
    if child is None:
        child = Child(
            local_child_id=planned.la_child_id,
            legal_surname=NAME_NOT_RECORDED,
            recorded_by=by,
            household=Household.objects.create(name="Household not recorded"),
            **values,
        )
        save_as(child, by=by, reason=REASON)
        refresh_search_tokens([child])
        changes.created.append("The child's record (the return holds no name)")
        return child
    if not child.is_unborn and values["is_unborn"]:
        # A born child stays born: an older return, from before the birth.
        for name in ("is_unborn", "date_of_birth", "expected_date_of_delivery"):
            values.pop(name, None)
    changed = [name for name, value in values.items() if getattr(child, name) != value]
    if not changed:
        changes.unchanged.append("The child's details")
        return child
    for name in changed:
        setattr(child, name, values[name])
    save_as(child, by=by, reason=REASON)
    labels = ", ".join(CHILD_FIELD_LABELS[name] for name in changed)
    changes.updated.append(f"The child's details: {labels}")
    return child


# --- Conferences --------------------------------------------------------------------------------


def held_conference(child: Child, day: datetime.date, kinds) -> ConferenceChild | None:
    start, end = _day_range(day)
    return (
        ConferenceChild.objects.select_related("conference")
        .filter(
            child=child,
            conference__kind__in=kinds,
            conference__status=ConferenceStatus.HELD,
            conference__starts_at__gte=start,
            conference__starts_at__lt=end,
        )
        .order_by("conference__starts_at", "pk")
        .first()
    )


def write_conference(
    child: Child, day: datetime.date, *, kind, by, changes: Changes, enquiry=None
) -> Conference:
    """A held conference on `day`: the one the service holds, or one recorded as brought in from
    the census (held, no Signs of Safety record, no decision or minutes)."""
    kinds = INITIAL_KINDS if kind == ConferenceKind.INITIAL else REVIEW_KINDS
    what = "Initial conference" if kind == ConferenceKind.INITIAL else "Review conference"
    link = held_conference(child, day, kinds)
    if link is not None:
        if enquiry is not None and link.enquiry_id is None:
            link.enquiry = enquiry
            save_as(link, by=by, reason=REASON)
            changes.updated.append(f"{what} on {long_date(day)}: linked to its Section 47 enquiry")
        else:
            changes.unchanged.append(f"{what} on {long_date(day)}")
        return link.conference
    starts_at = at(day)
    conference = Conference(
        kind=kind,
        status=ConferenceStatus.HELD,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        brought_in_from_census=True,
    )
    save_as(conference, by=by, reason=REASON)
    save_as(ConferenceChild(conference=conference, child=child, enquiry=enquiry), by=by)
    changes.created.append(f"{what} on {long_date(day)} (brought in from the census)")
    return conference


# --- Section 47 enquiries -----------------------------------------------------------------------


def write_section47(child: Child, s47, *, period_start, by, changes: Changes) -> S47Enquiry:
    if s47.icpc_not_required:
        outcome, concluded = S47Outcome.NO_CONFERENCE, max(s47.start, period_start)
    elif s47.icpc_date:
        outcome, concluded = S47Outcome.CONFERENCE_NEEDED, s47.icpc_date
    else:
        outcome, concluded = "", None
    what = f"Section 47 enquiry from {long_date(s47.start)}"
    enquiry = (
        S47Enquiry.objects.select_for_update().filter(child=child, started_on=s47.start).first()
    )
    if enquiry is None:
        if not outcome:
            open_one = S47Enquiry.objects.filter(child=child, outcome="").first()
            if open_one is not None:
                raise CensusChildRefused(
                    f"The {what} is open in the return, but the service already holds an open "
                    f"enquiry from {long_date(open_one.started_on)}: a child has one at a time."
                )
        discussion = StrategyDiscussion(
            held_at=at(s47.start),
            concerns=DISCUSSION_NOTE,
            decision=StrategyDecision.S47,
            recorded_by=by,
        )
        save_as(discussion, by=by, reason=REASON)
        StrategyDiscussionChild.objects.create(discussion=discussion, child=child)
        enquiry = S47Enquiry(
            child=child,
            strategy_discussion=discussion,
            started_on=s47.start,
            outcome=outcome,
            concluded_on=concluded,
            outcome_reason=REASON if outcome else "",
            outcome_recorded_by=by if outcome else None,
            outcome_recorded_at=timezone.now() if outcome else None,
        )
        save_as(enquiry, by=by, reason=REASON)
        changes.created.append(what)
    elif outcome and enquiry.outcome != outcome:
        enquiry.outcome = outcome
        enquiry.concluded_on = concluded
        enquiry.outcome_reason = REASON
        enquiry.outcome_recorded_by = by
        enquiry.outcome_recorded_at = timezone.now()
        save_as(enquiry, by=by, reason=REASON)
        changes.updated.append(f"{what}: its outcome")
    else:
        changes.unchanged.append(what)
    if s47.icpc_date:
        write_conference(
            child,
            s47.icpc_date,
            kind=ConferenceKind.INITIAL,
            by=by,
            changes=changes,
            enquiry=enquiry,
        )
    return enquiry


# --- Child in Need plans and assessments --------------------------------------------------------


def write_cin_plan(child: Child, cin, *, by, changes: Changes) -> None:
    what = f"Child in Need plan from {long_date(cin.start)}"
    status = PlanStatus.ENDED if cin.end else PlanStatus.ACTIVE
    plan = (
        ChildInNeedPlan.objects.select_for_update()
        .filter(child=child, started_on=cin.start)
        .first()
    )
    if plan is None:
        active = ChildInNeedPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).first()
        if active is not None and (cin.end is None or cin.end > active.started_on):
            raise CensusChildRefused(
                f"The {what} overlaps the Child in Need plan the service already holds from "
                f"{long_date(active.started_on)}."
            )
        plan = ChildInNeedPlan(
            child=child, started_on=cin.start, status=status, ended_on=cin.end, created_by=by
        )
        save_as(plan, by=by, reason=REASON)
        changes.created.append(what)
    elif plan.ended_on != cin.end and cin.end is not None:
        plan.status, plan.ended_on = status, cin.end
        save_as(plan, by=by, reason=REASON)
        changes.updated.append(f"{what}: ended on {long_date(cin.end)}")
    else:
        changes.unchanged.append(what)


def write_assessment(child: Child, assessment, *, by, changes: Changes) -> None:
    what = f"Assessment from {long_date(assessment.start)}"
    row = (
        CensusAssessment.objects.select_for_update()
        .filter(child=child, started_on=assessment.start)
        .first()
    )
    if row is None:
        row = CensusAssessment(
            child=child,
            started_on=assessment.start,
            authorised_on=assessment.authorised,
            factors=assessment.factors,
        )
        save_as(row, by=by, reason=REASON)
        changes.created.append(what)
    elif (row.authorised_on, row.factors) != (assessment.authorised, assessment.factors):
        row.authorised_on, row.factors = assessment.authorised, assessment.factors
        save_as(row, by=by, reason=REASON)
        changes.updated.append(f"{what}: its authorisation and factors")
    else:
        changes.unchanged.append(what)


def overlapping_plan(child: Child, start, end) -> ChildProtectionPlan | None:
    """A plan the service holds for the child, other than the one starting on `start`, whose
    time overlaps [start, end]."""
    overlaps = Q(ended_on__isnull=True) | Q(ended_on__gt=start)
    if end is not None:
        overlaps &= Q(started_on__lt=end)
    return (
        ChildProtectionPlan.objects.filter(child=child)
        .exclude(started_on=start)
        .exclude(status=PlanStatus.INTERIM)
        .filter(overlaps)
        .first()
    )


def record_category_change(plan, *, to_category, on, conference, by) -> None:
    change = PlanCategoryChange(
        plan=plan,
        from_category=plan.category,
        to_category=to_category,
        conference=conference,
        changed_on=on,
        recorded_by=by,
    )
    save_as(change, by=by, reason=REASON)
