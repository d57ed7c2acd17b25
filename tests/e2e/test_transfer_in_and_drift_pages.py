"""The transfer-in page (from the child's page) and the team manager's drift review (from their work
list and the plan page, raised when the third review is scheduled: issue 17) in a real browser,
errors first. Every page is checked with axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences import services as conference_services
from conferences.models import Conference, ConferenceStatus
from plans import services
from plans.models import DriftFlag, TransferIn
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import send_request, started_conference
from tests.factories.plans import plan_from, review_conference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team():
    team = TeamFactory()
    manager = UserFactory(
        roles=[RoleCode.TEAM_MANAGER],
        team=team,
        agency=team.agency,
        full_name="Tina Manager",
        email="tm@test.example",
    )
    team.manager = manager
    team.save()
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        line_manager=manager,
        email="sw@test.example",
    )
    return {"manager": manager, "worker": worker}


def _fill_date(page, prefix, day):
    date_input = page.locator(f"#id_{prefix}")
    date_input.get_by_label("Day").fill(str(day.day))
    date_input.get_by_label("Month").fill(str(day.month))
    date_input.get_by_label("Year").fill(str(day.year))


def test_the_social_worker_records_a_child_who_moved_in_on_a_plan(page, team):
    child = ChildFactory(
        legal_forename="Noah", legal_surname="Patel", lead_social_worker=team["worker"]
    )
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/children/{child.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Noah Patel")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Record a move in on another authority's plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record a move in on another authority's plan"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Local authority the child moved from").fill("Somerset Council")
    page.get_by_role("button", name="Record the transfer-in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date the child moved in"
    )
    expect(page.get_by_label("Local authority the child moved from")).to_have_value(
        "Somerset Council"
    )
    assert_no_axe_violations(page)
    today = timezone.localdate()
    _fill_date(page, "previous_plan_started_on", today - datetime.timedelta(days=120))
    page.get_by_label("Physical abuse").check()
    _fill_date(page, "moved_in_on", today - datetime.timedelta(days=2))
    _fill_date(page, "notified_on", today - datetime.timedelta(days=1))
    page.get_by_role("button", name="Record the transfer-in").click()
    expect(page.get_by_text("The transfer-in is recorded")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Moved in on another authority's plan"
    )
    expect(page.get_by_text("Not arranged yet")).to_be_visible()
    assert_no_axe_violations(page)
    transfer = TransferIn.objects.get(child=child)
    assert transfer.previous_authority == "Somerset Council"

    # The coordinator arranges the transfer-in conference: a chair first, then the booking.
    UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair")
    UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="cc@test.example")
    page.context.clear_cookies()
    sign_in(page, "cc@test.example", TEST_PASSWORD)
    page.goto(f"/plans/transfer-in/{transfer.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Moved in on another authority's plan"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Allocate the chair").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select an independent chair")
    assert_no_axe_violations(page)
    page.get_by_label("Independent chair").select_option(label="Carol Chair")
    page.get_by_role("button", name="Allocate the chair").click()
    expect(page.get_by_text("book the transfer-in conference")).to_be_visible()
    assert page.url.endswith("/book/")
    assert_no_axe_violations(page)


def test_the_team_manager_reviews_a_plan_flagged_for_drift(page, team):
    worker = team["worker"]
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    chair = UserFactory(roles=[RoleCode.CHAIR])
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    conference = started_conference(request=request, coordinator=coordinator, chair=chair)
    plan = plan_from(conference=conference, child=child)
    for n in range(2):
        review_chair = UserFactory(roles=[RoleCode.CHAIR])
        review = review_conference(
            child=child,
            chair=review_chair,
            starts_at=timezone.now() + datetime.timedelta(minutes=100 + 5 * n),
        )
        services.continue_plan_at_review(
            plan=plan, conference=review, held_on=timezone.localdate(), by=review_chair
        )
        Conference.objects.filter(pk=review.pk).update(status=ConferenceStatus.HELD)
        plan.refresh_from_db()
    # Issue 17: scheduling the third review raises the drift review, due before it.
    conference_services.schedule_review_conference(plan=plan, by=coordinator)

    sign_in(page, "tm@test.example", TEST_PASSWORD)
    page.goto("/")
    expect(
        page.get_by_role("heading", name="Plans to review for drift before the third review")
    ).to_be_visible()
    assert_no_axe_violations(page)
    drift_list = page.locator("#work-drift-reviews")
    expect(drift_list.get_by_role("link", name="Amelia Jones", exact=True)).to_be_visible()
    drift_list.locator(f'a[href="/plans/{plan.pk}/"]').click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "before its third review conference"
    )
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Review the plan for drift").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the plan for drift")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your review of the plan")
    assert_no_axe_violations(page)
    page.get_by_label("Your review of the plan").fill("Not drifting: every action is on track.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("the drift flag is cleared")).to_be_visible()
    expect(page.get_by_text("Reviewed by Tina Manager")).to_be_visible()
    assert_no_axe_violations(page)
    assert not DriftFlag.objects.get(plan=plan).is_open
