"""Issue 5's journey in one browser session per person: the coordinator allocates and books an
initial conference from a request and sends the invitations (a letter as PDF, an email with a
calendar invitation); the health visitor signs in and submits a report not for sharing; the
social worker's report is signed off, shared with the parents and sent to the chair; the chair
reads the reports and sees the conference ready. Every page is checked with axe."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences.models import Conference, ConferenceStatus, Invitation
from reports.models import AgencyReport, SocialWorkReport
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import (
    agency_professional_for,
    send_request,
    venue,
    working_day_at,
)
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    team = TeamFactory()
    manager = UserFactory(
        roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency, email="tm@test.example"
    )
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        line_manager=manager,
        email="sw@test.example",
    )
    UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example")
    UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes")
    venue("Room 1, Civic Centre")
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    agency_professional_for(
        child=child,
        full_name="Hannah Visitor",
        email="hv@test.example",
        agency=AgencyFactory(name="Synthetic Community Health"),
    )
    return send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )


def switch_to(page, email):
    page.context.clear_cookies()
    sign_in(page, email, TEST_PASSWORD)


def book(page, when):
    date_input = page.locator("#id_date")
    date_input.get_by_label("Day").fill(str(when.day))
    date_input.get_by_label("Month").fill(str(when.month))
    date_input.get_by_label("Year").fill(str(when.year))
    page.get_by_label("Start time").fill(when.strftime("%H:%M"))
    page.get_by_label("Room").select_option(label="Room 1, Civic Centre")
    page.get_by_label("Minute taker").select_option(label="Mina Minutes")
    page.get_by_role("button", name="Book the conference").click()


def _heading(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_no_axe_violations(page)


def test_from_request_to_ready_for_conference(page, setting):
    # The coordinator allocates a chair and books the conference from the request.
    sign_in(page, "co@test.example", TEST_PASSWORD)
    page.goto("/conferences/requests/")
    _heading(page, "Conference requests")
    page.get_by_role("link", name="Amelia Jones").click()
    _heading(page, "Conference request for Amelia Jones")
    page.get_by_role("link", name="Allocate a chair").click()
    _heading(page, "Allocate a chair")
    page.get_by_label("Independent chair").select_option(label="Carol Chair")
    page.get_by_role("button", name="Allocate the chair").click()
    _heading(page, "Book the conference")
    book(page, working_day_at(10))
    expect(page.locator("main .govuk-tag").first).to_have_text("Booked")
    assert_no_axe_violations(page)
    conference = Conference.objects.get()
    assert conference.status == ConferenceStatus.BOOKED

    # The invitations: a letter to the mother (PDF), an email with a calendar invitation.
    page.get_by_role("link", name="Invitations, arrangements, advocacy").click()
    _heading(page, "Invitations and arrangements")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Invitations sent")
    assert_no_axe_violations(page)
    letter_link = page.get_by_role("link", name="Download the letter to Sarah Jones (PDF)")
    letter = page.request.get(letter_link.get_attribute("href"))
    assert letter.ok and letter.headers["content-type"] == "application/pdf"
    assert letter.body().startswith(b"%PDF-")
    (email,) = [message for message in mail.outbox if message.to == ["hv@test.example"]]
    assert "Amelia" not in email.subject
    (calendar,) = email.attachments  # a MIME part: method=REQUEST needs its own headers
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_filename().endswith(".ics")
    calendar_text = calendar.get_payload(decode=True).decode()
    assert "BEGIN:VEVENT" in calendar_text and "Amelia" not in calendar_text
    assert Deadline.objects.get(rule=RuleCode.INVITES).status == DeadlineStatus.MET_ON_TIME

    # The health visitor signs in and submits a report that is not for sharing.
    switch_to(page, "hv@test.example")
    page.get_by_role("link", name="Your conferences").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your conferences")
    expect(page.get_by_role("link", name="Amelia Jones")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Submit your report").click()
    _heading(page, "Your report to the conference")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("If not, why may the family not see it?").fill("It names a third party.")
    page.get_by_label("Your agency's involvement with the family").fill("Visiting since birth.")
    page.get_by_label("What are you worried about?").fill("Missed developmental checks.")
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_text("Not for sharing with the family")).to_be_visible()
    assert_no_axe_violations(page)

    # The social worker writes the report and sends it for sign-off.
    switch_to(page, "sw@test.example")
    page.goto(f"/conferences/{conference.pk}/")
    expect(page.get_by_role("heading", name="Reports to conference")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Write the social work report").click()
    _heading(page, "Write the social work report")
    page.get_by_label("What are we worried about?").fill("Unexplained bruising to Amelia's arm.")
    page.get_by_label("What is working well?").fill("Amelia goes to nursery every day.")
    page.get_by_label("Danger statements proposed").fill("Amelia may be hurt again.")
    page.get_by_label("Scaling: how safe is the child, from 0 to 10?").fill("3")
    page.get_by_label("Child protection plan").check()
    page.get_by_label("The category you recommend (for a plan)").select_option(
        label="Physical abuse"
    )
    page.get_by_role("button", name="Save the report").click()
    _heading(page, "Social work report")
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_text("Waiting for the team manager's sign-off")).to_be_visible()
    assert_no_axe_violations(page)

    # The team manager signs it off.
    switch_to(page, "tm@test.example")
    page.goto(f"/reports/conferences/{conference.pk}/social-work-report/")
    _heading(page, "Social work report")
    page.get_by_role("button", name="Sign off the report").click()
    expect(page.get_by_text("The report has been signed off")).to_be_visible()
    assert_no_axe_violations(page)

    # The social worker shares it with the parents and sends it to the chair.
    switch_to(page, "sw@test.example")
    page.goto(f"/reports/conferences/{conference.pk}/social-work-report/")
    _heading(page, "Social work report")
    page.get_by_role("link", name="Record sharing with the parents").click()
    _heading(page, "Sharing the report with the parents")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("The parents' views on the report").fill("Sarah agrees with the worries.")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Sharing the report with the parents has been recorded")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send to the chair").click()
    expect(page.get_by_text("The report has been sent to the chair")).to_be_visible()
    assert_no_axe_violations(page)

    # The chair reads the health visitor's report and sees the conference ready.
    switch_to(page, "chair@test.example")
    page.goto("/reports/chair/")
    expect(page.get_by_text("Not ready yet")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Hannah Visitor").click()
    _heading(page, "Report from Hannah Visitor")
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_text("The report from Hannah Visitor is marked as read")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/reports/chair/")
    expect(page.get_by_text("Ready for conference")).to_be_visible()
    assert_no_axe_violations(page)

    report = SocialWorkReport.objects.get()
    assert report.signed_off_at and report.shared_with_parents_at and report.sent_to_chair_at
    agency_report = AgencyReport.objects.get()
    assert agency_report.invitation == Invitation.objects.get(user__email="hv@test.example")
    assert agency_report.may_share_with_family is False
    for rule in (RuleCode.SW_REPORT_PARENTS, RuleCode.SW_REPORT_CHAIR, RuleCode.AGENCY_REPORT):
        assert Deadline.objects.get(rule=rule).status == DeadlineStatus.MET_ON_TIME
