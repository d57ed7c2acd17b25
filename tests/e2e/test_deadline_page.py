"""A social worker explains a missed timescale in the browser (first with a mistake); axe on each state."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from tests.factories.timescales import open_deadline_due
from timescales.models import RuleCode

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_worker_records_the_reason_for_a_delay(page, live_server):
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        email="sw@test.example",
        team=TeamFactory(),
        line_manager=manager,
    )
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones")
    deadline = open_deadline_due(-1, rule=RuleCode.ICPC_DUE, child=child, responsible=worker)

    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"{live_server.url}/timescales/deadlines/{deadline.pk}/")
    expect(page.get_by_role("heading", name="Initial conference held", level=1)).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Save the reason").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason for the delay")
    assert_no_axe_violations(page)

    page.get_by_label("Reason for the delay").fill(
        "The chair was unwell; the child was seen daily."
    )
    page.get_by_role("button", name="Save the reason").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("The chair was unwell")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Not signed off by a manager yet")
    assert_no_axe_violations(page)
