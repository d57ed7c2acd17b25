"""Ofsted's Annex A lists for an inspection of children's services: List 5 (Section 47 enquiries
and initial child protection conferences) and List 7 (child protection plans), as .xlsx in
Ofsted's template (returns.annex_a_template: its headings, order, codes and date cells, with what
the service knows beyond it on a separate sheet) and as .csv of the template's sheet. Every text
cell goes through core.csv.safe_cell, so a name starting with '=' is text in both formats, never a
formula.

Both lists cover the months before the chosen date (6 by default, as Annex A asks); each is a
fixed number of queries whatever the size of the authority.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.utils import timezone

from children.models import EMERGENCY_BASES, LookedAfterPeriod, S47Enquiry, S47Outcome
from conferences.models import ConferenceChild, ConferenceStatus
from core.csv import csv_response
from coreGroups.models import Visit
from plans.models import ChildProtectionPlan, PlanCategory, PlanCategoryChange
from timescales import calendar

from . import annex_a_template as template
from .annex_a_template import LIST_5_HEADER, LIST_7_HEADER
from .census import (
    INITIAL_KINDS,
    REVIEW_KINDS,
    conference_day,
    la_child_id,
    reconvened_at_subquery,
)

DEFAULT_MONTHS = 6
EMERGENCY_MONTHS = 6  # the template's column asks about the last six months, whatever the list's
COUNTED_MONTHS = 12  # list 5's counts of enquiries and conferences are over the last 12 months
LIST_5_EXTRA_HEADER = [
    "Child Unique ID",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Outcome of the Section 47 enquiry",
    "Working days from Section 47 start to initial conference",
    "Unborn child (the date of birth is the expected date of delivery)",
]
LIST_7_EXTRA_HEADER = [
    "Child Unique ID",
    "Child Protection Plan Start Date",
    "Unborn child (the date of birth is the expected date of delivery)",
]


@dataclass
class AnnexList:
    number: int
    title: str
    header: list[str]
    rows: list[list]
    extra_header: list[str] = field(default_factory=list)
    extra_rows: list[list] = field(default_factory=list)

    @property
    def filename_stem(self) -> str:
        return f"annex-a-list-{self.number}"


def period(on: datetime.date, months: int = DEFAULT_MONTHS) -> tuple[datetime.date, datetime.date]:
    return calendar.add_months(on, -months), on


def _common(child, on) -> list:
    """Child Unique ID to 'Does the Child have a Disability', in the template's codes."""
    return [
        la_child_id(child),
        template.GENDER.get(child.sex, template.GENDER["U"]),
        template.ETHNICITY.get(child.ethnicity, template.ETHNICITY["NOBT"]),
        child.expected_date_of_delivery if child.is_unborn else child.date_of_birth,
        None if child.is_unborn else child.age_in_years(on),
        template.disability(child.disabilities),
    ]


def _allocated(child) -> list:
    worker = child.lead_social_worker
    return [
        worker.team.name if worker and worker.team_id else "",
        worker.full_name if worker else "",
    ]


def _unborn(child) -> str:
    return template.YES if child.is_unborn else template.NO


def _counts_in_last_12_months(child_ids, end: datetime.date) -> tuple[Counter, Counter]:
    """Per child, the Section 47 enquiries started and the initial conferences held in the 12
    months to the list's date (two queries)."""
    since = calendar.add_months(end, -COUNTED_MONTHS)
    enquiries = Counter(
        dict(
            S47Enquiry.objects.filter(
                child_id__in=child_ids, started_on__gt=since, started_on__lte=end
            )
            .values("child_id")
            .annotate(count=Count("pk"))
            .values_list("child_id", "count")
        )
    )
    conferences = Counter()
    for link in (
        ConferenceChild.objects.filter(
            child_id__in=child_ids,
            conference__status=ConferenceStatus.HELD,
            conference__kind__in=INITIAL_KINDS,
            conference__starts_at__isnull=False,
        )
        .select_related("conference")
        .annotate(reconvened_at=reconvened_at_subquery())
    ):
        if since < conference_day(link.conference, link.reconvened_at) <= end:
            conferences[link.child_id] += 1
    return enquiries, conferences


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
    enquiry_counts, conference_counts = _counts_in_last_12_months(
        {enquiry.child_id for enquiry in enquiries}, end
    )
    rows, extra_rows = [], []
    for enquiry in enquiries:
        child = enquiry.child
        held = icpc.get(enquiry.pk)
        day = held[2] if held and held[2] and held[2] <= end else None
        unnecessary = {S47Outcome.CONFERENCE_NEEDED: False, S47Outcome.NO_CONFERENCE: True}.get(
            enquiry.outcome
        )
        rows.append(
            _common(child, end)
            + [
                enquiry.started_on,
                template.yes_no(unnecessary),
                day,
                template.yes_no((held[0], enquiry.child_id) in plans_started) if day else "",
                enquiry_counts[child.pk],
                conference_counts[child.pk],
            ]
            + _allocated(child)
        )
        extra_rows.append(
            [
                la_child_id(child),
                enquiry.started_on,
                enquiry.get_outcome_display() if enquiry.outcome else "Ongoing",
                calendar.working_days_between(enquiry.started_on, day) if day else None,
                _unborn(child),
            ]
        )
    return AnnexList(
        5,
        "List 5",
        LIST_5_HEADER,
        rows,
        LIST_5_EXTRA_HEADER,
        extra_rows,
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
    # protection at any time in the six months to the list's date, as the template's column asks.
    emergency_since = calendar.add_months(end, -EMERGENCY_MONTHS)
    emergency = set(
        LookedAfterPeriod.objects.filter(
            child_id__in=child_ids, legal_basis__in=EMERGENCY_BASES, started_on__lte=end
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=emergency_since))
        .values_list("child_id", flat=True)
    )
    rows, extra_rows = [], []
    for plan in plans:
        child = plan.child
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
            _common(child, end)
            + [
                plan.started_on,
                template.CATEGORY_OF_ABUSE[PlanCategory(changes[0]).dfe_code],
                template.CATEGORY_OF_ABUSE[PlanCategory(changes[-1]).dfe_code],
                visit_day,
                template.yes_no(visit.seen_alone) if visit else "",
                max(plan_reviews) if plan_reviews else None,
                ended,
                template.yes_no(plan.child_id in emergency),
                previous,
            ]
            + _allocated(child)
        )
        extra_rows.append([la_child_id(child), plan.started_on, _unborn(child)])
    return AnnexList(7, "List 7", LIST_7_HEADER, rows, LIST_7_EXTRA_HEADER, extra_rows)


LISTS = {5: list_5, 7: list_7}


def as_csv(annex: AnnexList, on: datetime.date) -> HttpResponse:
    """The template's sheet (the separate sheet is in the .xlsx only), dates as dd/mm/yyyy."""
    return csv_response(
        f"{annex.filename_stem}-{on.isoformat()}.csv",
        annex.header,
        ([template.csv_cell(cell) for cell in row] for row in annex.rows),
    )


def xlsx_bytes(annex: AnnexList) -> bytes:
    return template.workbook_bytes(
        annex.title, annex.header, annex.rows, annex.extra_header, annex.extra_rows
    )


def as_xlsx(annex: AnnexList, on: datetime.date) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(annex),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{annex.filename_stem}-{on.isoformat()}.xlsx"'
    )
    return response
