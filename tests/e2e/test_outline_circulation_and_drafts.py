"""Issue 18 items 3 and 8 in a real browser: the chair records who has been given the outline
plan (the deadline is met once everyone has it), and a health visitor saves a draft of their
report, sees it named on their work list with the child and the due date, and submits it later.
Every page is checked with axe."""

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from reports.models import AgencyReport
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import (
    add_danger_statements,
    booked_conference,
    decide_every_child,
    make_quorate,
    ready_to_decide,
    send_request,
    started_conference,
)
from tests.factories.reports import professional_invitation
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    return {
        "worker": worker,
        "child": child,
        "coordinator": UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR]),
        "chair": UserFactory(
            roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example"
        ),
        "request": send_request(
            by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
        ),
    }


def test_the_chair_records_who_has_the_outline_plan(page, people):
    chair = people["chair"]
    conference = started_conference(
        request=people["request"], coordinator=people["coordinator"], chair=chair
    )
    ready_to_decide(make_quorate(conference, by=chair))
    add_danger_statements(conference, by=chair, count=1)
    decide_every_child(conference, chair=chair)

    sign_in(page, "chair@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/decision/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The decision for each child")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="record who has been given the outline plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has been given the outline plan")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record").click()  # nothing chosen for how
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how the outline plan")
    assert_no_axe_violations(page)
    page.get_by_label("In person at the end of the meeting").check()
    page.get_by_role("button", name="Record").click()
    expect(page.locator("#circulation-complete")).to_contain_text("Everyone has been given")
    assert_no_axe_violations(page)
    deadline = Deadline.objects.get(
        rule=RuleCode.OUTLINE_PLAN,
        subject_type=ContentType.objects.get_for_model(type(conference)),
        subject_id=conference.pk,
    )
    assert deadline.status == DeadlineStatus.MET_ON_TIME


def test_the_health_visitor_saves_a_draft_and_finishes_it_later(page, people):
    from reports import services

    conference = booked_conference(
        request=people["request"], coordinator=people["coordinator"], chair=people["chair"]
    )
    visitor = UserFactory(
        roles=[RoleCode.AGENCY_PROFESSIONAL], full_name="Hannah Visitor", email="hv@test.example"
    )
    invitation = professional_invitation(conference, user=visitor)
    services.open_report_deadlines(conference=conference, by=people["coordinator"])

    sign_in(page, "hv@test.example", TEST_PASSWORD)
    reports_due = page.locator("#work-reports-due")
    expect(reports_due).to_contain_text("About Amelia Jones")
    expect(reports_due).to_contain_text("Report due by")
    assert_no_axe_violations(page)
    reports_due.get_by_role("link", name="Report for the initial").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your report to the conference")
    assert_no_axe_violations(page)
    page.get_by_label("Your agency's involvement with the family").fill("Visiting since birth.")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator("#draft-saved")).to_contain_text("It has not been submitted")
    assert_no_axe_violations(page)
    assert not AgencyReport.objects.exists()

    page.goto("/")
    expect(page.locator("#work-reports-due")).to_contain_text("Draft saved, not submitted")
    assert_no_axe_violations(page)
    page.goto(f"/reports/invitations/{invitation.pk}/")
    expect(page.get_by_label("Your agency's involvement with the family")).to_have_value(
        "Visiting since birth."
    )
    assert_no_axe_violations(page)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("What are you worried about?").fill("Missed developmental checks.")
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_text("Your report has been submitted")).to_be_visible()
    assert_no_axe_violations(page)
    assert AgencyReport.objects.get().involvement == "Visiting since birth."
