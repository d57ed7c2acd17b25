"""Each child of a census return checked on its own and turned into a plan of what to hold.

`plan_child` returns a ChildImport, or the plain-English reasons the child is refused (an invalid
code, a date out of order, overlapping plans, an unknown child ID format, no child ID). Nothing
here touches the database: `apply` compares the plan with what the service already holds.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from children.models import (
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReferralSource,
    Sex,
    UpnUnknownReason,
)
from children.validators import LOCAL_CHILD_ID_MAX_LENGTH, is_valid_local_child_id
from plans.models import PlanCategory

from .parse import RawChild, RawEpisode

UPN_PATTERN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
CATEGORY_BY_CODE = {PlanCategory(value).dfe_code: PlanCategory(value) for value in PlanCategory}
TRUE_VALUES = {"true", "1"}
FALSE_VALUES = {"false", "0", ""}


@dataclass
class S47Import:
    start: datetime.date
    icpc_date: datetime.date | None
    icpc_not_required: bool


@dataclass
class PlanImport:
    start: datetime.date
    end: datetime.date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[datetime.date]


@dataclass
class CinPlanImport:
    start: datetime.date
    end: datetime.date | None


@dataclass
class AssessmentImport:
    start: datetime.date
    authorised: datetime.date | None
    factors: list[str]


@dataclass
class ChildImport:
    position: int
    la_child_id: str
    upn: str
    upn_unknown: str
    birth_date: datetime.date | None
    expected_birth_date: datetime.date | None
    sex: str
    ethnicity: str
    disabilities: list[str]
    referral_date: datetime.date
    referral_source: str
    primary_need: str
    initial_conference_days: list[datetime.date] = field(default_factory=list)
    section47s: list[S47Import] = field(default_factory=list)
    plans: list[PlanImport] = field(default_factory=list)
    cin_plans: list[CinPlanImport] = field(default_factory=list)
    assessments: list[AssessmentImport] = field(default_factory=list)


def child_label(raw: RawChild) -> str:
    """How the report names a child: its ID, or its place in the file when it has none."""
    if raw.la_child_id:
        return raw.la_child_id
    return f"Child {raw.position} in the file (no child ID)"


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


class _Checker:
    """Collects the reasons a child is refused while reading its items."""

    def __init__(self):
        self.reasons: list[str] = []

    def refuse(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)

    def date(self, items: dict, name: str, what: str, *, required=False):
        text = items.get(name, "")
        if not text:
            if required:
                self.refuse(f"There is no {what} ({name}).")
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.refuse(
                f"The {what} ({name}) '{text}' is not a date: a date is written 2025-06-30."
            )
            return None

    def code(self, items: dict, name: str, what: str, allowed, *, required=True) -> str:
        text = items.get(name, "")
        if not text:
            if required:
                self.refuse(f"There is no {what} ({name}).")
            return ""
        if text not in allowed:
            self.refuse(f"'{text}' is not a valid code for the {what} ({name}).")
            return ""
        return text

    def yes_no(self, items: dict, name: str, what: str) -> bool:
        text = items.get(name, "").lower()
        if text not in TRUE_VALUES | FALSE_VALUES:
            self.refuse(f"'{items.get(name)}' is not true or false for {what} ({name}).")
            return False
        return text in TRUE_VALUES

    def not_after(self, day, limit, what: str, limit_what: str) -> None:
        if day and limit and day > limit:
            self.refuse(
                f"The {what} ({_long(day)}) is after the {limit_what} ({_long(limit)}): "
                "the dates are out of order."
            )


def _category(check: _Checker, items: dict, name: str, what: str) -> str:
    text = items.get(name, "")
    if text == "MUL":
        check.refuse(
            f"The {what} is MUL (more than one category): this service holds one category per "
            "plan, so record the main category in the return and bring it in again."
        )
        return ""
    code = check.code(items, name, what, CATEGORY_BY_CODE)
    return CATEGORY_BY_CODE[code].value if code else ""


def _plans(check: _Checker, episode: RawEpisode, reference_date) -> list[PlanImport]:
    plans = []
    for items in episode.plans:
        start = check.date(
            items, "CPPstartDate", "child protection plan's start date", required=True
        )
        end = check.date(items, "CPPendDate", "child protection plan's end date")
        initial = _category(check, items, "InitialCategoryOfAbuse", "initial category of abuse")
        latest = _category(check, items, "LatestCategoryOfAbuse", "latest category of abuse")
        previous_text = items.get("NumberOfPreviousCPP", "0") or "0"
        if not previous_text.isdigit():
            check.refuse(
                f"The number of previous plans (NumberOfPreviousCPP) '{previous_text}' is not a "
                "whole number."
            )
            previous_text = "0"
        reviews = []
        for text in items.get("reviews", []):
            try:
                reviews.append(datetime.date.fromisoformat(text))
            except ValueError:
                check.refuse(f"The review date (CPPreviewDate) '{text}' is not a date.")
        if start is None:
            continue
        check.not_after(start, end, "plan's start date", "plan's end date")
        check.not_after(start, reference_date, "plan's start date", "return's reference date")
        for day in reviews:
            if day <= start:
                check.refuse(
                    f"A review ({_long(day)}) is on or before the start of its plan "
                    f"({_long(start)}): the dates are out of order."
                )
            check.not_after(day, end, "review date", "plan's end date")
        plans.append(
            PlanImport(
                start=start,
                end=end,
                initial_category=initial,
                latest_category=latest,
                previous_plans=int(previous_text),
                reviews=sorted(set(reviews)),
            )
        )
    return plans


def _check_no_overlap(check: _Checker, periods, what: str) -> None:
    """Periods of one kind must not overlap: each ends on or before the next starts."""
    ordered = sorted(periods, key=lambda period: period[0])
    for (start, end), (next_start, _) in zip(ordered, ordered[1:], strict=False):
        if end is None or end > next_start:
            ends = "is still open" if end is None else f"ends on {_long(end)}"
            check.refuse(
                f"Two {what} overlap: the one from {_long(start)} {ends}, but another starts on "
                f"{_long(next_start)}."
            )


def plan_child(raw: RawChild, reference_date: datetime.date) -> ChildImport | list[str]:
    check = _Checker()
    la_child_id = raw.la_child_id
    if not la_child_id:
        return ["The child has no child ID (LAchildID), so it cannot be matched or recorded."]
    if not is_valid_local_child_id(la_child_id):
        # The rule the service holds on entry (DfE rules 1570 and 1580), so a child brought in
        # can be returned in next year's census.
        check.refuse(
            f"The child ID '{la_child_id}' is not in a format this service knows: use up to "
            f"{LOCAL_CHILD_ID_MAX_LENGTH} letters and digits, with no spaces or dashes."
        )
    items = raw.items
    upn = items.get("UPN", "").upper()
    if upn and not UPN_PATTERN.match(upn):
        check.refuse(f"'{upn}' is not a Unique Pupil Number (UPN): 13 characters, A123456789012.")
    upn_unknown = check.code(
        items, "UPNunknown", "reason there is no UPN", UpnUnknownReason.values, required=False
    )
    birth = check.date(items, "PersonBirthDate", "date of birth")
    expected = check.date(items, "ExpectedPersonBirthDate", "expected date of birth")
    if (
        birth is None
        and expected is None
        and not any("PersonBirthDate" in r for r in check.reasons)
    ):
        check.refuse("There is neither a date of birth nor an expected date of birth.")
    check.not_after(birth, reference_date, "date of birth", "return's reference date")
    sex = check.code(items, "Sex", "sex", Sex.values)
    ethnicity = check.code(items, "Ethnicity", "ethnicity", Ethnicity.values)
    for code in raw.disabilities:
        if code not in Disability.values:
            check.refuse(f"'{code}' is not a valid code for a disability (Disability).")
    if not raw.episodes:
        check.refuse("The child has no episode of need (CINdetails).")

    episodes = []
    for episode in raw.episodes:
        referral = check.date(episode.items, "CINreferralDate", "date of referral", required=True)
        check.not_after(referral, reference_date, "date of referral", "return's reference date")
        episodes.append((referral, episode))
    episodes.sort(key=lambda pair: pair[0] or datetime.date.min)
    latest = episodes[-1][1] if episodes else RawEpisode(items={})
    referral_source = check.code(
        latest.items, "ReferralSource", "referral source", ReferralSource.values, required=False
    )
    primary_need = check.code(
        latest.items, "PrimaryNeedCode", "primary need", PrimaryNeed.values, required=False
    )

    result = ChildImport(
        position=raw.position,
        la_child_id=la_child_id,
        upn=upn,
        upn_unknown=upn_unknown,
        birth_date=birth,
        expected_birth_date=None if birth else expected,
        sex=sex,
        ethnicity=ethnicity,
        disabilities=list(dict.fromkeys(raw.disabilities)),
        referral_date=episodes[-1][0] if episodes else None,
        referral_source=referral_source,
        primary_need=primary_need,
    )
    for _referral, episode in episodes:
        icpc = check.date(episode.items, "DateOfInitialCPC", "date of the initial conference")
        if icpc:
            result.initial_conference_days.append(icpc)
        for items in episode.section47s:
            start = check.date(
                items, "S47ActualStartDate", "Section 47 enquiry's start date", required=True
            )
            held = check.date(items, "DateOfInitialCPC", "date of the initial conference")
            not_required = check.yes_no(
                items, "ICPCnotRequired", "'initial conference not required'"
            )
            if start is None:
                continue
            check.not_after(start, held, "Section 47 enquiry's start date", "initial conference")
            check.not_after(
                start, reference_date, "Section 47 enquiry's start date", "return's reference date"
            )
            if held and not_required:
                check.refuse(
                    f"The Section 47 enquiry from {_long(start)} says no initial conference was "
                    f"needed, yet gives one on {_long(held)}."
                )
            result.section47s.append(S47Import(start, held, not_required))
        result.plans.extend(_plans(check, episode, reference_date))
        for items in episode.cin_plans:
            start = check.date(
                items, "CINPlanStartDate", "Child in Need plan's start date", required=True
            )
            end = check.date(items, "CINPlanEndDate", "Child in Need plan's end date")
            if start:
                check.not_after(start, end, "Child in Need plan's start date", "its end date")
                result.cin_plans.append(CinPlanImport(start, end))
        for items in episode.assessments:
            start = check.date(
                items, "AssessmentActualStartDate", "assessment's start date", required=True
            )
            authorised = check.date(
                items, "AssessmentAuthorisationDate", "assessment's authorisation date"
            )
            if start:
                check.not_after(start, authorised, "assessment's start date", "its authorisation")
                result.assessments.append(AssessmentImport(start, authorised, items["factors"]))

    _check_no_overlap(check, [(p.start, p.end) for p in result.plans], "child protection plans")
    _check_no_overlap(check, [(p.start, p.end) for p in result.cin_plans], "Child in Need plans")
    open_enquiries = [s for s in result.section47s if not s.icpc_date and not s.icpc_not_required]
    if len(open_enquiries) > 1:
        check.refuse("More than one Section 47 enquiry is still open: a child has one at a time.")
    duplicates = [day for day, n in Counter(s.start for s in result.section47s).items() if n > 1]
    for day in duplicates:
        check.refuse(f"Two Section 47 enquiries start on the same day ({_long(day)}).")
    return check.reasons or result
