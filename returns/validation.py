"""The DfE's validation rules for the Children in Need census, for every module the return holds:
the child's identifiers and characteristics, the episode's referral, Section 47 enquiries, initial
conferences, child protection plans and their reviews.

Each rule is checked on the census as built (returns.census), before it is sent, so the QA
manager can correct the records first. A problem carries the DfE's error rule number where there
is one (the numbers of the DfE's "CIN census validation rules" and of the independent
csc-validator-be-cin package the tests run beside these checks); the project's own stricter
checks are named by what they check. Queries (the DfE's "Q" rules, which ask for an explanation,
not a correction) are left to the DfE's tool. See docs/adr/0032-cin-census-and-annex-a-returns.md
and docs/adr/0063-the-census-passes-every-dfe-error-rule-and-annex-a-follows-ofsteds-template.md.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from children.models import Disability, Ethnicity, PrimaryNeed, ReferralSource, Sex
from children.validators import LOCAL_CHILD_ID_MAX_LENGTH, UPN_LETTERS, upn_check_letter
from core.templatetags.govuk import govuk_date
from timescales import calendar

from .census import Census, CensusChild

CATEGORIES = frozenset({"NEG", "PHY", "SAB", "EMO", "MUL"})
FORTY_WEEKS = datetime.timedelta(weeks=40)
SATURDAY = 5


@dataclass(frozen=True)
class Problem:
    rule: str
    la_child_id: str
    message: str

    def __str__(self):
        return f"{self.rule} ({self.la_child_id}): {self.message}"


def _date(day) -> str:
    return govuk_date(day)


def _identifiers(child: CensusChild, census: Census):
    """The child's identifiers and characteristics."""
    end = census.reference_date
    child_id = child.la_child_id
    if not child_id:
        yield "8500", "The child has no child ID."
    elif len(child_id) > LOCAL_CHILD_ID_MAX_LENGTH:
        yield "1570", f"The child ID is longer than {LOCAL_CHILD_ID_MAX_LENGTH} characters."
    if child_id and not (child_id.isascii() and child_id.isalnum()):
        yield (
            "1580",
            "The child ID must only include letters and numbers: change it on the child's record.",
        )
    upn = child.upn
    if upn:
        if not upn[1:12].isdigit():
            yield "1540", "Characters 2 to 12 of the Unique Pupil Number must be numbers."
        elif not (upn[12].isdigit() or upn[12] in UPN_LETTERS):
            yield "1550", "The last character of the Unique Pupil Number is not a valid one."
        elif upn_check_letter(upn[1:]) != upn[0]:
            yield "1510", "The Unique Pupil Number's first letter does not match the rest."
    elif not child.upn_unknown:
        yield "UPN", "There is no Unique Pupil Number and no reason recorded for its absence."
    if child.sex not in Sex.values:
        yield "4180", "The child's sex must be recorded as male, female or not known."
    elif child.expected_birth_date and not child.birth_date and child.sex != Sex.UNKNOWN:
        yield "8750", "An unborn child's sex must be recorded as not known."
    if child.birth_date and child.birth_date > end:
        yield "8520", f"The date of birth ({_date(child.birth_date)}) is after the reference date."
    if child.ethnicity not in Ethnicity.values:
        yield "4220", "The child's ethnicity is missing or not one of the census codes."
    codes = child.disabilities
    if set(codes) - set(Disability.values) or (child.birth_date and not codes):
        yield (
            "8540",
            "Record the child's disabilities, or 'No disability', with the census codes.",
        )
    if Disability.NONE in codes and len(codes) > 1:
        yield "8790", "'No disability' is recorded together with a disability."
    if len(set(codes)) < len(codes):
        yield "8794", "A disability is recorded twice."


def _referral(child: CensusChild, census: Census):
    """The episode's referral: every episode this service returns led to further action (it holds
    a Section 47 enquiry or a plan), so it is never a referral with no further action."""
    cin = child.cin
    if cin.referral_date is None or cin.referral_date > census.reference_date:
        yield "8600", "The referral date is missing or after the reference date."
    if cin.referral_source not in ReferralSource.values:
        yield "8866", "The referral source is missing or not one of the census codes."
    if not cin.primary_need:
        yield (
            "8610",
            "The primary need is missing: a referral that led to further action needs one. "
            "Record it on the child's record.",
        )
    elif cin.primary_need not in PrimaryNeed.values:
        yield "8650", f"'{cin.primary_need}' is not a primary need code (N1 to N9)."
    birth = child.birth_date or child.expected_birth_date
    if cin.referral_date and birth and cin.referral_date < birth - FORTY_WEEKS:
        yield "8606", "The referral date is more than 40 weeks before the (expected) birth."
    if child.upn_unknown == "UN7":
        yield (
            "8772",
            "The reason for no Unique Pupil Number is UN7 (referral with no further action), "
            "but the referral led to further action.",
        )


def _section47s(child: CensusChild, census: Census):
    cin = child.cin
    start, end = census.period_start, census.reference_date
    s47_icpcs = {s47.icpc_date for s47 in cin.section47s if s47.icpc_date}
    icpcs = s47_icpcs | ({cin.date_of_initial_cpc} if cin.date_of_initial_cpc else set())

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
        if not s47.icpc_date and not s47.icpc_not_required and s47.start < start:
            yield (
                "8740",
                f"The Section 47 enquiry of {_date(s47.start)} started before the census year "
                "and has no initial conference and no outcome by its end.",
            )
        if s47.start < cin.referral_date:
            yield (
                "2889",
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
                "8615",
                f"The initial conference ({_date(s47.icpc_date)}) is before the Section 47 "
                f"enquiry started ({_date(s47.start)}).",
            )
        if s47.icpc_date and not start <= s47.icpc_date <= end:
            yield (
                "8715",
                f"The initial conference ({_date(s47.icpc_date)}) is outside the census year.",
            )
        for other in cin.section47s:
            if other is s47 or (other.start, other.icpc_date) == (s47.start, s47.icpc_date):
                continue
            ongoing = (
                s47.start <= other.icpc_date
                if other.icpc_date
                else not other.icpc_not_required and s47.start <= end
            )
            if s47.start >= other.start and ongoing:
                yield (
                    "8890",
                    f"The Section 47 enquiry of {_date(s47.start)} starts while the one of "
                    f"{_date(other.start)} is still going on.",
                )
                break
    for day in sorted(icpcs):
        if day.weekday() >= SATURDAY:
            yield "8875", f"The initial conference date {_date(day)} is a weekend."
        elif not calendar.is_working_day(day):
            yield (
                "ICPC-WORKING-DAY",
                f"The initial conference date {_date(day)} is not a working day.",
            )
        if day < cin.referral_date:
            yield "1104", f"The initial conference ({_date(day)}) is before the referral."
        if day > end:
            yield (
                "ICPC-AFTER-REFERENCE",
                f"The initial conference ({_date(day)}) is after the reference date.",
            )


def _plans(child: CensusChild, census: Census):
    cin = child.cin
    start, end = census.period_start, census.reference_date
    icpcs = {s47.icpc_date for s47 in cin.section47s if s47.icpc_date}
    if cin.date_of_initial_cpc:
        icpcs.add(cin.date_of_initial_cpc)
    ordered = sorted(cin.plans, key=lambda plan: plan.start)
    for plan in ordered:
        if start <= plan.start <= end and plan.start not in icpcs:
            yield (
                "2885",
                f"The child protection plan starts on {_date(plan.start)}, a different day from "
                "any initial child protection conference.",
            )
        if plan.start > end:
            yield "8720", f"The plan starts after the reference date ({_date(plan.start)})."
        if plan.start < cin.referral_date:
            yield "1105", f"The plan of {_date(plan.start)} starts before the referral."
        for rule, code in (("8905", plan.initial_category), ("8910", plan.latest_category)):
            if code not in CATEGORIES:
                yield (
                    rule,
                    f"'{code}' is not a category of abuse (NEG, PHY, SAB, EMO or MUL).",
                )
        if plan.end is not None:
            if plan.end == plan.start:
                yield "8840", "The child protection plan starts and ends on the same day."
            elif plan.end < plan.start:
                yield "8925", "The child protection plan ends before it starts."
            if not start <= plan.end <= end:
                yield "8930", "The plan's end is outside the census year."
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
        if plan.previous_plans is None or plan.previous_plans < 0:
            yield "8730", "The number of previous plans is missing or negative."
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.end is None or later.start < earlier.end:
            yield (
                "8940",
                f"The plan starting {_date(later.start)} overlaps the plan starting "
                f"{_date(earlier.start)}.",
            )
    open_plans = [plan for plan in ordered if plan.end is None]
    if len(open_plans) > 1:
        yield "8935", "More than one child protection plan is open."


def _check_child(child: CensusChild, census: Census):
    yield from _identifiers(child, census)
    yield from _referral(child, census)
    yield from _section47s(child, census)
    yield from _plans(child, census)


def _whole_return(census: Census):
    """The rules on the return as a whole: its reference date, IDs and UPNs used once, and no
    more plans starting in the year than initial conferences held in it."""
    end = census.reference_date
    if (end.month, end.day) != (3, 31):
        yield "100", "", "The reference date of the census must be 31 March."
    for child_id, count in Counter(child.la_child_id for child in census.children).items():
        if child_id and count > 1:
            yield "8510", child_id, f"The child ID is used for {count} children."
    upns = Counter(child.upn for child in census.children if child.upn)
    for child in census.children:
        if child.upn and upns[child.upn] > 1:
            yield (
                "1520",
                child.la_child_id,
                f"The child's Unique Pupil Number is used for {upns[child.upn]} children.",
            )
    in_year = lambda day: day is not None and census.period_start <= day <= end  # noqa: E731
    plans = sum(in_year(plan.start) for child in census.children for plan in child.cin.plans)
    icpcs = sum(
        in_year(child.cin.date_of_initial_cpc)
        + sum(in_year(s47.icpc_date) for s47 in child.cin.section47s)
        for child in census.children
    )
    if plans > icpcs:
        yield (
            "2883",
            "",
            f"{plans} child protection plans start in the year but only {icpcs} initial "
            "conferences were held in it.",
        )


def validate_census(census: Census) -> list[Problem]:
    """Every broken rule, child by child in the order of the return, then the return's own."""
    problems = []
    for child in census.children:
        for rule, message in _check_child(child, census):
            problems.append(Problem(rule=rule, la_child_id=child.la_child_id, message=message))
    for rule, child_id, message in _whole_return(census):
        problems.append(Problem(rule=rule, la_child_id=child_id, message=message))
    return problems
