"""Each role's work list in a real browser (ADR 30): the page each user lands on after signing
in lists what is waiting for them, each row links to where the work is done, and every page is
checked with axe."""

import pytest
from playwright.sync_api import expect

from tests.core.test_work_lists import build_authority
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.accounts import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    return build_authority()


def _lands_on_work_list(page, user):
    sign_in(page, user.email, TEST_PASSWORD)
    page.goto("/")
    expect(page.get_by_role("heading", name="Your work", level=1)).to_be_visible()
    assert_accessible(page)


def test_the_social_worker_lands_on_their_children_and_opens_one(page, people):
    _lands_on_work_list(page, people["sw"])
    table = page.locator("table[aria-labelledby='work-your-children-heading']")
    expect(table).to_contain_text("Amelia Jones")
    expect(table).to_contain_text("Ben Smith")
    expect(page.locator("body")).not_to_contain_text("Zara Hidden")
    expect(table.locator(".govuk-tag--red").first).to_contain_text("Overdue")
    table.get_by_role("link", name="Amelia Jones", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amelia Jones")
    assert_accessible(page)


def test_the_team_manager_opens_a_reason_for_delay_to_sign_off(page, people):
    _lands_on_work_list(page, people["tm"])
    expect(
        page.get_by_role("heading", name="Strategy discussion records to sign off")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Social work reports to sign off")).to_be_visible()
    delays = page.locator("table[aria-labelledby='work-delays-to-sign-off-heading']")
    delays.get_by_role("link", name="First core group meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("First core group meeting")
    assert_accessible(page)


@pytest.mark.parametrize(
    "who, heading, text",
    [
        ("coordinator", "Requests waiting to be booked", "Amelia Jones"),
        ("chair", "Conferences you chair", "1 report to read"),
        ("minute_taker", "Minutes to draft", "Amelia Jones"),
        ("agency", "Reports to submit", "Report for the initial child protection conference"),
        ("qa", "Quality Assurance notifications not closed", "QAN-"),
        ("hos", "Plans reaching 2 years", "Amelia Jones"),
        ("sm", "Postponements you agreed, not yet re-booked", "Review child protection conference"),
    ],
)
def test_every_role_sees_its_work(page, people, who, heading, text):
    _lands_on_work_list(page, people[who])
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text(text)
    expect(page.locator("main")).not_to_contain_text("Zara")
