"""The timescales dashboard and Quality Assurance notifications in a real browser: a QA manager
filters the dashboard; a service manager finds a notification in their inbox and explains it
(first with a mistake); the QA manager closes it. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.factories.timescales import breached_deadline_with_qan, open_deadline_due
from timescales.models import QanStatus, RuleCode
from timescales.navigation import register_navigation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data():
    register_navigation()
    north, south = TeamFactory(name="North Assessment"), TeamFactory(name="South Assessment")
    service_manager = UserFactory(
        roles=[RoleCode.SERVICE_MANAGER], email="sm@test.example", full_name="Sita Service"
    )
    qa = UserFactory(roles=[RoleCode.QA_MANAGER], email="qa@test.example", full_name="Quinn QA")
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Chris Chair")
    north_worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        full_name="Nia North",
        team=north,
        line_manager=service_manager,
    )
    south_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], full_name="Sol South", team=south)
    amelia = ChildFactory(legal_forename="Amelia", legal_surname="Jones")
    ben = ChildFactory(legal_forename="Ben", legal_surname="Smith")
    _, qan = breached_deadline_with_qan(
        responsible=north_worker, child=amelia, chair=chair, rule=RuleCode.ICPC_DUE
    )
    open_deadline_due(3, rule=RuleCode.CG_FIRST, child=ben, responsible=south_worker)
    return {"qan": qan, "north": north, "sm": service_manager, "qa": qa}


def test_qa_manager_views_and_filters_the_dashboard(page, data):
    sign_in(page, "qa@test.example", TEST_PASSWORD)
    page.get_by_role("link", name="Timescales dashboard").first.click()
    expect(page.get_by_role("heading", name="Timescales dashboard", level=1)).to_be_visible()
    table = page.locator("table[aria-labelledby='deadlines-heading']")
    expect(table).to_contain_text("Amelia Jones")
    expect(table).to_contain_text("Ben Smith")
    expect(table).to_contain_text("Overdue by 2 working days")
    expect(table).to_contain_text("3 working days left")
    assert_accessible(page)

    page.get_by_label("Team", exact=True).select_option(label="North Assessment")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 deadline", exact=True)).to_be_visible()
    expect(table).to_contain_text("Amelia Jones")
    expect(table).not_to_contain_text("Ben Smith")
    assert f"team={data['north'].pk}" in page.url
    assert_accessible(page)


def test_service_manager_explains_a_notification_and_qa_closes_it(page, data):
    qan = data["qan"]
    sign_in(page, "sm@test.example", TEST_PASSWORD)
    page.get_by_role("link", name="Quality Assurance notifications").first.click()
    expect(
        page.get_by_role("heading", name="Quality Assurance notifications", level=1)
    ).to_be_visible()
    expect(page.locator("table")).to_contain_text("Amelia Jones")
    assert_accessible(page)

    page.get_by_role("link", name=qan.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(qan.reference)
    expect(page.locator(".govuk-summary-list")).to_contain_text("by the scheduler")
    assert_accessible(page)

    page.get_by_role("button", name="Save explanation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an explanation of what happened")
    expect(page.locator("#id_explanation-error")).to_be_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)

    page.get_by_label("Explanation").fill("The chair was ill; a new date was booked at once.")
    page.get_by_role("button", name="Save explanation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your explanation")
    expect(page.locator(".govuk-inset-text")).to_contain_text("The chair was ill")
    expect(page.locator("table")).to_contain_text("Explanation given")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    assert_accessible(page)

    sign_in(page, "qa@test.example", TEST_PASSWORD)
    page.goto(f"/timescales/qans/{qan.pk}/")
    assert_accessible(page)
    page.get_by_label("Closing note").fill("Explanation accepted.")
    page.get_by_role("button", name="Close the notification").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You closed")
    assert_accessible(page)
    qan.refresh_from_db()
    assert qan.status == QanStatus.CLOSED
