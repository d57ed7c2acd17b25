"""The child protection plan's page in a real browser: the social worker opens the plan a
conference started, from the child's record, and reads its danger statements, actions, core group
and timescales; an agency professional in the core group sees it without the timescales. Every
page is checked with axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from plans import services
from plans.models import CoreGroupMember
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import agency_professional_for, send_request, started_conference
from tests.factories.plans import plan_from

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting():
    team = TeamFactory()
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
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
    plan = plan_from(conference=conference, child=child)
    services.add_core_group_danger_statement(
        plan=plan,
        text="Amelia may miss school when her mother is unwell.",
        safety_goal="Amelia goes to school every day.",
        by=worker,
    )
    professional, _ = agency_professional_for(child=child, email="hv@test.example")
    CoreGroupMember.objects.create(
        plan=plan, name=professional.full_name, role="Health visitor", user=professional
    )
    return plan


def test_the_social_worker_opens_the_plan_from_the_childs_record(page, setting):
    plan = setting
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/children/{plan.child_id}/")
    expect(page.get_by_text("Child protection plan, category: Neglect")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Child protection plan", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Danger statement 1")).to_be_visible()
    expect(page.get_by_text("Set by the conference on").first).to_be_visible()
    expect(page.get_by_text("Added by the core group on")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Refer the parents to the domestic abuse programme")
    ).to_be_visible()
    expect(page.get_by_role("link", name="First core group meeting")).to_be_visible()
    assert_accessible(page)


def test_a_core_group_member_reads_the_plan_without_the_timescales(page, setting):
    plan = setting
    sign_in(page, "hv@test.example", TEST_PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Core group", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Timescales")).to_have_count(0)
    assert_accessible(page)
