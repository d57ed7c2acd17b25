"""The decision in a real browser: the chair records two professionals' views (one dissenting,
with its reason), decides a child protection plan with an outline action, finalises it and opens
the plan. Every page is checked with axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences.models import ChildDecision, DecisionStatus
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import (
    add_danger_statements,
    make_quorate,
    ready_to_decide,
    send_request,
    started_conference,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conference(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    minute_taker = UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes")
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child, person=PersonFactory(forename="Sarah"), relationship=Relationship.MOTHER
    )
    ProfessionalInvolvementFactory(child=child, name="Hannah Visitor")
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = started_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    ready_to_decide(make_quorate(conference, by=chair))
    add_danger_statements(conference, by=chair, count=2)
    return conference


def _add_view(page, name, role, view, dissent_reason=""):
    page.get_by_label("Professional's name").fill(name)
    page.get_by_label("Their agency or role").fill(role)
    page.locator("fieldset", has_text="What is their view?").get_by_label(view).check()
    if dissent_reason:
        page.get_by_label("They dissent from the decision").check()
        page.get_by_label("Reason for the dissent").fill(dissent_reason)
    page.get_by_role("button", name="Add the view").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The view is recorded")
    assert_no_axe_violations(page)


def test_the_chair_decides_a_plan_with_a_dissent_and_opens_it(page, conference):
    sign_in(page, "chair@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="The decision for each child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The decision for each child")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Amelia Jones", exact=True).click()
    assert_no_axe_violations(page)

    _add_view(page, "Hannah Visitor", "Health visitor", "Child protection plan")
    _add_view(page, "Pat Police", "Police", "Child protection plan")
    _add_view(page, "Gina GP", "GP", "No further action", "The family are engaging with support.")
    expect(page.locator("body")).to_contain_text("Dissents: The family are engaging with support.")
    assert_no_axe_violations(page)

    page.locator("fieldset", has_text="What does the social worker recommend?").get_by_label(
        "Child protection plan"
    ).check()
    page.get_by_role("button", name="Save the recommendation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The recommendation is saved"
    )
    assert_no_axe_violations(page)

    decision = page.locator("fieldset", has_text="What is the chair's decision?")
    decision.get_by_label("Child protection plan").check()
    page.get_by_label("Rationale").fill("Amelia is at continuing risk of emotional harm.")
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the category of the plan")
    assert_no_axe_violations(page)
    expect(page.get_by_label("Rationale")).to_have_value(
        "Amelia is at continuing risk of emotional harm."
    )

    page.get_by_label("Emotional abuse").check()
    page.get_by_label("Domestic abuse").check()
    page.get_by_label("Contingency plan").fill("Amelia stays with her grandmother.")
    page.locator("#id_actions-0-what").fill("Attend a parenting course")
    page.locator("#id_actions-0-who").fill("Sarah Jones")
    # Issue 17 item 12: the outcomes and a dated action towards a danger statement are needed.
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("#id_decision-outcomes_for_child-error")).to_contain_text(
        "Enter the outcomes for Amelia Jones"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Outcomes for the child").fill("Amelia is safe and goes to nursery.")
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("#actions .govuk-error-message")).to_contain_text(
        "Add at least one action for Amelia Jones"
    )
    assert_no_axe_violations(page)
    by_when = timezone.localdate() + datetime.timedelta(days=28)
    date_input = page.locator("#id_actions-0-by_when")
    date_input.get_by_label("Day").fill(str(by_when.day))
    date_input.get_by_label("Month").fill(str(by_when.month))
    date_input.get_by_label("Year").fill(str(by_when.year))
    page.locator("#id_actions-0-danger_statement_position").select_option("1")
    page.get_by_role("button", name="Add another action").click()
    expect(page.locator("legend", has_text="Action 4")).to_be_visible()
    expect(page.locator("#id_actions-0-what")).to_have_value("Attend a parenting course")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("body")).to_contain_text("The decision is finalised")
    expect(page.locator("body")).to_contain_text("The conference is held")
    assert_no_axe_violations(page)

    assert ChildDecision.objects.get().status == DecisionStatus.FINALISED
    page.get_by_role("link", name="Amelia Jones", exact=True).click()
    plan_link = page.get_by_role("link", name="Amelia Jones's child protection plan")
    expect(plan_link).to_be_visible()
    assert_no_axe_violations(page)
    plan_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child protection plan")
    expect(page.locator("body")).to_contain_text("Danger statement 1")
    assert_no_axe_violations(page)
