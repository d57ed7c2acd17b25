"""An out-of-hours enquiry in a real browser: the enquirer records the call, their call-back to a
wrong number is refused, a second call-back to the police switchboard is verified, the search
finds Amelia on a plan, the advice is recorded; then Amelia's social worker reads the enquiry.
Every page is checked with axe."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import AgencyKind, RoleCode
from enquiries.models import EnquiryResult, PlanEnquiry
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, AgencyFactory, TeamFactory, UserFactory
from tests.factories.census import held_conference_on, plan_on
from tests.factories.children import ChildFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


BORN = datetime.date(2017, 3, 14)


@pytest.fixture
def setting():
    AgencyFactory(
        name="Demo Constabulary", kind=AgencyKind.POLICE, known_phone_number="01632 960222"
    )
    enquirer = UserFactory(roles=[RoleCode.ENQUIRER], email="ooh@test.example")
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=TeamFactory(name="Assessment Team North"),
        email="sw@test.example",
        full_name="Wendy Worker",
    )
    chair = UserFactory(roles=[RoleCode.CHAIR])
    amelia = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=BORN,
        lead_social_worker=worker,
    )
    conference = held_conference_on(child=amelia, on=datetime.date(2026, 9, 1), chair=chair)
    plan_on(child=amelia, conference=conference)
    return {"enquirer": enquirer, "worker": worker}


def fill_date(page, field: str, day: datetime.date) -> None:
    date_input = page.locator(f"#id_{field}")
    date_input.get_by_label("Day").fill(str(day.day))
    date_input.get_by_label("Month").fill(str(day.month))
    date_input.get_by_label("Year").fill(str(day.year))


def test_an_enquiry_from_call_to_advice(page, setting):
    sign_in(page, "ooh@test.example", TEST_PASSWORD)
    page.get_by_role("link", name="Ask whether a child is subject to a plan").first.click()
    expect(page.get_by_role("heading", name="Who is asking")).to_be_visible()
    assert_no_axe_violations(page)

    # Nothing filled in: every mistake beside its field, with the summary.
    page.get_by_role("button", name="Record the call-back").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Enter the name of the person who called").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Who called?").fill("DC Priya Patel")
    page.get_by_label("Their job title (optional)").fill("Detective constable")
    page.get_by_label("Which agency are they calling from?").select_option(
        label="Demo Constabulary"
    )
    page.get_by_label("The number they called from (optional)").fill("07700 900123")
    page.get_by_label("Why are they asking?").fill("Domestic incident at the address last night.")
    page.get_by_label("The number you called them back on").fill("07700 900123")
    page.get_by_role("button", name="Record the call-back").click()

    # The mobile number is not the switchboard: no search is offered.
    expect(page.get_by_role("heading", name="Call-back not verified")).to_be_visible()
    expect(page.get_by_text("Do not answer")).to_be_visible()
    expect(page.get_by_role("button", name="Search the list")).to_have_count(0)
    assert_no_axe_violations(page)

    page.get_by_label("The number you called them back on").fill("01632 960222")
    page.get_by_role("button", name="Record another call-back").click()
    expect(page.get_by_role("heading", name="Search the list")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("First name").fill("Amelia")
    page.get_by_label("Last name").fill("Jones")
    fill_date(page, "date_of_birth", BORN)
    page.get_by_role("button", name="Search the list").click()
    expect(page.get_by_role("heading", name="Subject to a child protection plan")).to_be_visible()
    expect(page.get_by_text("Neglect")).to_be_visible()
    expect(page.get_by_text("Wendy Worker")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Record the advice").click()
    expect(page.get_by_text("Enter the advice you gave the caller").first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("What advice did you give the caller?").fill("Speak to Wendy Worker today.")
    page.get_by_role("button", name="Record the advice").click()
    expect(page.locator("#advice")).to_have_text("Speak to Wendy Worker today.")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Your enquiries").first.click()
    expect(page.get_by_role("cell", name="Subject to a child protection plan")).to_be_visible()
    assert_no_axe_violations(page)

    enquiry = PlanEnquiry.objects.get()
    assert enquiry.result == EnquiryResult.SUBJECT_TO_PLAN
    assert enquiry.call_backs.count() == 2

    # The lead social worker reads what was asked and said.
    page.context.clear_cookies()
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto("/enquiries/notices/")
    expect(page.get_by_role("cell", name="DC Priya Patel", exact=False)).to_be_visible()
    expect(page.get_by_text("Speak to Wendy Worker today.", exact=False)).to_be_visible()
    assert_no_axe_violations(page)
