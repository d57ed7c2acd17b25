"""Ofsted's Annex A lists for an inspection of children's services: List 5 (Section 47 enquiries
and initial child protection conferences) and List 7 (child protection plans), as .csv and .xlsx
from the same rows. Every cell goes through core.csv.safe_cell, so a name starting with '=' is
text in both formats, never a formula.

Both lists cover the months before the chosen date (6 by default, as Annex A asks); each is a
fixed number of queries whatever the size of the authority.
"""

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Q
from django.http import HttpResponse
from django.utils import timezone

from children.models import EMERGENCY_BASES, LookedAfterPeriod, S47Enquiry, S47Outcome
from conferences.models import ConferenceChild, ConferenceStatus
from core.csv import csv_response, safe_cell
from coreGroups.models import Visit
from plans.models import ChildProtectionPlan, PlanCategory, PlanCategoryChange
from timescales import calendar

from .census import (
    INITIAL_KINDS,
    REVIEW_KINDS,
    conference_day,
    la_child_id,
    reconvened_at_subquery,
)

DEFAULT_MONTHS = 6
COMMON = [
    "Child unique ID",
    "Gender",
    "Ethnicity",
    "Date of birth",
    "Age of child (years)",
    "Disability",
    "Allocated team",
    "Allocated worker",
]
LIST_5_HEADER = COMMON + [
    "Strategy discussion initiating Section 47 enquiry start date",
    "Outcome of the Section 47 enquiry",
    "Was an initial child protection conference required?",
    "Date of initial child protection conference",
    "Working days from Section 47 start to initial conference",
    "Did the initial conference result in a child protection plan?",
]
LIST_7_HEADER = COMMON + [
    "Child protection plan start date",
    "Initial category of abuse",
    "Latest category of abuse",
    "Date of the last review conference",
    "Date the plan ceased",
    "Number of previous child protection plans",
    "Date of the last statutory visit",
    "Was the child seen alone at the last visit?",
    "Emergency protection order or police protection in the last 6 months",
]


@dataclass
class AnnexList:
    number: int
    title: str
    header: list[str]
    rows: list[list]

    @property
    def filename_stem(self) -> str:
        return f"annex-a-list-{self.number}"


def period(on: datetime.date, months: int = DEFAULT_MONTHS) -> tuple[datetime.date, datetime.date]:
    return calendar.add_months(on, -months), on


def _d(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _common(child, on) -> list:
    worker = child.lead_social_worker
    disabilities = [code for code in (child.disabilities or []) if code != "NONE"]
    age = child.age_in_years(on)
    return [
        la_child_id(child),
        child.get_sex_display(),
        child.ethnicity,
        _d(child.date_of_birth if not child.is_unborn else child.expected_date_of_delivery),
        "Unborn" if child.is_unborn else age,
        "Yes" if disabilities else "No",
        worker.team.name if worker and worker.team_id else "",
        worker.full_name if worker else "",
    ]


def list_5(on: datetime.date, months: int = DEFAULT_MONTHS) -> AnnexList:
    start, end = period(on, months)
    enquiries = list(
        S47Enquiry.objects.filter(started_on__gte=start, started_on__lte=end)
        .select_related("child", "child__lead_social_worker", "child__lead_social_worker__team")
        .order_by("started_on", "pk")
    )
    links = (
        ConferenceChild.objects.filter(
            enquiry__in=[enquiry.pk for enquiry in enquiries],
            conference__status=ConferenceStatus.HELD,
            conference__kind__in=INITIAL_KINDS,
        )
        .select_related("conference")
        .annotate(reconvened_at=reconvened_at_subquery())
        .order_by("conference__starts_at")
    )
    icpc = {}
    for link in links:
        held_on = (
            conference_day(link.conference, link.reconvened_at)
            if link.conference.starts_at
            else None
        )
        icpc.setdefault(link.enquiry_id, (link.conference_id, link.child_id, held_on))
    plans_started = set(
        ChildProtectionPlan.objects.reportable()
        .filter(started_by_conference_id__in=[value[0] for value in icpc.values()])
        .values_list("started_by_conference_id", "child_id")
    )
    rows = []
    for enquiry in enquiries:
        held = icpc.get(enquiry.pk)
        day = held[2] if held and held[2] and held[2] <= end else None
        outcome = enquiry.get_outcome_display() if enquiry.outcome else "Ongoing"
        required = {
            S47Outcome.CONFERENCE_NEEDED: "Yes",
            S47Outcome.NO_CONFERENCE: "No",
        }.get(enquiry.outcome, "Not decided yet")
        rows.append(
            _common(enquiry.child, end)
            + [
                _d(enquiry.started_on),
                outcome,
                required,
                _d(day),
                calendar.working_days_between(enquiry.started_on, day) if day else "",
                ("Yes" if (held[0], enquiry.child_id) in plans_started else "No") if day else "",
            ]
        )
    return AnnexList(
        5,
        "List 5: Section 47 enquiries and initial child protection conferences",
        LIST_5_HEADER,
        rows,
    )


def list_7(on: datetime.date, months: int = DEFAULT_MONTHS) -> AnnexList:
    start, end = period(on, months)
    plans = list(
        ChildProtectionPlan.objects.reportable()  # never an interim plan (ADR 36)
        .filter(Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start)))
        .select_related("child", "child__lead_social_worker", "child__lead_social_worker__team")
        .order_by("started_on", "pk")
    )
    plan_ids = [plan.pk for plan in plans]
    child_ids = {plan.child_id for plan in plans}
    categories = defaultdict(list)
    for change in PlanCategoryChange.objects.filter(
        plan_id__in=plan_ids, changed_on__lte=end
    ).order_by("changed_on", "pk"):
        categories[change.plan_id].append(change.to_category)
    earlier = defaultdict(list)
    for child_id, started_on in (
        ChildProtectionPlan.objects.reportable()
        .filter(child_id__in=child_ids, started_on__lte=end)
        .values_list("child_id", "started_on")
    ):
        earlier[child_id].append(started_on)
    reviews = defaultdict(list)
    for child_id, starts_at in ConferenceChild.objects.filter(
        child_id__in=child_ids,
        conference__status=ConferenceStatus.HELD,
        conference__kind__in=REVIEW_KINDS,
        conference__starts_at__isnull=False,
    ).values_list("child_id", "conference__starts_at"):
        reviews[child_id].append(timezone.localdate(starts_at))
    last_visit_on = dict(
        Visit.objects.filter(plan_id__in=plan_ids, visited_on__lte=end)
        .values("plan_id")
        .annotate(last=Max("visited_on"))
        .values_list("plan_id", "last")
    )
    seen_alone = {
        (visit.plan_id, visit.visited_on): visit
        for visit in Visit.objects.filter(plan_id__in=plan_ids, visited_on__lte=end).order_by("pk")
        if last_visit_on.get(visit.plan_id) == visit.visited_on
    }
    # From the child's looked-after periods (issue 22): an emergency protection order or police
    # protection at any time in the list's period.
    emergency = set(
        LookedAfterPeriod.objects.filter(
            child_id__in=child_ids, legal_basis__in=EMERGENCY_BASES, started_on__lte=end
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values_list("child_id", flat=True)
    )
    rows = []
    for plan in plans:
        changes = categories[plan.pk] or [plan.category]
        ended = plan.ended_on if plan.ended_on and plan.ended_on <= end else None
        last_day = ended or end
        plan_reviews = [day for day in reviews[plan.child_id] if plan.started_on < day <= last_day]
        previous = sum(1 for day in earlier[plan.child_id] if day < plan.started_on)
        if plan.is_subsequent and not previous:
            previous = 1
        visit_day = last_visit_on.get(plan.pk)
        visit = seen_alone.get((plan.pk, visit_day))
        rows.append(
            _common(plan.child, end)
            + [
                _d(plan.started_on),
                PlanCategory(changes[0]).label,
                PlanCategory(changes[-1]).label,
                _d(max(plan_reviews)) if plan_reviews else "",
                _d(ended),
                previous,
                _d(visit_day),
                ("Yes" if visit.seen_alone else "No") if visit else "",
                "Yes" if plan.child_id in emergency else "No",
            ]
        )
    return AnnexList(7, "List 7: Child protection plans", LIST_7_HEADER, rows)


LISTS = {5: list_5, 7: list_7}


def as_csv(annex: AnnexList, on: datetime.date) -> HttpResponse:
    return csv_response(f"{annex.filename_stem}-{on.isoformat()}.csv", annex.header, annex.rows)


def xlsx_bytes(annex: AnnexList) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"List {annex.number}"
    sheet.append([safe_cell(cell) for cell in annex.header])
    for row in annex.rows:
        # Numbers stay numbers; every text cell is neutralised and stored as text.
        sheet.append([cell if isinstance(cell, int) else safe_cell(cell) for cell in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def as_xlsx(annex: AnnexList, on: datetime.date) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(annex),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{annex.filename_stem}-{on.isoformat()}.xlsx"'
    )
    return response
