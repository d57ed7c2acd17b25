"""Issue 22 item 4 in a real browser, axe on every page: from the child's page the social worker
opens the Child in Need plan, adds a core group member and an action, records a review (the next
review is due at the authority's interval), marks the action done and ends the plan."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from plans import services
from plans.models import PlanStatus
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from timescales import calendar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cin_plan():
    team = TeamFactory()
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        full_name="Sam Social",
        email="sw@test.example",
    )
    today = timezone.localdate()
    child = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=today.replace(year=today.year - 9, day=1),
        lead_social_worker=worker,
    )
    return services.start_child_in_need_plan(child=child, started_on=today, by=worker)


def _fill_date(scope, day: datetime.date):
    scope.get_by_label("Day", exact=True).fill(str(day.day))
    scope.get_by_label("Month", exact=True).fill(str(day.month))
    scope.get_by_label("Year", exact=True).fill(str(day.year))


def _on_form(page, link):
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(link)
    assert_no_axe_violations(page)


def _saved(page, message):
    expect(page.locator(".govuk-notification-banner")).to_contain_text(message)
    assert_no_axe_violations(page)


def test_a_child_in_need_plan_from_core_group_to_review_and_ending(page, cin_plan):
    today = timezone.localdate()
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/children/{cin_plan.child_id}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Child in Need plan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child in Need plan")
    assert_no_axe_violations(page)

    _on_form(page, "Add someone to the core group")
    page.get_by_role("button", name="Save").click()  # nothing typed: the fields' errors
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the member's name")
    assert_no_axe_violations(page)
    page.get_by_label("Name", exact=True).fill("Hannah Visitor")
    page.get_by_label("Role or agency").fill("Health visitor")
    page.get_by_role("button", name="Save").click()
    _saved(page, "Hannah Visitor is in the core group")

    _on_form(page, "Add an action")
    page.get_by_label("What needs to happen").fill("Find a nursery place for Amelia")
    page.get_by_label("Who does it").fill("Sam Social")
    _fill_date(page, today + datetime.timedelta(days=10))
    page.get_by_role("button", name="Save").click()
    _saved(page, "The action is added")

    _on_form(page, "Record a review")
    _fill_date(page, today)
    page.get_by_label("What the review found").fill(
        "The nursery place is agreed; Sarah is on the course."
    )
    page.get_by_role("button", name="Save").click()
    next_due = calendar.add_months(today, 3)
    _saved(page, f"The next review is due by {next_due:%-d %B %Y}")
    expect(page.locator("#reviews")).to_be_visible()
    expect(page.get_by_text("The nursery place is agreed")).to_be_visible()

    page.get_by_role("link", name="Mark done").click()
    assert_no_axe_violations(page)
    _fill_date(page, today)
    page.get_by_role("button", name="Save").click()
    _saved(page, "The action is marked done")

    page.get_by_role("link", name="End the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("End the Child in Need plan")
    assert_no_axe_violations(page)
    page.get_by_label("The child's needs are met").check()
    _fill_date(page, today)
    page.get_by_role("button", name="End the plan").click()
    _saved(page, "The Child in Need plan has ended")
    expect(page.locator("#ending")).to_contain_text("the child's needs are met")
    cin_plan.refresh_from_db()
    assert cin_plan.status == PlanStatus.ENDED
