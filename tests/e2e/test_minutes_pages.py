"""The minutes in a real browser: the minute taker starts and edits the minutes (adding a section
the family may not see) and sends them to the chair; the chair sends them back, then approves
them; the coordinator circulates them; the invited health visitor asks for an amendment; the chair
accepts it; the health visitor gives feedback and the chair reads it. Every page is checked with
axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from reports.models import AmendmentStatus, ConferenceFeedback, MinutesAmendmentRequest
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import send_request
from tests.factories.reports import held_conference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def held(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    team = TeamFactory()
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, email="sw@test.example"
    )
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example")
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    minute_taker = UserFactory(
        roles=[RoleCode.MINUTE_TAKER], full_name="Morgan Minutes", email="mt@test.example"
    )
    health_visitor = UserFactory(
        roles=[RoleCode.AGENCY_PROFESSIONAL],
        agency=AgencyFactory(name="Synthetic Community Health"),
        full_name="Hannah Visitor",
        email="hv@test.example",
    )
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference, _ = held_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
        professionals=[health_visitor],
    )
    return conference


def as_user(page, email):
    page.context.clear_cookies()
    sign_in(page, email, TEST_PASSWORD)


def _minutes(page, minutes_url):
    page.goto(minutes_url)
    expect(page.get_by_role("heading", name="Minutes of the conference")).to_be_visible()
    assert_no_axe_violations(page)


def test_minutes_from_start_to_feedback(page, held):
    minutes_url = f"/reports/conferences/{held.pk}/minutes/"

    # The minute taker starts the minutes from the conference's record.
    as_user(page, "mt@test.example")
    page.goto(minutes_url)
    expect(page.get_by_role("heading", name="Minutes of the conference")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start the minutes").click()
    expect(page.get_by_role("heading", name="Edit the minutes")).to_be_visible()
    assert_no_axe_violations(page)

    # A section with text but no heading is refused, with the text kept.
    page.get_by_role("button", name="Add another section").click()
    # 12 sections from the record (issue 18: views, dissent, the plan and dates besides; issue
    # 21: the child's views).
    new = "#id_sections-12"
    expect(page.locator(f"{new}-heading")).to_be_empty()
    assert_no_axe_violations(page)
    page.locator(f"{new}-text").fill("Police shared intelligence about the father's associates.")
    page.locator(f"{new}-family_may_see").uncheck()
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a heading for section 13")
    expect(page.locator(f"{new}-text")).to_have_value(
        "Police shared intelligence about the father's associates."
    )
    assert_no_axe_violations(page)
    page.locator(f"{new}-heading").fill("Police update")
    page.locator("#id_sections-6-text").fill("The police shared information in the slot.")
    page.locator("#id_sections-9-text").fill("Child protection plan under the category of neglect.")
    # Nothing was decided on this record: write every other section still to be completed.
    for index in range(12):
        field = page.locator(f"#id_sections-{index}-text")
        if "To be completed" in field.input_value():
            field.fill(f"Written by the minute taker (section {index + 1}).")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("The minutes have been saved")).to_be_visible()
    expect(page.get_by_role("heading", name="Police update")).to_contain_text(
        "Not in the family copy"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send the minutes to the chair").click()
    expect(page.get_by_text("sent to the chair for approval")).to_be_visible()
    assert_no_axe_violations(page)

    # The chair sends them back with a reason (an empty reason refused first).
    as_user(page, "chair@test.example")
    _minutes(page, minutes_url)
    page.get_by_role("link", name="Send back to the minute taker").click()
    expect(page.get_by_role("heading", name="Send the minutes back")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send the minutes back").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what needs to change")
    assert_no_axe_violations(page)
    page.get_by_label("What needs to change?").fill("Add the GP's apologies.")
    page.get_by_role("button", name="Send the minutes back").click()
    expect(page.get_by_text("sent back to the minute taker")).to_be_visible()
    assert_no_axe_violations(page)

    # The minute taker sees why, and sends them again.
    as_user(page, "mt@test.example")
    page.goto(minutes_url)
    expect(page.get_by_text("Add the GP's apologies.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send the minutes to the chair").click()
    expect(page.get_by_text("sent to the chair for approval")).to_be_visible()
    assert_no_axe_violations(page)

    # The chair approves.
    as_user(page, "chair@test.example")
    _minutes(page, minutes_url)
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.get_by_text("You have approved the minutes")).to_be_visible()
    assert_no_axe_violations(page)

    # The coordinator confirms who receives which copy, and circulates.
    as_user(page, "co@test.example")
    _minutes(page, minutes_url)
    page.get_by_role("link", name="Circulate the minutes").click()
    expect(page.get_by_role("table", name="Who will receive which copy")).to_contain_text(
        "Family copy"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Circulate the minutes").click()
    expect(page.get_by_text("The minutes have been circulated")).to_be_visible()
    assert_no_axe_violations(page)

    # The health visitor asks for an amendment.
    as_user(page, "hv@test.example")
    _minutes(page, minutes_url)
    page.get_by_role("link", name="Ask for an amendment").click()
    expect(page.get_by_role("heading", name="Ask for an amendment")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("What should change in the minutes?").fill(
        "I visit weekly, not monthly, as the minutes say."
    )
    page.get_by_role("button", name="Send to the chair").click()
    expect(page.get_by_text("Your amendment has been sent to the chair")).to_be_visible()
    assert_no_axe_violations(page)

    # The chair accepts it.
    as_user(page, "chair@test.example")
    _minutes(page, minutes_url)
    page.get_by_role("link", name="Accept or reject").click()
    expect(page.get_by_role("heading", name="Decide on an amendment")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Yes, accept it").check()
    page.get_by_label("Your response").fill("Corrected: weekly visits.")
    page.get_by_role("button", name="Record your decision").click()
    expect(page.get_by_text("Corrected: weekly visits.")).to_be_visible()
    assert_no_axe_violations(page)
    assert MinutesAmendmentRequest.objects.get().status == AmendmentStatus.ACCEPTED

    # The health visitor gives feedback; the chair reads it.
    as_user(page, "hv@test.example")
    _minutes(page, minutes_url)
    page.get_by_role("link", name="Give feedback on the conference").click()
    expect(page.get_by_role("heading", name="Give feedback on the conference")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send the feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how well")
    assert_no_axe_violations(page)
    page.locator("#id_understood_4").check()
    page.locator("#id_listened_to_3").check()
    page.get_by_label("What went well?").fill("The chair explained every step.")
    page.get_by_role("button", name="Send the feedback").click()
    expect(page.get_by_text("the feedback has been recorded")).to_be_visible()
    assert_no_axe_violations(page)
    assert ConferenceFeedback.objects.get().understood == 5

    as_user(page, "chair@test.example")
    page.goto(f"/reports/conferences/{held.pk}/feedback/received/")
    expect(page.get_by_text("The chair explained every step.")).to_be_visible()
    assert_no_axe_violations(page)
