"""Issue 22 item 5 in a real browser, axe on every page: a Contextual Safeguarding Conference
from the social worker's request (on the child's page) to the conference service's booking, the
chair holding it (the decision form: a professional's, a parent's and the young person's views,
then the decision), the plan with a measurable outcome, the review booked from the plan and held
(the plan continues; the next review is due at CSC_REVIEW_NEXT)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from contextual.models import ContextualConference, CscPlanStatus, CscStatus
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import ChildFactory
from timescales import calendar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    team = TeamFactory()
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        line_manager=manager,
        full_name="Sam Social",
        email="sw@test.example",
    )
    UserFactory(
        roles=[RoleCode.CONFERENCE_COORDINATOR],
        full_name="Colin Coordinator",
        email="cc@test.example",
    )
    UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    UserFactory(
        roles=[RoleCode.AGENCY_PROFESSIONAL],
        agency=AgencyFactory(name="Norfolk Constabulary"),
        full_name="Dana Hollis",
        email="police@test.example",
    )
    today = timezone.localdate()
    return ChildFactory(
        legal_forename="Jayden",
        legal_surname="Marsh",
        date_of_birth=today.replace(year=today.year - 15, day=1),
        lead_social_worker=worker,
    )


def _as(page, email):
    page.context.clear_cookies()
    sign_in(page, email, TEST_PASSWORD)
    assert_no_axe_violations(page)


def _fill_date(page, day: datetime.date):
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))


def _heading(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_no_axe_violations(page)


def _banner(page, message):
    expect(page.locator(".govuk-notification-banner")).to_contain_text(message)
    assert_no_axe_violations(page)


def _errors(page, message):
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    assert_no_axe_violations(page)


def _book(page, hour: str, button: str):
    page.get_by_label("Independent chair").select_option(label="Carol Chair")
    _fill_date(page, timezone.localdate())
    page.get_by_label("Start time").fill(hour)
    page.get_by_label("Where").fill("Room 2, County Hall")
    page.get_by_label("Dana Hollis (Norfolk Constabulary)").check()
    page.get_by_role("button", name=button).click()


def _record_views(page):
    views = [
        ("A professional's view", "Dana Hollis", "Police, Child Exploitation Team", True),
        ("A parent's or carer's view", "Kerry Marsh", "Mother", False),
        ("The young person's view", "Jayden Marsh", "", False),
    ]
    for kind, name, role, professional in views:
        page.get_by_role("link", name="Record a view").first.click()
        _heading(page, "Record a view")
        page.get_by_label(kind).check()
        page.get_by_label("Name", exact=True).fill(name)
        if role:
            page.get_by_label("Role and agency, or relationship to the young person").fill(role)
        page.get_by_label("Their view").fill(f"{name}'s view of the risk and what helps.")
        if professional:
            page.get_by_label("A plan is needed").check()
        page.get_by_role("button", name="Save").click()
        _banner(page, f"{name}'s view is recorded")


def test_a_contextual_safeguarding_conference_from_request_to_plan_and_review(page, people):
    child = people
    today = timezone.localdate()

    # The social worker asks, from the child's page; an empty form shows the error summary.
    _as(page, "sw@test.example")
    page.goto(f"/children/{child.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Ask for a Contextual Safeguarding Conference").click()
    _heading(page, "Ask for a Contextual Safeguarding Conference")
    page.get_by_role("button", name="Send the request").click()
    _errors(page, "Select the harm outside the family the young person is at risk of")
    page.get_by_label("Criminal exploitation").check()
    page.get_by_label("What are the concerns?").fill(
        "Missing overnight three times; found in another county with cash and two phones."
    )
    page.get_by_role("button", name="Send the request").click()
    _banner(page, "The conference service has the request")
    conference = ContextualConference.objects.get(child=child)

    # The conference service books it from its work list, for this afternoon.
    _as(page, "cc@test.example")
    page.locator("#work-contextual-to-book").get_by_role(
        "link", name=child.legal_name, exact=True
    ).click()
    _heading(page, "Book the conference")
    page.get_by_role("button", name="Book the conference").click()
    _errors(page, "Select an independent chair")
    _book(page, "2pm", "Book the conference")
    _banner(page, "The conference is booked")
    page.goto("/contextual/")
    _heading(page, "Contextual Safeguarding Conferences")

    # The chair holds it: the decision form's views, then the decision.
    _as(page, "chair@test.example")
    page.locator("#work-contextual-you-chair").get_by_role(
        "link", name=child.legal_name, exact=True
    ).click()
    _heading(page, "Contextual Safeguarding Conference")
    page.get_by_role("link", name="Record the decision").click()
    _heading(page, "Record the decision")
    page.get_by_label("A contextual safeguarding plan is needed").check()
    page.get_by_label("Reasons for the decision").fill("Significant risk of criminal exploitation.")
    page.get_by_role("button", name="Record the decision").click()
    _errors(page, "Record at least one professional's view before the decision")
    page.get_by_role("link", name="Back to the conference").click()
    _heading(page, "Contextual Safeguarding Conference")
    _record_views(page)
    expect(page.locator("#professionals-views")).to_be_visible()
    page.get_by_role("link", name="Record the decision").click()
    _heading(page, "Record the decision")
    page.get_by_label("A contextual safeguarding plan is needed").check()
    page.get_by_label("Reasons for the decision").fill("Significant risk of criminal exploitation.")
    page.get_by_role("button", name="Record the decision").click()
    _banner(page, "The decision is recorded")
    conference.refresh_from_db()
    assert conference.status == CscStatus.HELD

    # The plan: a measurable outcome, with who and by when.
    page.get_by_role("link", name="the plan").click()
    _heading(page, "Contextual safeguarding plan")
    page.get_by_role("link", name="Add a measurable outcome").click()
    _heading(page, "Add a measurable outcome")
    page.get_by_label("What will change").fill("Jayden is home every night.")
    page.get_by_label("Who is responsible").fill("Sam Social with the family")
    _fill_date(page, today + datetime.timedelta(days=42))
    page.get_by_role("button", name="Save").click()
    _errors(page, "the outcome must be measurable")
    page.get_by_label("How we will know it has changed").fill(
        "No missing-person reports to the police for 6 weeks."
    )
    page.get_by_role("button", name="Save").click()
    _banner(page, "The outcome is added to the plan")
    expect(page.locator("#outcomes")).to_be_visible()
    expect(page.get_by_text("No missing-person reports to the police for 6 weeks.")).to_be_visible()

    # The conference service books the review from the plan; the chair holds it: it continues.
    _as(page, "cc@test.example")
    page.locator("#work-contextual-to-book").get_by_role(
        "link", name=child.legal_name, exact=True
    ).click()
    _heading(page, "Book the review conference")
    _book(page, "4pm", "Book the review")
    _banner(page, "The review conference is booked")

    _as(page, "chair@test.example")
    page.locator("#work-contextual-you-chair").get_by_role(
        "link", name=child.legal_name, exact=True
    ).click()
    _heading(page, "Review Contextual Safeguarding Conference")
    _record_views(page)
    page.get_by_role("link", name="Record the decision").click()
    _heading(page, "Record the decision")
    page.get_by_label("The plan continues").check()
    page.get_by_label("Reasons for the decision").fill("Progress, but the risk remains.")
    page.get_by_role("button", name="Record the decision").click()
    _banner(page, "The decision is recorded")
    page.goto(f"/contextual/plans/{conference.plan_id}/")
    _heading(page, "Contextual safeguarding plan")
    next_due = calendar.add_months(today, 6)
    expect(page.get_by_text(f"Due by {next_due:%-d %B %Y}")).to_be_visible()
    plan = conference.plan
    plan.refresh_from_db()
    assert plan.status == CscPlanStatus.ACTIVE

    # The invited police officer reads the plan, with no link to act on it.
    _as(page, "police@test.example")
    page.goto(f"/contextual/plans/{plan.pk}/")
    _heading(page, "Contextual safeguarding plan")
    expect(page.get_by_role("link", name="Add a measurable outcome")).to_have_count(0)
