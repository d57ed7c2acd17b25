"""Issue 22's journey in a real browser, axe on every page: a child on a plan becomes looked
after. The social worker records the looked-after period on the child's page, sees the prompt
on the work list and the plan page, and asks for an early review with its trigger; the
coordinator gives it a chair and books it, and it is a combined review naming the Independent
Reviewing Officer; it is held (through the services, as the review pages have their own browser
tests) and the plan shows the trigger and the new review deadline, counted from the early
review."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import LookedAfterPeriod, Relationship
from conferences import services
from conferences.models import Conference, ConferenceKind, ConferenceStatus, EarlyReviewTrigger
from plans.models import ChildProtectionPlan, EarlyReviewPrompt, PromptStatus
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
    decide_every_child,
    make_quorate,
    move_to_today,
    send_invitations,
    send_request,
    started_conference,
    venue,
    working_day_at,
)
from timescales import calendar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory()
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        full_name="Sam Social",
        email="sw@test.example",
    )
    people = {
        "worker": worker,
        "coordinator": UserFactory(
            roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example"
        ),
        "chair": UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair"),
        "review_chair": UserFactory(
            roles=[RoleCode.CHAIR], full_name="Rita Review", email="rita@test.example"
        ),
        "minute_taker": UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes"),
    }
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child, person=PersonFactory(forename="Sarah"), relationship=Relationship.MOTHER
    )
    ProfessionalInvolvementFactory(
        child=child, name="Hannah Visitor", email="hannah.visitor@health.example"
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    initial = started_conference(
        request=request,
        coordinator=people["coordinator"],
        chair=people["chair"],
        minute_taker=people["minute_taker"],
    )
    make_quorate(initial, by=people["chair"])
    decide_every_child(initial, chair=people["chair"])
    # The initial conference is out of the way of today's rooms and people.
    Conference.objects.filter(pk=initial.pk).update(
        starts_at=F("starts_at") - datetime.timedelta(days=35),
        ends_at=F("ends_at") - datetime.timedelta(days=35),
    )
    venue()
    people["child"] = child
    people["plan"] = ChildProtectionPlan.objects.get(child=child)
    return people


def _fill_date(scope, day: datetime.date):
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


def _banner(page, message):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)
    assert_no_axe_violations(page)


def test_becoming_looked_after_brings_the_review_forward_as_a_combined_review(page, people):
    plan, child = people["plan"], people["child"]
    today = timezone.localdate()
    first_due = plan.next_review_due
    assert first_due == calendar.add_months(plan.started_on, 3)

    # The social worker records the looked-after period on the child's page.
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/children/{child.pk}/")
    expect(page.locator("#looked-after")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Record that Amelia Jones is looked after").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record that the child is looked after"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date the child became looked after"
    )
    assert_no_axe_violations(page)
    _fill_date(page.locator("#id_started_on"), today)
    page.get_by_label("Interim care order").check()
    page.get_by_label("Independent Reviewing Officer").fill("Imogen Reeve")
    page.get_by_role("button", name="Save").click()
    _banner(page, "The looked-after period is recorded")
    expect(page.get_by_role("table", name="Periods looked after by the authority")).to_contain_text(
        "Imogen Reeve"
    )
    assert LookedAfterPeriod.objects.get(child=child).legal_basis == "interim_care_order"

    # The prompt is on the work list and the plan page.
    page.goto("/")
    expect(page.locator("body")).to_contain_text("Early reviews to consider")
    expect(page.locator("body")).to_contain_text("Became looked after on")
    assert_no_axe_violations(page)
    page.goto(f"/plans/{plan.pk}/")
    expect(page.locator("body")).to_contain_text("Consider an early review")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Ask for an early review").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for an early review")
    expect(page.get_by_label("The child became looked after")).to_be_checked()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ask for the early review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what has happened")
    assert_no_axe_violations(page)
    page.get_by_label("What has happened").fill(
        "Amelia was placed with foster carers under an interim care order."
    )
    page.get_by_role("button", name="Ask for the early review").click()
    _banner(page, "The early review is requested")
    expect(page.locator("body")).not_to_contain_text("Consider an early review")
    expect(page.locator("#early-reviews + dl")).to_contain_text(
        "Brought forward: The child became looked after"
    )
    assert EarlyReviewPrompt.objects.get(plan=plan).status == PromptStatus.REVIEW_REQUESTED

    # The coordinator gives it a chair and books it.
    page.context.clear_cookies()
    sign_in(page, "co@test.example", TEST_PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Allocate the review chair").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Allocate the chair of the review conference"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Independent chair").select_option(label="Rita Review")
    page.get_by_role("button", name="Allocate the chair").click()
    expect(page.get_by_role("heading", name="Book the conference")).to_be_visible()
    assert_no_axe_violations(page)
    when = working_day_at(5)
    _fill_date(page.locator("#id_date"), when)
    page.get_by_label("Start time").fill(when.strftime("%H:%M"))
    page.get_by_label("Room").select_option(label="Room 1, Civic Centre")
    page.get_by_role("button", name="Book the conference").click()
    expect(page.locator("body")).to_contain_text("The conference is booked")
    assert_no_axe_violations(page)

    review = Conference.objects.get(kind=ConferenceKind.REVIEW)
    assert review.status == ConferenceStatus.BOOKED
    assert review.early_review_trigger == EarlyReviewTrigger.BECAME_LOOKED_AFTER
    assert review.combined_with_looked_after_review
    page.goto(f"/conferences/{review.pk}/")
    expect(page.locator("body")).to_contain_text("Combined review")
    expect(page.locator("body")).to_contain_text("Independent Reviewing Officer: Imogen Reeve")
    expect(page.locator("body")).to_contain_text("Brought forward: The child became looked after")
    assert_no_axe_violations(page)

    # It is held today: one meeting, recorded as both; the plan continues.
    send_invitations(conference=review, by=people["coordinator"])
    move_to_today(review)
    services.start_conference(conference=review, by=people["review_chair"])
    make_quorate(review, by=people["review_chair"])
    decide_every_child(review, chair=people["review_chair"])
    review.refresh_from_db()
    assert review.status == ConferenceStatus.HELD
    held_on = timezone.localdate(review.starts_at)
    new_due = calendar.add_months(held_on, 6)
    plan.refresh_from_db()
    assert plan.next_review_due == new_due != first_due

    page.context.clear_cookies()
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    early = page.locator("#early-reviews + dl")
    expect(early).to_contain_text(f"Held {held_on.day} {held_on:%B %Y}")
    expect(early).to_contain_text("Brought forward: The child became looked after")
    expect(early).to_contain_text("Imogen Reeve")
    expect(page.locator("body")).to_contain_text(f"Due by {new_due.day} {new_due:%B %Y}")
    assert_no_axe_violations(page)
