"""Booking in a real browser: the coordinator opens a request from the queue, allocates a chair,
tries a date after the ICPC due date (warned, asked for a reason), then books a date on time, and
postpones it with the service manager's and the chair's agreement (issue 17: both asked for, each
error next to its field). Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences.models import Conference, ConferenceStatus
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import send_request, venue, working_day_at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting():
    team = TeamFactory()
    service_manager = UserFactory(roles=[RoleCode.SERVICE_MANAGER], full_name="Sam Service")
    manager = UserFactory(
        roles=[RoleCode.TEAM_MANAGER],
        team=team,
        agency=team.agency,
        line_manager=service_manager,
    )
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, line_manager=manager
    )
    UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example")
    UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair")
    UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes")
    venue("Room 1, Civic Centre")
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child, person=PersonFactory(forename="Sarah"), relationship=Relationship.MOTHER
    )
    return send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )


def fill_booking(page, when) -> None:
    date_input = page.locator("#id_date")
    date_input.get_by_label("Day").fill(str(when.day))
    date_input.get_by_label("Month").fill(str(when.month))
    date_input.get_by_label("Year").fill(str(when.year))
    page.get_by_label("Start time").fill(when.strftime("%H:%M"))
    page.get_by_label("Room").select_option(label="Room 1, Civic Centre")
    page.get_by_label("Minute taker").select_option(label="Mina Minutes")


def test_coordinator_allocates_and_books_an_icpc_from_a_request(page, setting):
    sign_in(page, "co@test.example", TEST_PASSWORD)
    page.goto("/conferences/requests/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Amelia Jones").click()
    expect(page.get_by_role("heading", name="Conference request for Amelia Jones")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Allocate a chair").click()
    expect(page.get_by_role("heading", name="Allocate a chair")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Allocate the chair").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select an independent chair")
    assert_no_axe_violations(page)
    page.get_by_label("Independent chair").select_option(label="Carol Chair")
    page.get_by_role("button", name="Allocate the chair").click()

    expect(page.get_by_role("heading", name="Book the conference")).to_be_visible()
    expect(page.get_by_text("working days left")).to_be_visible()
    assert_no_axe_violations(page)

    # After the due date: warned, and asked for a reason; what was typed is kept.
    fill_booking(page, working_day_at(20))
    page.get_by_role("button", name="Book the conference").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("after the initial conference")
    expect(page.locator("#id_late_reason-error")).to_contain_text("Enter why")
    expect(page.get_by_label("Start time")).to_have_value("10:00")
    assert_no_axe_violations(page)

    # On time: booked.
    fill_booking(page, working_day_at(3))
    page.get_by_role("button", name="Book the conference").click()
    expect(page.get_by_role("heading", name="Conference for Amelia Jones")).to_be_visible()
    expect(page.get_by_text("Room 1, Civic Centre")).to_be_visible()
    assert_no_axe_violations(page)

    conference = Conference.objects.get()
    assert conference.status == ConferenceStatus.BOOKED
    assert conference.starts_at == working_day_at(3)

    # Postponing: the service manager's and the chair's agreement, each error next to its field.
    page.get_by_role("link", name="Postpone").click()
    expect(page.get_by_role("heading", name="Postpone the conference")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Why is the conference being postponed?").fill("The chair is unwell.")
    page.get_by_role("button", name="Postpone the conference").click()
    expect(page.locator("#id_caused_by-error")).to_contain_text("Select who caused")
    expect(page.locator("#id_agreed_by-error")).to_contain_text("Select the service manager")
    page.get_by_label("The conference service (for example, the chair").check()
    assert_no_axe_violations(page)
    page.get_by_label("Which service manager agreed to postpone it?").select_option(
        label="Sam Service (service manager)"
    )
    page.get_by_role("button", name="Postpone the conference").click()
    expect(page.locator("#id_chair_agreed-error")).to_contain_text(
        "Confirm that the chair, Carol Chair, agreed"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that the chair")
    assert_no_axe_violations(page)
    page.get_by_label("The chair, Carol Chair, agreed to postpone the conference").check()
    page.get_by_role("button", name="Postpone the conference").click()
    expect(page.get_by_text("and the chair, Carol Chair")).to_be_visible()
    assert_no_axe_violations(page)
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.POSTPONED
    assert conference.change_chair_agreed_by.full_name == "Carol Chair"
