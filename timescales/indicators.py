"""The performance indicators of the managers' dashboard (ADR 30), each a table with its chart.

Every number is counted by the database (one GROUP BY query per table), never by looping over
rows in Python, so a page costs the same with ten children as with ten thousand. Python only
fills in the months or categories that had nothing, and works out percentages from the counts.

The indicators are the ones the Department for Education's Children in Need census and the
inspection lists use: initial conferences held within 15 working days of the strategy discussion,
first core groups within 10 working days, reviews on time, plans by category, plans lasting two
years or more, second or subsequent plans, children on a plan now, and Quality Assurance
notifications by agency and by reason. Counts include restricted records: no name is shown.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, TruncMonth
from django.utils import timezone

from accounts.models import Team
from core.forms import GovukDateField
from plans.models import ChildProtectionPlan, PlanCategory, PlanStatus

from . import calendar
from .charts import Bar, Chart, Reference, bar_chart
from .models import Deadline, DeadlineStatus, QanKind, QualityAssuranceNotification, RuleCode

# The percentage of initial conferences held within 15 working days in England, 2025 (DfE).
NATIONAL_ICPC_PERCENT = 81.4
NATIONAL_ICPC_LABEL = "England 2025: 81.4%"
NO_DATA = "No data"
NOT_RECORDED = "Not recorded"
MET = (DeadlineStatus.MET_ON_TIME, DeadlineStatus.MET_LATE)


# --- The period and team the indicators are for --------------------------------------------------


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Period:
    """From the first day to the last day (both counted), for one team or the whole authority."""

    start: datetime.date
    end: datetime.date
    team: Team | None = None

    @classmethod
    def default(cls, today: datetime.date | None = None, team=None) -> "Period":
        """The last 12 months: from the first day of the month 11 months ago to today."""
        today = today or timezone.localdate()
        return cls(_first_of_month(calendar.add_months(today.replace(day=1), -11)), today, team)

    @property
    def start_at(self) -> datetime.datetime:
        return _start_of(self.start)

    @property
    def end_before(self) -> datetime.datetime:
        """The first moment after the period (the start of the day after its last day)."""
        return _start_of(self.end + datetime.timedelta(days=1))

    def months(self) -> list[datetime.date]:
        months, month = [], _first_of_month(self.start)
        while month <= self.end:
            months.append(month)
            month = calendar.add_months(month, 1)
        return months


class IndicatorFilterForm(forms.Form):
    """The date range and team, read from the query string. A mistake shows a GOV.UK error and
    the indicators fall back to the last 12 months for the whole authority."""

    start = GovukDateField(label="From", required=False, label_for_errors="The start date")
    end = GovukDateField(label="To", required=False, label_for_errors="The end date")
    team = forms.ModelChoiceField(
        label="Team",
        queryset=None,
        required=False,
        empty_label="All teams",
        error_messages={"invalid_choice": "Select a team from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(is_active=True).order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date must be the same as or after the start date")
        return data

    def period(self, today: datetime.date | None = None) -> Period:
        today = today or timezone.localdate()
        default = Period.default(today)
        if not self.is_valid():
            team = self.cleaned_data.get("team") if "team" not in self.errors else None
            return Period(default.start, default.end, team)
        data = self.cleaned_data
        return Period(data.get("start") or default.start, data.get("end") or today, data["team"])


# --- One indicator: its table (the numbers) and its chart (the picture of them) ------------------


@dataclass
class Indicator:
    slug: str
    title: str
    description: str
    header: list[str]
    rows: list[list]  # the first cell names the row; the rest are the numbers as shown
    chart: Chart
    notes: list[str] = field(default_factory=list)
    total_row: list | None = None

    @property
    def csv_rows(self) -> list[list]:
        return self.rows + ([self.total_row] if self.total_row else [])


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def _percent_text(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:g}%"


def _month_label(month: datetime.date) -> str:
    return f"{month:%B %Y}"


def _short_month(month: datetime.date) -> str:
    return f"{month:%b}"


def _by_month(queryset, month_field: str, **counts) -> dict[datetime.date, dict]:
    """One GROUP BY query: the counts for each month that has any, keyed by its first day."""
    rows = (
        queryset.order_by()
        .annotate(month=TruncMonth(month_field))
        .values("month")
        .annotate(**counts)
    )
    result = {}
    for row in rows:
        month = row.pop("month")
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        result[month] = row
    return result


def _monthly_rate(
    *,
    slug: str,
    title: str,
    description: str,
    period: Period,
    counts: dict,
    header: list[str],
    reference: Reference | None = None,
    notes: list[str] | None = None,
) -> Indicator:
    """Months down the side, 'how many' and 'how many of them' and the percentage across."""
    rows, bars = [], []
    all_total = all_part = 0
    for index, month in enumerate(period.months()):
        found = counts.get(month, {"total": 0, "part": 0})
        total, part = found["total"], found["part"]
        all_total, all_part = all_total + total, all_part + part
        percent = _percent(part, total)
        rows.append([_month_label(month), total, part, _percent_text(percent)])
        year = str(month.year) if index == 0 or month.month == 1 else ""
        bars.append(Bar(_short_month(month), percent, _percent_text(percent), year))
    chart = bar_chart(
        id=f"chart-{slug}",
        title=title,
        description=(
            f"{description} Bar chart of the percentage each month, "
            f"{_month_label(period.months()[0])} to {_month_label(period.months()[-1])}: "
            + "; ".join(f"{row[0]} {row[3]}" for row in rows)
            + (f". Reference line: {reference.label}." if reference else ".")
        ),
        bars=bars,
        percent=True,
        reference=reference,
    )
    return Indicator(
        slug=slug,
        title=title,
        description=description,
        header=header,
        rows=rows,
        chart=chart,
        notes=notes or [],
        total_row=["All months", all_total, all_part, _percent_text(_percent(all_part, all_total))],
    )


def _deadlines_met(rules, period: Period):
    queryset = Deadline.objects.filter(
        rule__in=rules,
        status__in=MET,
        met_at__gte=period.start_at,
        met_at__lt=period.end_before,
    )
    if period.team is not None:
        queryset = queryset.filter(team=period.team)
    return queryset


def _timeliness(rules, period: Period) -> dict:
    return _by_month(
        _deadlines_met(rules, period),
        "met_at",
        total=Count("pk"),
        part=Count("pk", filter=Q(status=DeadlineStatus.MET_ON_TIME)),
    )


def icpc_timeliness(period: Period) -> Indicator:
    return _monthly_rate(
        slug="icpc-timeliness",
        title="Initial conferences held within 15 working days",
        description=(
            "Initial child protection conferences held each month, and how many were held within "
            "15 working days of the strategy discussion that started the enquiry."
        ),
        period=period,
        counts=_timeliness([RuleCode.ICPC_DUE], period),
        header=["Month", "Held", "Within 15 working days", "Percentage"],
        reference=Reference(NATIONAL_ICPC_PERCENT, NATIONAL_ICPC_LABEL),
        notes=[
            "The national figure for England in 2025 was 81.4%.",
            "A conference held on the 16th working day or later counts as late.",
        ],
    )


def core_group_timeliness(period: Period) -> Indicator:
    return _monthly_rate(
        slug="core-group-timeliness",
        title="First core groups within 10 working days",
        description=(
            "First core group meetings held each month, and how many met within 10 working days "
            "of the conference that started the plan."
        ),
        period=period,
        counts=_timeliness([RuleCode.CG_FIRST], period),
        header=["Month", "Held", "Within 10 working days", "Percentage"],
    )


def review_timeliness(period: Period) -> Indicator:
    return _monthly_rate(
        slug="review-timeliness",
        title="Review conferences on time",
        description=(
            "Review child protection conferences held each month, and how many were held on time "
            "(the first within 3 months of the initial conference, then within 6 months)."
        ),
        period=period,
        counts=_timeliness([RuleCode.RCPC_FIRST, RuleCode.RCPC_NEXT], period),
        header=["Month", "Held", "On time", "Percentage"],
    )


def _plans(period: Period):
    queryset = ChildProtectionPlan.objects.reportable()  # never an interim plan (ADR 36)
    if period.team is not None:
        queryset = queryset.filter(child__lead_social_worker__team=period.team)
    return queryset


def _by_category(
    *, slug: str, title: str, description: str, queryset, count_header: str, count=None
) -> Indicator:
    counts = {
        row["category"]: row["number"]
        for row in queryset.order_by().values("category").annotate(number=count or Count("pk"))
    }
    rows = [[label, counts.get(code, 0)] for code, label in PlanCategory.choices]
    total = sum(row[1] for row in rows)
    chart = bar_chart(
        id=f"chart-{slug}",
        title=title,
        description=f"{description} Bar chart by category: "
        + "; ".join(f"{row[0]} {row[1]}" for row in rows)
        + ".",
        bars=[Bar(row[0], row[1], str(row[1])) for row in rows],
        orientation="rows",
    )
    return Indicator(
        slug=slug,
        title=title,
        description=description,
        header=["Category", count_header],
        rows=rows,
        chart=chart,
        total_row=["All categories", total],
    )


def plans_by_category(period: Period) -> Indicator:
    return _by_category(
        slug="plans-by-category",
        title="Plans started by category",
        description="Child protection plans that started in the period, by category of abuse.",
        queryset=_plans(period).filter(started_on__gte=period.start, started_on__lte=period.end),
        count_header="Plans started",
    )


def children_on_a_plan_now(period: Period) -> Indicator:
    """Today's picture, whatever the dates chosen (the team still applies)."""
    indicator = _by_category(
        slug="children-on-a-plan",
        title="Children on a plan now",
        description="Children subject to a child protection plan today, by category.",
        queryset=_plans(period).filter(status=PlanStatus.ACTIVE),
        count_header="Children",
        count=Count("child", distinct=True),
    )
    indicator.notes.append("This is today's figure: the dates you chose do not change it.")
    return indicator


def _yyyymmdd(field_name: str):
    """A date as the number yyyymmdd, so 'lasted two years' is a subtraction any database does."""
    return (
        ExtractYear(field_name) * Value(10000)
        + ExtractMonth(field_name) * Value(100)
        + ExtractDay(field_name)
    )


TWO_YEARS = 20000  # in yyyymmdd arithmetic: the same day and month, two years on


def lasted_two_years(started_on: datetime.date, ended_on: datetime.date) -> bool:
    """Two years or more: ended on or after the same day two years on (the query's rule)."""
    as_number = lambda d: d.year * 10000 + d.month * 100 + d.day  # noqa: E731
    return as_number(ended_on) - as_number(started_on) >= TWO_YEARS


def two_years_before(day: datetime.date) -> datetime.date:
    """The latest start date of a plan that has lasted two years on `day`."""
    try:
        return day.replace(year=day.year - 2)
    except ValueError:  # 29 February: two years earlier has no 29th
        return day.replace(year=day.year - 2, day=28)


def long_plans(period: Period) -> Indicator:
    ended = (
        _plans(period)
        .filter(ended_on__gte=period.start, ended_on__lte=period.end)
        .annotate(
            span=_yyyymmdd("ended_on") - _yyyymmdd("started_on"),
        )
    )
    counts = _by_month(
        ended,
        "ended_on",
        total=Count("pk"),
        part=Count("pk", filter=Q(span__gte=TWO_YEARS)),
    )
    indicator = _monthly_rate(
        slug="long-plans",
        title="Plans lasting 2 years or more",
        description=(
            "Child protection plans that ended each month, and how many had lasted 2 years or more."
        ),
        period=period,
        counts=counts,
        header=["Month", "Plans ended", "Lasted 2 years or more", "Percentage"],
    )
    open_long = (
        _plans(period)
        .filter(status=PlanStatus.ACTIVE, started_on__lte=two_years_before(timezone.localdate()))
        .count()
    )
    indicator.notes.append(f"Open plans that have lasted 2 years or more today: {open_long}.")
    return indicator


def subsequent_plans(period: Period) -> Indicator:
    counts = _by_month(
        _plans(period).filter(started_on__gte=period.start, started_on__lte=period.end),
        "started_on",
        total=Count("pk"),
        part=Count("pk", filter=Q(is_subsequent=True)),
    )
    return _monthly_rate(
        slug="subsequent-plans",
        title="Second or subsequent plans",
        description=(
            "Child protection plans that started each month, and how many were the child's second "
            "or later plan."
        ),
        period=period,
        counts=counts,
        header=["Month", "Plans started", "Second or subsequent", "Percentage"],
    )


def _qans(period: Period):
    queryset = QualityAssuranceNotification.objects.filter(
        raised_at__gte=period.start_at, raised_at__lt=period.end_before
    )
    if period.team is not None:
        queryset = queryset.filter(team=period.team)
    return queryset.annotate(
        agency_name=Coalesce(
            "agency__name", "team__agency__name", "responsible__agency__name", Value("")
        )
    )


def _count_rows(*, slug, title, description, header, rows) -> Indicator:
    total = sum(row[1] for row in rows)
    chart = bar_chart(
        id=f"chart-{slug}",
        title=title,
        description=f"{description} Bar chart: "
        + ("; ".join(f"{row[0]} {row[1]}" for row in rows) or "none")
        + ".",
        bars=[Bar(row[0], row[1], str(row[1])) for row in rows],
        orientation="rows",
    )
    return Indicator(
        slug=slug,
        title=title,
        description=description,
        header=header,
        rows=rows,
        chart=chart,
        total_row=["All", total],
    )


def qans_by_agency(period: Period) -> Indicator:
    grouped = (
        _qans(period)
        .order_by()
        .values("agency_name")
        .annotate(number=Count("pk"))
        .order_by("-number", "agency_name")
    )
    return _count_rows(
        slug="qans-by-agency",
        title="Quality Assurance notifications by agency",
        description="Quality Assurance notifications raised in the period, by the agency answerable.",
        header=["Agency", "Notifications"],
        rows=[[row["agency_name"] or NOT_RECORDED, row["number"]] for row in grouped],
    )


def qans_by_reason(period: Period) -> Indicator:
    labels = dict(QanKind.choices)
    grouped = (
        _qans(period)
        .order_by()
        .values("kind")
        .annotate(number=Count("pk"))
        .order_by("-number", "kind")
    )
    return _count_rows(
        slug="qans-by-reason",
        title="Quality Assurance notifications by reason",
        description="Quality Assurance notifications raised in the period, by what happened.",
        header=["Reason", "Notifications"],
        rows=[[labels.get(row["kind"], row["kind"]), row["number"]] for row in grouped],
    )


def qans_by_agency_and_reason(period: Period) -> list[list]:
    """For the download: every agency and reason pair that has any, in one query."""
    labels = dict(QanKind.choices)
    grouped = (
        _qans(period)
        .order_by()
        .values("agency_name", "kind")
        .annotate(number=Count("pk"))
        .order_by("agency_name", "kind")
    )
    return [
        [row["agency_name"] or NOT_RECORDED, labels.get(row["kind"], row["kind"]), row["number"]]
        for row in grouped
    ]


INDICATORS = {
    "icpc-timeliness": icpc_timeliness,
    "core-group-timeliness": core_group_timeliness,
    "review-timeliness": review_timeliness,
    "plans-by-category": plans_by_category,
    "long-plans": long_plans,
    "subsequent-plans": subsequent_plans,
    "children-on-a-plan": children_on_a_plan_now,
    "qans-by-agency": qans_by_agency,
    "qans-by-reason": qans_by_reason,
}


def all_indicators(period: Period) -> list[Indicator]:
    return [build(period) for build in INDICATORS.values()]
