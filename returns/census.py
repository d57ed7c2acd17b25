"""The child protection parts of the DfE Children in Need census: what goes in, read set-based.

`build_census(reference_date)` reads the collection year (1 April to the reference date, normally
31 March) in a fixed number of queries, whatever the number of children, and returns plain
dataclasses; `returns.xml` writes them as the census message and checks it against the schema in
`returns/schema/`, and `returns.validation` applies the DfE validation rules for the child
protection items. See docs/adr/0032-cin-census-and-annex-a-returns.md.

Each child is one <Child> with one <CINdetails> (this service holds one episode of need per
child): the Section 47 enquiries and child protection plans open at any time in the year.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from children.models import Child, S47Enquiry, S47Outcome
from conferences.models import ChildDecision, ConferenceChild, ConferenceKind, ConferenceStatus
from plans.models import ChildProtectionPlan, PlanCategory, PlanCategoryChange
from timescales import calendar

ICPC_TARGET_WORKING_DAYS = 15  # the DfE's target: the ICPC within 15 working days of the S47 start
INITIAL_KINDS = (ConferenceKind.INITIAL, ConferenceKind.PRE_BIRTH, ConferenceKind.TRANSFER_IN)
REVIEW_KINDS = (ConferenceKind.REVIEW, ConferenceKind.PRE_BIRTH_REVIEW)
UPN_PATTERN_LENGTH = 13


def collection_year(reference_date: datetime.date) -> tuple[datetime.date, datetime.date]:
    """1 April to the reference date: 31 March 2026 gives 1 April 2025 to 31 March 2026."""
    april = datetime.date(reference_date.year, 4, 1)
    start = april if reference_date >= april else datetime.date(reference_date.year - 1, 4, 1)
    return start, reference_date


@dataclass
class Section47:
    start: datetime.date
    icpc_target: datetime.date
    icpc_date: datetime.date | None
    icpc_not_required: bool
    enquiry_id: int | None = None


@dataclass
class ProtectionPlan:
    start: datetime.date
    end: datetime.date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[datetime.date] = field(default_factory=list)
    plan_id: int | None = None


@dataclass
class CinDetails:
    referral_date: datetime.date
    referral_source: str
    primary_need: str
    date_of_initial_cpc: datetime.date | None
    section47s: list[Section47] = field(default_factory=list)
    plans: list[ProtectionPlan] = field(default_factory=list)


@dataclass
class CensusChild:
    la_child_id: str
    upn: str
    upn_unknown: str
    birth_date: datetime.date | None
    expected_birth_date: datetime.date | None
    sex: str
    ethnicity: str
    disabilities: list[str]
    cin: CinDetails
    child_id: int | None = None
    name: str = ""


@dataclass
class Census:
    reference_date: datetime.date
    period_start: datetime.date
    la_code: str
    children: list[CensusChild]
    notes: list[str] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.reference_date.year


def la_child_id(child: Child) -> str:
    return child.local_child_id or f"C{child.pk:07d}"


def _upn(child: Child, reference_date) -> tuple[str, str]:
    """The UPN, or the reason there is none (a child under 6 or unborn: UN1 unless recorded)."""
    upn = (child.upn or "").upper()
    if len(upn) == UPN_PATTERN_LENGTH and upn[0].isalpha() and upn[1:12].isdigit():
        return upn, ""
    if child.upn_unknown_reason:
        return "", child.upn_unknown_reason
    age = child.age_in_years(reference_date)
    if child.is_unborn or (age is not None and age < 6):
        return "", "UN1"
    return "", ""


def reconvened_at_subquery():
    """For a ConferenceChild row: when its conference's last decision was finalised (the day an
    adjourned conference reconvened and decided), one subquery (ADR 36)."""
    return Subquery(
        ChildDecision.objects.filter(conference=OuterRef("conference_id"))
        .order_by("-finalised_at")
        .values("finalised_at")[:1]
    )


def conference_day(conference, reconvened_at) -> datetime.date:
    """The conference's date in the returns: the day it was booked for, or, when it adjourned,
    the day it reconvened and reached its decision (the plan starts that day, ADR 36)."""
    if conference.adjourned_at is not None and reconvened_at is not None:
        return timezone.localdate(reconvened_at)
    return timezone.localdate(conference.starts_at)


def build_census(
    reference_date: datetime.date, *, period_start: datetime.date | None = None
) -> Census:
    """The census's children and items. `period_start` widens the window back from 1 April (the
    daily feed to the DfE, ADR 67, reads every child's whole history through it)."""
    start, end = collection_year(reference_date)
    start = period_start or start
    open_in_year_s47 = Q(started_on__lte=end) & (
        Q(outcome="") | Q(concluded_on__isnull=True) | Q(concluded_on__gte=start)
    )
    open_in_year_plan = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    s47_child_ids = S47Enquiry.objects.filter(open_in_year_s47).values("child_id")
    # An interim plan is not a plan in the return unless it becomes one (ADR 36).
    plan_child_ids = (
        ChildProtectionPlan.objects.reportable().filter(open_in_year_plan).values("child_id")
    )
    children = list(
        Child.objects.filter(Q(pk__in=s47_child_ids) | Q(pk__in=plan_child_ids)).order_by("pk")
    )
    ids = [child.pk for child in children]

    enquiries = defaultdict(list)
    for enquiry in S47Enquiry.objects.filter(open_in_year_s47, child_id__in=ids).order_by(
        "started_on", "pk"
    ):
        enquiries[enquiry.child_id].append(enquiry)

    plans_by_child = defaultdict(list)
    for plan in (
        ChildProtectionPlan.objects.reportable()
        .filter(child_id__in=ids, started_on__lte=end)
        .order_by("started_on", "pk")
    ):
        plans_by_child[plan.child_id].append(plan)
    plan_ids = [plan.pk for plans in plans_by_child.values() for plan in plans]
    categories = defaultdict(list)
    for change in PlanCategoryChange.objects.filter(
        plan_id__in=plan_ids, changed_on__lte=end
    ).order_by("changed_on", "pk"):
        categories[change.plan_id].append(change.to_category)

    reconvened_at = reconvened_at_subquery()
    held = defaultdict(list)  # child id -> [(date, kind, enquiry id, conference id)]
    for link in (
        ConferenceChild.objects.filter(
            child_id__in=ids,
            conference__status=ConferenceStatus.HELD,
            conference__starts_at__isnull=False,
        )
        .select_related("conference")
        .annotate(reconvened_at=reconvened_at)
        .order_by("conference__starts_at", "pk")
    ):
        day = conference_day(link.conference, link.reconvened_at)
        if day <= end:
            held[link.child_id].append(
                (day, link.conference.kind, link.enquiry_id, link.conference_id)
            )

    notes = []
    census_children = []
    for child in children:
        icpc_by_enquiry = {
            enquiry_id: day
            for day, kind, enquiry_id, _ in held[child.pk]
            if kind in INITIAL_KINDS and enquiry_id
        }
        conference_days = {conference_id: day for day, _, _, conference_id in held[child.pk]}
        review_days = sorted(day for day, kind, _, _ in held[child.pk] if kind in REVIEW_KINDS)

        section47s = [
            Section47(
                start=enquiry.started_on,
                icpc_target=calendar.add_working_days(enquiry.started_on, ICPC_TARGET_WORKING_DAYS),
                icpc_date=icpc_by_enquiry.get(enquiry.pk),
                icpc_not_required=enquiry.outcome == S47Outcome.NO_CONFERENCE,
                enquiry_id=enquiry.pk,
            )
            for enquiry in enquiries[child.pk]
        ]
        s47_icpc_days = {s47.icpc_date for s47 in section47s if s47.icpc_date}

        all_plans = plans_by_child[child.pk]
        plans = []
        cin_icpc = None
        for index, plan in enumerate(all_plans):
            if plan.ended_on is not None and plan.ended_on < start:
                continue
            changes = categories[plan.pk] or [plan.category]
            ended = plan.ended_on if plan.ended_on and plan.ended_on <= end else None
            last_day = ended or end
            previous = index or (1 if plan.is_subsequent else 0)
            if plan.previous_plans_from_census is not None:  # brought in (ADR 66)
                previous = plan.previous_plans_from_census
            plans.append(
                ProtectionPlan(
                    start=plan.started_on,
                    end=ended,
                    initial_category=PlanCategory(changes[0]).dfe_code,
                    latest_category=PlanCategory(changes[-1]).dfe_code,
                    previous_plans=previous,
                    reviews=[
                        day
                        for day in review_days
                        if plan.started_on < day <= last_day and day >= start
                    ],
                    plan_id=plan.pk,
                )
            )
            started_by = conference_days.get(plan.started_by_conference_id)
            if started_by and started_by not in s47_icpc_days:
                cin_icpc = started_by  # a conference with no S47 in this episode (transfer-in)

        known_starts = [s47.start for s47 in section47s] + [plan.start for plan in plans]
        referral = child.cin_referral_date
        if referral is None:
            referral = min(known_starts)
            notes.append(
                f"{la_child_id(child)}: no date of referral recorded, so the earliest Section 47 "
                f"or plan start ({referral.isoformat()}) was used."
            )
        if not child.referral_source:
            notes.append(f"{la_child_id(child)}: no referral source recorded (10, unknown, used).")
        upn, upn_unknown = _upn(child, end)
        census_children.append(
            CensusChild(
                la_child_id=la_child_id(child),
                upn=upn,
                upn_unknown=upn_unknown,
                birth_date=None if child.is_unborn else child.date_of_birth,
                expected_birth_date=child.expected_date_of_delivery if child.is_unborn else None,
                sex=child.sex,
                ethnicity=child.ethnicity,
                disabilities=list(child.disabilities or []),
                cin=CinDetails(
                    referral_date=referral,
                    referral_source=child.referral_source or "10",
                    primary_need=child.primary_need,
                    date_of_initial_cpc=cin_icpc,
                    section47s=section47s,
                    plans=plans,
                ),
                child_id=child.pk,
                name=child.legal_name,
            )
        )
    return Census(
        reference_date=reference_date,
        period_start=start,
        la_code=getattr(settings, "DFE_LA_CODE", "999"),
        children=census_children,
        notes=notes,
    )
