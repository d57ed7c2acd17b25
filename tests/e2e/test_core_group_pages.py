"""Core groups and visits in a real browser: the social worker plans the first core group (chaired
by the team manager), adds a danger statement and an action at it, records it, shares nothing yet,
and records a visit. Every page is checked with axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import send_request, started_conference
from tests.factories.plans import plan_from

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan():
    team = TeamFactory()
    manager = UserFactory(
        roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency, full_name="Tina Manager"
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
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair")
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = started_conference(request=request, coordinator=coordinator, chair=chair)
    return plan_from(conference=conference, child=child)


def _fill_date(page, prefix, day):
    date_input = page.locator(f"#id_{prefix}")
    date_input.get_by_label("Day").fill(str(day.day))
    date_input.get_by_label("Month").fill(str(day.month))
    date_input.get_by_label("Year").fill(str(day.year))


def test_the_first_core_group_and_a_visit(page, plan):
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Core group meetings")).to_be_visible()
    assert_no_axe_violations(page)

    # Plan the first core group: the team manager chairs by default.
    page.get_by_role("link", name="Plan a core group meeting").click()
    expect(page.get_by_role("heading", name="Plan a core group meeting")).to_be_visible()
    assert_no_axe_violations(page)
    earlier = timezone.localtime() - datetime.timedelta(minutes=30)
    _fill_date(page, "date", earlier.date())
    page.get_by_label("Start time").fill(earlier.strftime("%H:%M"))
    expect(page.get_by_label("Chair")).to_have_value(
        str(plan.child.lead_social_worker.team.manager_id)
    )
    page.get_by_label("Where (optional)").fill("The family home")
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_role("heading", name="Core group meeting", level=1)).to_be_visible()
    assert_no_axe_violations(page)

    # Record it, adding a danger statement and an action first.
    page.get_by_role("link", name="Record the meeting").click()
    expect(page.get_by_role("heading", name="Record the core group meeting")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="add a danger statement").click()
    assert_no_axe_violations(page)
    page.get_by_label("Danger statement", exact=True).fill(
        "Amelia may miss school when her mother is unwell."
    )
    page.get_by_label("Safety goal", exact=True).fill("Amelia goes to school every day.")
    page.get_by_role("button", name="Add the danger statement").click()
    expect(page.get_by_text("The danger statement is added to the plan")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="add an action").click()
    assert_no_axe_violations(page)
    page.get_by_label("What is to happen").fill("Walk Amelia to school each morning")
    page.get_by_label("Who will do it").fill("Gran Jones")
    page.get_by_label("Danger statement it addresses (optional)").select_option(index=3)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("The action is added to the plan")).to_be_visible()

    for radio in page.get_by_role("radio", name="Attended").all():
        radio.check()
    page.get_by_label("Score for danger statement 1 (optional)").fill("6")
    page.get_by_label("Decisions").fill("Sarah will ring the health visitor each week.")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_text("The core group meeting is recorded")).to_be_visible()
    expect(page.get_by_text("First core group")).to_be_visible()
    expect(page.get_by_text("Walk Amelia to school each morning").first).to_be_visible()
    expect(page.get_by_text("Sarah will ring the health visitor each week.")).to_be_visible()
    assert_no_axe_violations(page)

    # The plan shows the core group's additions and the met first core group.
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_text("Added by the core group on")).to_be_visible()
    expect(page.get_by_text("Met on time").first).to_be_visible()
    assert_no_axe_violations(page)

    # A visit.
    page.get_by_role("link", name="Record a visit").click()
    expect(page.get_by_role("heading", name="Record a visit")).to_be_visible()
    assert_no_axe_violations(page)
    _fill_date(page, "visited_on", timezone.localdate())
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page.get_by_label("Notes (optional)").fill("Amelia showed me her room.")
    page.get_by_role("button", name="Record the visit").click()
    expect(page.get_by_text("The visit is recorded")).to_be_visible()
    expect(page.get_by_role("cell", name="Yes, alone")).to_be_visible()
    assert_no_axe_violations(page)
