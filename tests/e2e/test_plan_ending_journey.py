"""Issue 17 item 1 in a real browser: the lead social worker ends a plan outside a conference
(the child left the UK permanently) with the team manager's agreement. The ending page leads to a
confirmation page that lists the deadlines to be withdrawn and who will be told; confirming ends
the plan; the QA manager's work list shows the ending. axe-core finds no violation on any page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from plans.models import PlanEndReason, PlanStatus
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import send_request, started_conference
from tests.factories.plans import plan_from

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _clock():
    """A working Wednesday at 10am, ticking, for the set-up and the live server alike."""
    with time_machine.travel(WEDNESDAY, tick=True):
        yield


@pytest.fixture
def people(settings, tmp_path):
    """Amelia on a child protection plan from her initial conference, held today."""
    settings.MEDIA_ROOT = tmp_path
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
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], full_name="Cora Ordinator")
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair")
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    ProfessionalInvolvementFactory(
        child=child, name="Hannah Visitor", email="hannah.visitor@health.example"
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = started_conference(request=request, coordinator=coordinator, chair=chair)
    return {
        "worker": worker,
        "manager": manager,
        "qa": UserFactory(roles=[RoleCode.QA_MANAGER], email="qa@test.example"),
        "plan": plan_from(conference=conference, child=child),
    }


def _fill_date(page, prefix, day):
    date_input = page.locator(f"#id_{prefix}")
    date_input.get_by_label("Day").fill(str(day.day))
    date_input.get_by_label("Month").fill(str(day.month))
    date_input.get_by_label("Year").fill(str(day.year))


def test_a_social_worker_ends_a_plan_outside_a_conference_with_the_managers_agreement(page, people):
    plan = people["plan"]
    today = timezone.localdate()

    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Child protection plan", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="End the plan").click()
    expect(page.get_by_role("heading", name="End the child protection plan")).to_be_visible()
    assert_no_axe_violations(page)
    expect(page.get_by_label("Other", exact=True)).to_have_count(0)  # no longer a reason

    # Without the manager's agreement the page says what is missing.
    page.get_by_label("Left the UK permanently").check()
    _fill_date(page, "ended_on", today)
    page.get_by_label("No further support").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "needs the agreement of a team manager or service manager"
    )
    assert_no_axe_violations(page)

    page.get_by_label("Team manager or service manager who agreed the plan ends").select_option(
        label="Tina Manager"
    )
    _fill_date(page, "manager_agreed_on", today)
    page.get_by_role("button", name="Continue").click()

    # The confirmation page says what will happen; nothing has ended yet.
    expect(page.get_by_role("heading", name="Check before you end the plan")).to_be_visible()
    withdrawn = page.locator("#deadlines-withdrawn")
    for rule in ("First core group meeting", "Social work visit", "First review conference"):
        expect(withdrawn).to_contain_text(rule)
    told = page.locator("#people-told")
    expect(told).to_contain_text("Hannah Visitor")
    expect(told).to_contain_text("Carol Chair")
    expect(told).to_contain_text("The conference service")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Tina Manager on")
    assert_no_axe_violations(page)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE

    page.get_by_role("button", name="End the plan").click()
    expect(page.get_by_text("The plan has ended")).to_be_visible()
    inset = page.locator(".govuk-inset-text")
    expect(inset).to_contain_text("The plan ended on")
    expect(inset).to_contain_text("left the uk permanently")
    expect(inset).to_contain_text("with the agreement of Tina Manager")
    assert_no_axe_violations(page)
    plan.refresh_from_db()
    assert (plan.status, plan.end_reason, plan.manager_agreement) == (
        PlanStatus.ENDED,
        PlanEndReason.LEFT_UK,
        people["manager"],
    )

    # The QA manager's work list shows the ending.
    page.context.clear_cookies()
    sign_in(page, "qa@test.example", TEST_PASSWORD)
    page.goto("/")
    section = page.locator("section, div").filter(
        has=page.get_by_role("heading", name="Plans ended outside a conference")
    )
    expect(section.last).to_contain_text("Amelia Jones")
    expect(section.last).to_contain_text("Agreed by Tina Manager")
    assert_no_axe_violations(page)
