"""Reviews in a real browser (issue 7 part 6): the coordinator schedules the review conference
from the plan page, allocates its chair and books it; at the review the chair decides the plan
ends with a step-down Child in Need plan (at the first review, with the service manager's
agreement, refused without it). Every page is checked with axe."""

import datetime

import pytest
from django.db.models import F
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences import services
from conferences.models import Conference, ConferenceKind, ConferenceStatus
from plans.models import ChildInNeedPlan, ChildProtectionPlan, PlanStatus
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
    give_views,
    make_quorate,
    move_to_today,
    ready_to_decide,
    send_invitations,
    send_request,
    started_conference,
    venue,
    working_day_at,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
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
        "service_manager": UserFactory(roles=[RoleCode.SERVICE_MANAGER], full_name="Sam Service"),
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
    # The initial conference was held three months ago: the review, later today, may use the room.
    Conference.objects.filter(pk=initial.pk).update(
        starts_at=F("starts_at") - datetime.timedelta(days=91),
        ends_at=F("ends_at") - datetime.timedelta(days=91),
    )
    venue()
    people["plan"] = ChildProtectionPlan.objects.get(child=child)
    return people


def test_the_coordinator_schedules_a_review_and_the_chair_ends_the_plan(page, people):
    plan = people["plan"]
    sign_in(page, "co@test.example", TEST_PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Schedule the review conference").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Allocate the chair of the review conference"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Allocate the chair").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select an independent chair")
    assert_no_axe_violations(page)
    page.get_by_label("Independent chair").select_option(label="Rita Review")
    page.get_by_role("button", name="Allocate the chair").click()

    expect(page.get_by_role("heading", name="Book the conference")).to_be_visible()
    assert_no_axe_violations(page)
    when = working_day_at(15)
    date_input = page.locator("#id_date")
    date_input.get_by_label("Day").fill(str(when.day))
    date_input.get_by_label("Month").fill(str(when.month))
    date_input.get_by_label("Year").fill(str(when.year))
    page.get_by_label("Start time").fill(when.strftime("%H:%M"))
    page.get_by_label("Room").select_option(label="Room 1, Civic Centre")
    page.get_by_role("button", name="Book the conference").click()
    expect(page.locator("body")).to_contain_text("The conference is booked")
    assert_no_axe_violations(page)

    review = Conference.objects.get(kind=ConferenceKind.REVIEW)
    assert (review.status, review.request_id) == (ConferenceStatus.BOOKED, None)
    page.goto(f"/plans/{plan.pk}/")
    expect(page.locator("body")).to_contain_text("Review conference: booked for")
    assert_no_axe_violations(page)

    # The review is held today: invitations from the core group, started, quorate, views given.
    send_invitations(conference=review, by=people["coordinator"])
    move_to_today(review)
    services.start_conference(conference=review, by=people["review_chair"])
    ready_to_decide(make_quorate(review, by=people["review_chair"]))
    (decision,) = services.open_decisions(conference=review, by=people["review_chair"])
    give_views(decision, by=people["review_chair"], views=["cin_plan"] * 3)

    page.context.clear_cookies()
    sign_in(page, "rita@test.example", TEST_PASSWORD)
    # The review's record starts from what has happened since the last conference.
    page.goto(f"/conferences/{review.pk}/record/")
    expect(page.locator("body")).to_contain_text("Since the last conference")
    expect(page.get_by_role("table", name="Progress on the plan's actions")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(f"/conferences/{review.pk}/decision/{plan.child_id}/")
    expect(page.locator("body")).to_contain_text("If the review ends the plan")
    assert_no_axe_violations(page)
    page.locator("fieldset", has_text="What is the chair's decision?").get_by_label(
        "Child in need plan"
    ).check()
    page.get_by_label("Rationale").fill("The danger statements are met and the family are safe.")
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "needs the service manager's agreement"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Service manager who agreed ending the plan").select_option(
        label="Sam Service"
    )
    # Issue 17: a significant change of circumstances is recorded with what changed.
    page.get_by_label(
        "The plan ends at its first review on a significant change of circumstances"
    ).check()
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("#id_decision-significant_change_description-error")).to_contain_text(
        "Describe the significant change of circumstances"
    )
    assert_no_axe_violations(page)
    page.get_by_label(
        "The plan ends at its first review on a significant change of circumstances"
    ).uncheck()
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("body")).to_contain_text("The decision is finalised")
    assert_no_axe_violations(page)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED
    assert plan.service_manager_agreement == people["service_manager"]
    assert ChildInNeedPlan.objects.filter(from_plan=plan).exists()
    page.goto(f"/plans/{plan.pk}/")
    expect(page.locator(".govuk-inset-text")).to_contain_text("The plan ended on")
    expect(page.locator(".govuk-inset-text")).to_contain_text("A Child in Need plan follows")
    assert_no_axe_violations(page)
