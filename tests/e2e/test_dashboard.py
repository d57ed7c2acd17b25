"""The managers' dashboard in a real browser (ADR 30): overdue and due-soon deadlines by team,
person, chair and agency, then the performance indicators, each chart an image with a title and
a description beside the table of its numbers, filtered by dates and team. Checked with axe."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from plans.models import PlanCategory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.factories.timescales import breached_deadline_with_qan, open_deadline_due
from tests.timescales.test_dashboard_indicators import icpc_held, plans
from timescales import indicators
from timescales.models import RuleCode
from timescales.navigation import register_navigation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def qa():
    register_navigation()
    north = TeamFactory(name="North Assessment")
    qa = UserFactory(roles=[RoleCode.QA_MANAGER], email="qa@test.example")
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], full_name="Nia North", team=north)
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Chris Chair")
    breached_deadline_with_qan(
        responsible=worker, child=ChildFactory(), chair=chair, rule=RuleCode.ICPC_DUE
    )
    open_deadline_due(2, rule=RuleCode.CG_FIRST, child=ChildFactory(), responsible=worker)
    period = indicators.Period.default()
    start = period.months()[-2]
    icpc_held(strategy_on=start + datetime.timedelta(days=1), working_days_later=10, team=north)
    icpc_held(strategy_on=start + datetime.timedelta(days=1), working_days_later=16, team=north)
    plans(
        [(start, None, PlanCategory.NEGLECT, False), (start, None, PlanCategory.NEGLECT, True)],
        lead=worker,
    )
    return qa


def test_the_dashboard_shows_deadlines_by_team_person_chair_and_agency(page, qa):
    sign_in(page, "qa@test.example", TEST_PASSWORD)
    page.get_by_role("link", name="Timescales dashboard").first.click()
    for caption in ("By team", "By person responsible", "By chair", "By agency"):
        expect(page.locator("caption", has_text=caption)).to_be_visible()
    expect(page.locator("#by-team")).to_contain_text("North Assessment")
    expect(page.locator("#by-worker")).to_contain_text("Nia North")
    expect(page.locator("#by-chair")).to_contain_text("Chris Chair")
    assert_accessible(page)

    # People are found by typing part of a name, not by scrolling a list of every worker.
    page.get_by_label("Chair", exact=True).fill("chris")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_label("Chair", exact=True)).to_have_value("chris")
    expect(page.locator("#by-chair tbody tr")).to_have_count(1)
    expect(page.locator("#by-chair")).to_contain_text("Chris Chair")
    assert_accessible(page)
    page.get_by_label("Person responsible", exact=True).fill("x" * 101)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a name of 100 characters or fewer"
    )
    assert_accessible(page)


def test_the_indicators_are_charts_with_their_tables_and_filter_by_team(page, qa):
    sign_in(page, "qa@test.example", TEST_PASSWORD)
    page.goto("/timescales/dashboard/")
    assert_accessible(page)
    page.get_by_role("link", name="Performance indicators").click()
    expect(page.get_by_role("heading", name="Performance indicators", level=1)).to_be_visible()
    charts = page.get_by_role("img")
    expect(charts).to_have_count(len(indicators.INDICATORS))
    expect(page.locator("table")).to_have_count(len(indicators.INDICATORS))
    icpc = page.locator("#icpc-timeliness")
    expect(
        icpc.get_by_role("img", name="Initial conferences held within 15 working days")
    ).to_be_visible()
    expect(icpc.locator("table")).to_contain_text("50%")
    expect(icpc).to_contain_text("81.4%")
    assert_accessible(page)

    page.get_by_label("Team", exact=True).select_option(label="North Assessment")
    page.get_by_role("button", name="Show indicators").click()
    expect(page.locator("main")).to_contain_text("North Assessment")
    expect(page.locator("#plans-by-category table")).to_contain_text("2")
    with page.expect_download() as download:
        page.locator("#subsequent-plans").get_by_role("link", name="Download this table").click()
    assert download.value.suggested_filename.startswith("subsequent-plans-")
    assert_accessible(page)


def test_a_mistake_in_the_dates_shows_the_error_summary(page, qa):
    sign_in(page, "qa@test.example", TEST_PASSWORD)
    page.goto("/timescales/dashboard/indicators/?start_day=31&start_month=2&start_year=2026")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The start date must be a real date")
    expect(page.get_by_role("img")).to_have_count(len(indicators.INDICATORS))
    assert_accessible(page)
