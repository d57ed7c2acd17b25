"""The DfE's validation rules for the child protection items of the Children in Need census.

Each rule is checked on the census as built (returns.census), before it is sent, so the QA
manager can correct the records first. Where the DfE's rule number is known it is given; the
others are the same checks the DfE's validation makes on these items, named by what they check.
See docs/adr/0032-cin-census-and-annex-a-returns.md.
"""

from dataclasses import dataclass

from core.templatetags.govuk import govuk_date
from timescales import calendar

from .census import Census, CensusChild

CATEGORIES = frozenset({"NEG", "PHY", "SAB", "EMO", "MUL"})


@dataclass(frozen=True)
class Problem:
    rule: str
    la_child_id: str
    message: str

    def __str__(self):
        return f"{self.rule} ({self.la_child_id}): {self.message}"


def _date(day) -> str:
    return govuk_date(day)


def _check_child(child: CensusChild, census: Census):
    cin = child.cin
    start, end = census.period_start, census.reference_date
    s47_icpcs = {s47.icpc_date for s47 in cin.section47s if s47.icpc_date}
    icpcs = s47_icpcs | ({cin.date_of_initial_cpc} if cin.date_of_initial_cpc else set())

    if not child.upn and not child.upn_unknown:
        yield "UPN", "There is no Unique Pupil Number and no reason recorded for its absence."
    if cin.referral_date > end:
        yield "REFERRAL", "The referral date is after the reference date."

    # --- Section 47 enquiries and initial conferences ---
    if cin.date_of_initial_cpc and cin.date_of_initial_cpc in s47_icpcs:
        yield (
            "2884",
            "An initial child protection conference is recorded both for the episode and for "
            "a Section 47 enquiry: record it once.",
        )
    open_enquiries = [
        s47 for s47 in cin.section47s if not s47.icpc_date and not s47.icpc_not_required
    ]
    if len(open_enquiries) > 1:
        yield "8839", "There are 2 or more Section 47 enquiries with no conference and no outcome."
    for s47 in cin.section47s:
        if s47.start > end:
            yield (
                "S47-START",
                f"The Section 47 enquiry starts after the reference date ({_date(s47.start)}).",
            )
        if s47.start < cin.referral_date:
            yield (
                "S47-REFERRAL",
                f"The Section 47 enquiry of {_date(s47.start)} starts before the referral "
                f"({_date(cin.referral_date)}).",
            )
        if s47.icpc_target != calendar.add_working_days(s47.start, 15):
            yield (
                "S47-TARGET",
                "The initial conference target is not 15 working days after the S47 start.",
            )
        if s47.icpc_date and s47.icpc_not_required:
            yield (
                "S47-NOT-REQUIRED",
                "A conference date is recorded for a Section 47 enquiry that found no conference "
                "was needed.",
            )
        if s47.icpc_date and s47.icpc_date < s47.start:
            yield (
                "S47-ICPC-BEFORE-START",
                f"The initial conference ({_date(s47.icpc_date)}) is before the Section 47 "
                f"enquiry started ({_date(s47.start)}).",
            )
    for day in sorted(icpcs):
        if not calendar.is_working_day(day):
            yield (
                "ICPC-WORKING-DAY",
                f"The initial conference date {_date(day)} is not a working day.",
            )
        if day > end:
            yield (
                "ICPC-AFTER-REFERENCE",
                f"The initial conference ({_date(day)}) is after the reference date.",
            )

    # --- Child protection plans ---
    ordered = sorted(cin.plans, key=lambda plan: plan.start)
    for plan in ordered:
        if start <= plan.start <= end and plan.start not in icpcs:
            yield (
                "2885",
                f"The child protection plan starts on {_date(plan.start)}, a different day from "
                "any initial child protection conference.",
            )
        if plan.start > end:
            yield "CPP-START", f"The plan starts after the reference date ({_date(plan.start)})."
        if plan.start < cin.referral_date:
            yield "CPP-REFERRAL", f"The plan of {_date(plan.start)} starts before the referral."
        for code in (plan.initial_category, plan.latest_category):
            if code not in CATEGORIES:
                yield (
                    "CPP-CATEGORY",
                    f"'{code}' is not a category of abuse (NEG, PHY, SAB, EMO or MUL).",
                )
        if plan.end is not None:
            if plan.end == plan.start:
                yield "8840", "The child protection plan starts and ends on the same day."
            elif plan.end < plan.start:
                yield "CPP-END", "The child protection plan ends before it starts."
            if plan.end > end:
                yield "CPP-END-REFERENCE", "The plan ends after the reference date."
        for review in plan.reviews:
            if review <= plan.start:
                yield (
                    "8841",
                    f"The review on {_date(review)} is on or before the plan's start "
                    f"({_date(plan.start)}).",
                )
            if plan.end is not None and review > plan.end:
                yield (
                    "CPP-REVIEW-AFTER-END",
                    f"The review on {_date(review)} is after the plan ended.",
                )
            if review > end:
                yield (
                    "CPP-REVIEW-REFERENCE",
                    f"The review on {_date(review)} is after the reference date.",
                )
        if plan.previous_plans < 0:
            yield "CPP-PREVIOUS", "The number of previous plans cannot be negative."
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.end is None or later.start < earlier.end:
            yield (
                "CPP-OVERLAP",
                f"The plan starting {_date(later.start)} overlaps the plan starting "
                f"{_date(earlier.start)}.",
            )
    open_plans = [plan for plan in ordered if plan.end is None]
    if len(open_plans) > 1:
        yield "CPP-ONE-OPEN", "More than one child protection plan is open."


def validate_census(census: Census) -> list[Problem]:
    """Every broken rule, child by child, in the order of the return."""
    problems = []
    for child in census.children:
        for rule, message in _check_child(child, census):
            problems.append(Problem(rule=rule, la_child_id=child.la_child_id, message=message))
    return problems
