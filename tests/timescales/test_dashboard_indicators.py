"""The performance indicators (ADR 30): each one's arithmetic, the filters, the CSV of every table,
that every chart has its table, who may see them, and a query count that is the same with 10 and
with 10,000 children."""

import csv
import datetime
import io
import itertools

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from children.models import Child
from conferences.models import Conference, ConferenceKind, ConferenceStatus
from plans.models import ChildProtectionPlan, PlanCategory, PlanStatus
from tests.auth import login
from tests.factories.accounts import AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import bulk_children
from tests.factories.timescales import bulk_deadlines, qan_for
from timescales import calendar, indicators, services
from timescales.indicators import Period
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QualityAssuranceNotification,
    RuleCode,
)

pytestmark = pytest.mark.django_db

URL = reverse("timescales:indicators")
_subjects = itertools.count(1)


def a_weekday(year: int, month: int, day: int) -> datetime.date:
    """The first working day on or after the date (tests need strategy discussions on one)."""
    d = datetime.date(year, month, day)
    while not calendar.is_working_day(d):
        d += datetime.timedelta(days=1)
    return d


def icpc_held(*, strategy_on: datetime.date, working_days_later: int, team=None):
    """An ICPC_DUE clock started on the strategy discussion's day and met by the conference held
    `working_days_later` working days on, through the timescale services."""
    subject = UserFactory()  # any saved row will do as the deadline's subject
    services.open_deadline(
        rule=RuleCode.ICPC_DUE,
        subject=subject,
        start=strategy_on,
        team=team,
    )
    held_on = calendar.add_working_days(strategy_on, working_days_later)
    return services.meet_deadline(rule=RuleCode.ICPC_DUE, subject=subject, met_on=held_on)


def _conference():
    starts_at = timezone.now() - datetime.timedelta(days=900)
    return Conference.objects.create(
        kind=ConferenceKind.INITIAL,
        status=ConferenceStatus.HELD,
        chair=UserFactory(roles=[RoleCode.CHAIR]),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        online_link="https://meet.example/icpc",
    )


def plans(rows, *, conference=None, lead=None):
    """Plans written set-based: rows of (started_on, ended_on or None, category, subsequent)."""
    conference = conference or _conference()
    children = bulk_children(len(rows))
    if lead is not None:
        Child.objects.filter(pk__in=[c.pk for c in children]).update(lead_social_worker=lead)
    return ChildProtectionPlan.objects.bulk_create(
        [
            ChildProtectionPlan(
                child=child,
                started_on=started,
                started_by_conference=conference,
                category=category,
                is_subsequent=subsequent,
                status=PlanStatus.ENDED if ended else PlanStatus.ACTIVE,
                ended_on=ended,
                end_reason="no_longer_at_risk" if ended else "",
            )
            for child, (started, ended, category, subsequent) in zip(children, rows, strict=True)
        ]
    )


def row_of(indicator, first_cell):
    return next(row for row in indicator.rows if row[0] == first_cell)


# --- The arithmetic of each indicator -----------------------------------------------------------


def test_an_icpc_on_working_day_15_is_on_time_and_on_day_16_is_late():
    strategy_on = a_weekday(2026, 3, 2)
    on_time = icpc_held(strategy_on=strategy_on, working_days_later=15)
    late = icpc_held(strategy_on=strategy_on, working_days_later=16)
    assert on_time.status == DeadlineStatus.MET_ON_TIME
    assert late.status == DeadlineStatus.MET_LATE
    assert timezone.localdate(on_time.met_at).month == timezone.localdate(late.met_at).month

    period = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    indicator = indicators.icpc_timeliness(period)
    month = f"{timezone.localdate(late.met_at):%B %Y}"
    assert row_of(indicator, month) == [month, 2, 1, "50%"]
    assert row_of(indicator, "January 2026") == ["January 2026", 0, 0, "No data"]
    assert indicator.total_row == ["All months", 2, 1, "50%"]
    # The national figure is drawn as a reference line and said in words.
    assert indicator.chart.reference["label"] == "England 2025: 81.4%"
    assert "81.4%" in " ".join(indicator.notes)
    assert "Reference line: England 2025: 81.4%" in indicator.chart.description


def test_an_icpc_not_yet_held_or_held_outside_the_dates_is_not_counted():
    strategy_on = a_weekday(2026, 3, 2)
    services.open_deadline(rule=RuleCode.ICPC_DUE, subject=UserFactory(), start=strategy_on)
    icpc_held(strategy_on=a_weekday(2025, 3, 3), working_days_later=5)
    indicator = indicators.icpc_timeliness(
        Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    )
    assert indicator.total_row == ["All months", 0, 0, "No data"]


def test_core_groups_and_reviews_count_on_time_and_late_meetings():
    team = TeamFactory()
    rows = [
        (RuleCode.CG_FIRST, DeadlineStatus.MET_ON_TIME),
        (RuleCode.CG_FIRST, DeadlineStatus.MET_LATE),
        (RuleCode.CG_FIRST, DeadlineStatus.MET_ON_TIME),
        (RuleCode.RCPC_FIRST, DeadlineStatus.MET_ON_TIME),
        (RuleCode.RCPC_NEXT, DeadlineStatus.MET_LATE),
        (RuleCode.RCPC_NEXT, DeadlineStatus.BREACHED),  # not held: not counted
        (RuleCode.RCPC_NEXT, DeadlineStatus.NOT_APPLICABLE),
    ]
    met_at = timezone.make_aware(datetime.datetime(2026, 4, 15, 11))
    for rule, status in rows:
        [deadline] = bulk_deadlines(1, team=team)
        Deadline.objects.filter(pk=deadline.pk).update(
            rule=rule,
            status=status,
            breached_at=F("due_at") if status == DeadlineStatus.BREACHED else None,
            met_at=met_at if status in indicators.MET else None,
            not_applicable_reason="Moved away" if status == DeadlineStatus.NOT_APPLICABLE else "",
        )
    period = Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
    assert indicators.core_group_timeliness(period).rows == [["April 2026", 3, 2, "66.7%"]]
    assert indicators.review_timeliness(period).rows == [["April 2026", 2, 1, "50%"]]
    # Another team's meetings are left out when a team is chosen.
    other = Period(period.start, period.end, TeamFactory())
    assert indicators.core_group_timeliness(other).rows == [["April 2026", 0, 0, "No data"]]


@pytest.mark.parametrize(
    "started, ended, long",
    [
        (datetime.date(2023, 1, 10), datetime.date(2025, 1, 11), True),  # 2 years and a day
        (datetime.date(2023, 1, 10), datetime.date(2025, 1, 10), True),  # exactly 2 years
        (datetime.date(2023, 1, 10), datetime.date(2025, 1, 9), False),  # a day short
        (datetime.date(2024, 2, 29), datetime.date(2026, 2, 28), False),
        (datetime.date(2024, 2, 29), datetime.date(2026, 3, 1), True),
    ],
)
def test_a_plan_lasting_2_years_or_more_counts_as_long(started, ended, long):
    assert indicators.lasted_two_years(started, ended) is long
    plans([(started, ended, PlanCategory.NEGLECT, False)])
    indicator = indicators.long_plans(Period(ended.replace(day=1), ended))
    assert indicator.total_row[1:3] == [1, 1 if long else 0]


def test_long_plans_counts_plans_ended_in_the_period_and_says_how_many_open_ones_are_long():
    today = timezone.localdate()
    plans(
        [
            (datetime.date(2023, 5, 2), datetime.date(2025, 6, 3), PlanCategory.NEGLECT, False),
            (datetime.date(2025, 1, 2), datetime.date(2025, 6, 20), PlanCategory.NEGLECT, False),
            (datetime.date(2025, 3, 2), datetime.date(2025, 7, 1), PlanCategory.NEGLECT, False),
            (indicators.two_years_before(today), None, PlanCategory.NEGLECT, False),
            (
                indicators.two_years_before(today) + datetime.timedelta(days=1),
                None,
                PlanCategory.NEGLECT,
                False,
            ),
        ]
    )
    indicator = indicators.long_plans(Period(datetime.date(2025, 6, 1), datetime.date(2025, 6, 30)))
    assert indicator.rows == [["June 2025", 2, 1, "50%"]]
    assert "today: 1." in indicator.notes[0]


def test_second_or_subsequent_plans_and_plans_by_category():
    plans(
        [
            (datetime.date(2026, 2, 3), None, PlanCategory.NEGLECT, True),
            (datetime.date(2026, 2, 10), None, PlanCategory.NEGLECT, False),
            (datetime.date(2026, 2, 11), None, PlanCategory.EMOTIONAL_ABUSE, False),
            (datetime.date(2026, 3, 11), None, PlanCategory.SEXUAL_ABUSE, True),
            (datetime.date(2025, 3, 11), datetime.date(2026, 1, 5), PlanCategory.NEGLECT, False),
        ]
    )
    period = Period(datetime.date(2026, 2, 1), datetime.date(2026, 3, 31))
    subsequent = indicators.subsequent_plans(period)
    assert subsequent.rows == [
        ["February 2026", 3, 1, "33.3%"],
        ["March 2026", 1, 1, "100%"],
    ]
    by_category = indicators.plans_by_category(period)
    assert by_category.rows == [
        ["Neglect", 2],
        ["Physical abuse", 0],
        ["Sexual abuse", 1],
        ["Emotional abuse", 1],
    ]
    assert by_category.total_row == ["All categories", 4]
    # On a plan now: the four active plans, whatever the dates chosen.
    now = indicators.children_on_a_plan_now(
        Period(datetime.date(2020, 1, 1), datetime.date(2020, 1, 31))
    )
    assert now.total_row == ["All categories", 4]
    assert row_of(now, "Neglect") == ["Neglect", 2]


def test_plans_are_counted_for_the_team_of_the_childs_lead_social_worker():
    north, south = TeamFactory(), TeamFactory()
    plans(
        [(datetime.date(2026, 2, 3), None, PlanCategory.NEGLECT, False)] * 2,
        lead=UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=north),
    )
    plans(
        [(datetime.date(2026, 2, 3), None, PlanCategory.NEGLECT, False)],
        lead=UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=south),
    )
    period = Period(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28), north)
    assert indicators.plans_by_category(period).total_row == ["All categories", 2]
    assert indicators.children_on_a_plan_now(period).total_row == ["All categories", 2]


def test_qans_by_agency_and_by_reason():
    police = AgencyFactory(name="Constabulary")
    council = AgencyFactory(name="County Council")
    team = TeamFactory(agency=council)
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team)
    qan_for(responsible=worker, kind=QanKind.POSTPONED)
    qan_for(responsible=worker, kind=QanKind.POSTPONED)
    qan_for(responsible=worker, kind=QanKind.REPORT_NOT_SUBMITTED, agency=police)
    # Outside the dates: not counted.
    old = qan_for(responsible=worker, kind=QanKind.CANCELLED)
    QualityAssuranceNotification.objects.filter(pk=old.pk).update(
        raised_at=timezone.now() - datetime.timedelta(days=800)
    )
    period = Period.default()
    by_agency = indicators.qans_by_agency(period)
    assert by_agency.rows == [["County Council", 2], ["Constabulary", 1]]
    by_reason = indicators.qans_by_reason(period)
    assert by_reason.rows == [["Conference postponed", 2], ["Report not submitted", 1]]
    assert by_reason.total_row == ["All", 3]
    assert sorted(indicators.qans_by_agency_and_reason(period)) == [
        ["Constabulary", "Report not submitted", 1],
        ["County Council", "Conference postponed", 2],
    ]


def test_the_default_period_is_the_last_12_months():
    period = Period.default(datetime.date(2026, 11, 23))
    assert period.start == datetime.date(2025, 12, 1)
    assert period.end == datetime.date(2026, 11, 23)
    assert len(period.months()) == 12


# --- The page, its filters and its downloads ---------------------------------------------------


@pytest.fixture
def qa(client, make_user):
    user = make_user(RoleCode.QA_MANAGER)
    login(client, user)
    return user


def test_every_chart_has_its_table_and_a_download(client, qa):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    shown = response.context["indicators"]
    assert [i.slug for i in shown] == list(indicators.INDICATORS)
    for indicator in shown:
        assert html.count(f'id="{indicator.chart.id}-title"') == 1
        assert f'id="{indicator.slug}-table"' in html
        assert reverse("timescales:indicator-csv", args=[indicator.slug]) in html
    assert html.count('role="img"') == len(shown)
    assert html.count("<svg") == html.count("<table")


@pytest.mark.parametrize("slug", [*indicators.INDICATORS, "qans-by-agency-and-reason"])
def test_every_table_downloads_as_csv_with_the_same_numbers(client, qa, slug):
    plans([(timezone.localdate(), None, PlanCategory.PHYSICAL_ABUSE, True)])
    response = client.get(reverse("timescales:indicator-csv", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    if slug == "qans-by-agency-and-reason":
        assert rows == [["Agency", "Reason", "Notifications"]]
        return
    indicator = indicators.INDICATORS[slug](Period.default())
    assert rows[0] == indicator.header
    assert rows[1:] == [[str(cell) for cell in row] for row in indicator.csv_rows]


def test_the_dates_and_team_filter_the_page_and_the_download(client, qa):
    north = TeamFactory(name="North")
    plans(
        [(datetime.date(2026, 2, 3), None, PlanCategory.NEGLECT, False)],
        lead=UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=north),
    )
    plans([(datetime.date(2026, 2, 3), None, PlanCategory.NEGLECT, False)])
    query = {
        "start_day": "1",
        "start_month": "2",
        "start_year": "2026",
        "end_day": "28",
        "end_month": "2",
        "end_year": "2026",
        "team": north.pk,
    }
    response = client.get(URL, query)
    period = response.context["period"]
    assert (period.start, period.end, period.team) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 28),
        north,
    )
    by_category = next(i for i in response.context["indicators"] if i.slug == "plans-by-category")
    assert by_category.total_row == ["All categories", 1]
    download = client.get(reverse("timescales:indicator-csv", args=["plans-by-category"]), query)
    assert download.content.decode("utf-8-sig").splitlines()[-1] == "All categories,1"


def test_an_end_before_the_start_is_an_error_and_the_last_12_months_are_shown(client, qa):
    response = client.get(
        URL,
        {
            "start_day": "1",
            "start_month": "5",
            "start_year": "2026",
            "end_day": "1",
            "end_month": "4",
            "end_year": "2026",
        },
    )
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in response.content.decode()
    assert response.context["period"].start == Period.default().start


def test_an_unknown_indicator_download_is_not_found(client, qa):
    assert client.get(reverse("timescales:indicator-csv", args=["nonsense"])).status_code == 404


@pytest.mark.parametrize(
    "role", [RoleCode.SOCIAL_WORKER, RoleCode.CHAIR, RoleCode.AGENCY_PROFESSIONAL]
)
def test_only_managers_see_the_indicators(client, make_user, role):
    login(client, make_user(role))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("timescales:indicator-csv", args=["long-plans"])).status_code == 403


# --- Query count: the same with 10 and with 10,000 children ----------------------------------------


def _authority(children: int):
    """`children` children, a quarter of them on plans (some ended, some long), met deadlines
    and QANs to match, all written set-based."""
    today = timezone.localdate()
    conference = _conference()
    team = TeamFactory()
    lead = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team)
    existing = Child.objects.count()
    made = bulk_children(children - existing)
    Child.objects.filter(pk__in=[c.pk for c in made]).update(lead_social_worker=lead)
    categories = list(PlanCategory.values)

    def started(i):
        return today - datetime.timedelta(days=(i * 7) % 1000)

    def ended(i):
        if i % 3:
            return None
        return min(today, started(i) + datetime.timedelta(days=30 + (i % 2) * 700))

    ChildProtectionPlan.objects.bulk_create(
        [
            ChildProtectionPlan(
                child=child,
                started_on=started(i),
                started_by_conference=conference,
                category=categories[i % 4],
                is_subsequent=i % 5 == 0,
                status=PlanStatus.ENDED if ended(i) else PlanStatus.ACTIVE,
                ended_on=ended(i),
                end_reason="no_longer_at_risk" if ended(i) else "",
            )
            for i, child in enumerate(made[: len(made) // 4])
        ],
        batch_size=1000,
    )
    deadlines = bulk_deadlines(len(made) // 4, team=team)
    met_at = timezone.now() - datetime.timedelta(days=40)
    Deadline.objects.filter(pk__in=[d.pk for d in deadlines]).update(
        status=DeadlineStatus.MET_ON_TIME, met_at=met_at
    )
    QualityAssuranceNotification.objects.bulk_create(
        [
            QualityAssuranceNotification(
                kind=list(QanKind.values)[i % len(QanKind.values)],
                team=team,
                raised_at=met_at,
                description="Bulk",
            )
            for i in range(len(made) // 10)
        ]
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_indicators_page_reads_the_same_queries_for_10_and_10000_children(client, qa):
    _authority(10)
    client.get(URL)  # warm the per-process caches
    small = _queries(client, URL)
    _authority(10_000)
    assert Child.objects.count() == 10_000
    large = _queries(client, URL)
    assert large == small
    assert small < 30
