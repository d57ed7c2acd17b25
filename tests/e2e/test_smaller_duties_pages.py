"""Issue 22's smaller duties in a real browser, axe on every page: the chair finds the mid-way
review on their work list and records it (errors first), then requests a specialist assessment
from the plan page and sees it there as an action to track."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from plans.models import SpecialistAssessmentRequest
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import send_request, started_conference
from tests.factories.plans import plan_from
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fill_date(page, prefix, day):
    date_input = page.locator(f"#id_{prefix}")
    date_input.get_by_label("Day").fill(str(day.day))
    date_input.get_by_label("Month").fill(str(day.month))
    date_input.get_by_label("Year").fill(str(day.year))


def test_the_chair_records_the_midway_review_and_requests_an_assessment(page):
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="ch@test.example")
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    conference = started_conference(request=request, coordinator=coordinator, chair=chair)
    plan = plan_from(conference=conference, child=child)

    sign_in(page, "ch@test.example", TEST_PASSWORD)
    page.goto("/")
    expect(page.get_by_role("heading", name="Mid-way reviews between conferences")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("#work-midway-reviews").get_by_role(
        "link", name="Amelia Jones", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mid-way review note")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save the note").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether the plan is progressing"
    )
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Is the plan progressing?").get_by_label("Yes").check()
    page.get_by_role("group", name="Is the review date right?").get_by_label("Yes").check()
    page.get_by_label("Your mid-way review note").fill(
        "Visits are weekly; the parenting course has started."
    )
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("Your mid-way review note is on the plan")).to_be_visible()
    assert_no_axe_violations(page)
    midway = Deadline.objects.get(rule=RuleCode.MIDWAY_REVIEW, subject_id=plan.pk)
    assert midway.status == DeadlineStatus.MET_ON_TIME

    page.get_by_role("link", name="Request a specialist assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a specialist assessment")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the type of assessment")
    assert_no_axe_violations(page)
    page.get_by_label("Type of assessment").fill("Parenting capacity assessment")
    page.get_by_label("What the assessment is for").fill("Whether Sarah can keep Amelia safe.")
    page.get_by_label("Who will do it").fill("Dr Priya Hollis")
    _fill_date(page, "by_when", timezone.localdate() + datetime.timedelta(weeks=6))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The specialist assessment request is on the plan")).to_be_visible()
    expect(page.locator("#specialist-assessments ~ .app-table-scroll table")).to_contain_text(
        "Dr Priya Hollis"
    )
    assert_no_axe_violations(page)
    assert SpecialistAssessmentRequest.objects.get(plan=plan).action.who == "Dr Priya Hollis"
