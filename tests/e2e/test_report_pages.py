"""Reports to conference in a real browser: the social worker writes the report (a refused upload
first), the team manager returns it then signs it off, the social worker records sharing with
the parents and sends it to the chair, a health visitor submits a report not for sharing, and
the chair reads it and sees the conference ready. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import ProfessionalRole, Relationship
from reports.models import AgencyReport, SocialWorkReport, SocialWorkReportStatus
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import booked_conference, send_request, working_day_at
from tests.factories.reports import PDF_BYTES, professional_invitation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
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
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example")
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    health_visitor = UserFactory(
        roles=[RoleCode.AGENCY_PROFESSIONAL],
        agency=AgencyFactory(name="Synthetic Community Health"),
        full_name="Hannah Visitor",
        email="hv@test.example",
    )
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child, person=PersonFactory(forename="Sarah"), relationship=Relationship.MOTHER
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, starts_at=working_day_at(10)
    )
    invitation = professional_invitation(
        conference, user=health_visitor, role=ProfessionalRole.HEALTH_VISITOR
    )
    return {"conference": conference, "invitation": invitation}


def sign_out_and_in(page, email):
    page.context.clear_cookies()
    sign_in(page, email, TEST_PASSWORD)


def _heading(page, name):
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert_no_axe_violations(page)


def _report(page, conference):
    page.goto(f"/reports/conferences/{conference.pk}/social-work-report/")
    _heading(page, "Social work report")


def test_reports_from_draft_to_ready_for_conference(page, setting):
    conference, invitation = setting["conference"], setting["invitation"]

    # The social worker writes the report; a file that is not really a PDF is refused.
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/reports/conferences/{conference.pk}/")
    expect(page.get_by_role("heading", name="Reports to conference")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Write the social work report").click()
    expect(page.get_by_role("heading", name="Write the social work report")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("What are we worried about?").fill("Unexplained bruising to Amelia's arm.")
    page.get_by_label("What is working well?").fill("Amelia goes to nursery every day.")
    page.get_by_label("Scaling: how safe is the child, from 0 to 10?").fill("3")
    page.get_by_label("Child protection plan").check()
    page.get_by_label("The category you recommend (for a plan)").select_option(
        label="Physical abuse"
    )
    page.get_by_label("Genogram (optional)").set_input_files(
        {"name": "genogram.pdf", "mimeType": "application/pdf", "buffer": b"GIF89a not a pdf"}
    )
    page.get_by_role("button", name="Save the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The selected file must be a PDF or Word document"
    )
    expect(page.get_by_label("What are we worried about?")).to_have_value(
        "Unexplained bruising to Amelia's arm."
    )
    assert_no_axe_violations(page)
    page.get_by_label("Genogram (optional)").set_input_files(
        {"name": "genogram.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_role("heading", name="Social work report")).to_be_visible()
    expect(page.get_by_role("link", name="genogram.pdf")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_text("Waiting for the team manager's sign-off")).to_be_visible()
    assert_no_axe_violations(page)

    # The team manager returns it once, then signs it off.
    sign_out_and_in(page, "tm@test.example")
    _report(page, conference)
    page.get_by_role("link", name="Return for changes").click()
    _heading(page, "Return the report for changes")
    page.get_by_role("button", name="Return the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what needs to change")
    assert_no_axe_violations(page)
    page.get_by_label("What needs to change?").fill("Add the danger statements.")
    page.get_by_role("button", name="Return the report").click()
    expect(page.get_by_text("Add the danger statements.")).to_be_visible()
    assert_no_axe_violations(page)

    sign_out_and_in(page, "sw@test.example")
    _report(page, conference)
    page.get_by_role("link", name="Change the report").click()
    _heading(page, "Change the social work report")
    page.get_by_label("Danger statements proposed").fill("Amelia may be hurt again.")
    page.get_by_role("button", name="Save the report").click()
    _heading(page, "Social work report")
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_text("Waiting for the team manager's sign-off")).to_be_visible()
    assert_no_axe_violations(page)

    sign_out_and_in(page, "tm@test.example")
    _report(page, conference)
    page.get_by_role("button", name="Sign off the report").click()
    expect(page.get_by_text("The report has been signed off")).to_be_visible()
    assert_no_axe_violations(page)

    # The social worker shares it with the parents and sends it to the chair.
    sign_out_and_in(page, "sw@test.example")
    _report(page, conference)
    page.get_by_role("link", name="Record sharing with the parents").click()
    _heading(page, "Sharing the report with the parents")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether the report")
    assert_no_axe_violations(page)
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

    # The health visitor submits a report that is not for sharing with the family.
    sign_out_and_in(page, "hv@test.example")
    page.goto(f"/reports/invitations/{invitation.pk}/")
    expect(page.get_by_role("heading", name="Your report to the conference")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Submit the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether this report")
    assert_no_axe_violations(page)
    page.get_by_label("No", exact=True).check()
    page.get_by_label("If not, why may the family not see it?").fill("It names a third party.")
    page.get_by_label("Your agency's involvement with the family").fill("Visiting since birth.")
    page.get_by_label("What are you worried about?").fill("Missed developmental checks.")
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_text("Your report has been submitted")).to_be_visible()
    expect(page.get_by_text("Not for sharing with the family")).to_be_visible()
    assert_no_axe_violations(page)

    # The chair reads the reports and sees the conference is ready.
    sign_out_and_in(page, "chair@test.example")
    page.get_by_role("link", name="Your conferences").first.click()
    expect(page.get_by_role("heading", name="Your conferences")).to_be_visible()
    expect(page.get_by_text("Not ready yet")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Hannah Visitor").click()
    expect(page.get_by_role("heading", name="Report from Hannah Visitor")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_text("The report from Hannah Visitor is marked as read")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/reports/chair/")
    expect(page.get_by_text("Ready for conference")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="All reports").click()
    expect(page.get_by_role("heading", name="Reports to conference")).to_be_visible()
    assert_no_axe_violations(page)

    report = SocialWorkReport.objects.get()
    assert report.status == SocialWorkReportStatus.SIGNED_OFF
    assert report.parents_views == "Sarah agrees with the worries."
    agency_report = AgencyReport.objects.get()
    assert agency_report.may_share_with_family is False
    assert agency_report.read_by_chair_at is not None
