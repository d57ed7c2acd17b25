"""Issue 7's whole story in a real browser: after the initial conference (set up by factories),
the social worker plans and records the first core group, which develops the plan (a danger
statement and an action added by the core group); a visit is recorded; the first review's chair
continues the plan and writes the mid-way review note; the second review's chair ends it with a
step-down Child in Need plan. axe-core finds no violation on any page.

PostgreSQL's exclusion constraints refuse overlapping bookings of the same room or chair, so each
conference is moved back in time once it is held (as in test_review_pages)."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences import services
from conferences.models import Conference, ConferenceStatus
from plans.models import ChildInNeedPlan, ChildProtectionPlan, PlanStatus, Source
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
    add_danger_statements,
    decide_every_child,
    give_views,
    make_quorate,
    ready_to_decide,
    send_request,
    started_conference,
    started_review,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _move_back(conference, days):
    """A held conference moved `days` into the past, clear of the next booking."""
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=F("starts_at") - datetime.timedelta(days=days),
        ends_at=F("ends_at") - datetime.timedelta(days=days),
    )


@pytest.fixture
def people(settings, tmp_path):
    """Amelia on a child protection plan (emotional abuse) from her initial conference, held
    through the services and moved three months back."""
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory()
    manager = UserFactory(
        roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency, full_name="Tina Manager"
    )
    team.manager = manager
    team.save()
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        line_manager=manager,
        email="sw@test.example",
    )
    people = {
        "worker": worker,
        "coordinator": UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR]),
        "chair": UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair"),
        "first_review_chair": UserFactory(
            roles=[RoleCode.CHAIR], full_name="Rita Review", email="rita@test.example"
        ),
        "second_review_chair": UserFactory(
            roles=[RoleCode.CHAIR], full_name="Rob Review", email="rob@test.example"
        ),
        "minute_taker": UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes"),
    }
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
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
    add_danger_statements(initial, by=people["minute_taker"], count=1)
    decide_every_child(initial, chair=people["chair"])
    _move_back(initial, 91)
    people["plan"] = ChildProtectionPlan.objects.get(child=child)
    return people


def _fill_date(page, prefix, day):
    date_input = page.locator(f"#id_{prefix}")
    date_input.get_by_label("Day").fill(str(day.day))
    date_input.get_by_label("Month").fill(str(day.month))
    date_input.get_by_label("Year").fill(str(day.year))


def _heading(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_no_axe_violations(page)


def _plan(page, plan):
    page.goto(f"/plans/{plan.pk}/")
    _heading(page, "Child protection plan")


def _review_ready_for_decision(plan, people, chair_key, views):
    """The review booked from the plan, invited to, started, quorate and with views given."""
    chair = people[chair_key]
    review = started_review(plan=plan, coordinator=people["coordinator"], chair=chair)
    ready_to_decide(make_quorate(review, by=chair))
    (decision,) = services.open_decisions(conference=review, by=chair)
    give_views(decision, by=chair, views=views)
    return review


def test_a_plan_from_its_first_core_group_to_its_ending(page, people):
    plan = people["plan"]

    # --- The first core group develops the plan ---------------------------------------------
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Child protection plan", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Plan a core group meeting").click()
    _heading(page, "Plan a core group meeting")
    earlier = timezone.localtime() - datetime.timedelta(minutes=30)
    _fill_date(page, "date", earlier.date())
    page.get_by_label("Start time").fill(earlier.strftime("%H:%M"))
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_role("heading", name="Core group meeting", level=1)).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Record the meeting").click()
    expect(page.get_by_role("heading", name="Record the core group meeting")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="add a danger statement").click()
    _heading(page, "Add a danger statement")
    page.get_by_label("Danger statement", exact=True).fill(
        "Amelia may miss school when her mother is unwell."
    )
    page.get_by_label("Safety goal", exact=True).fill("Amelia goes to school every day.")
    page.get_by_role("button", name="Add the danger statement").click()
    expect(page.get_by_text("The danger statement is added to the plan")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="add an action").click()
    _heading(page, "Add an action")
    page.get_by_label("What is to happen").fill("Walk Amelia to school each morning")
    page.get_by_label("Who will do it").fill("Gran Jones")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("The action is added to the plan")).to_be_visible()
    for radio in page.get_by_role("radio", name="Attended").all():
        radio.check()
    page.get_by_label("Score for danger statement 1 (optional)").fill("6")
    page.get_by_label("Decisions").fill("Sarah will ring the health visitor each week.")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_text("The core group meeting is recorded")).to_be_visible()
    assert_no_axe_violations(page)

    # --- A visit ------------------------------------------------------------------------------
    _plan(page, plan)
    page.get_by_role("link", name="Record a visit").click()
    _heading(page, "Record a visit")
    _fill_date(page, "visited_on", timezone.localdate())
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page.get_by_role("button", name="Record the visit").click()
    expect(page.get_by_text("The visit is recorded")).to_be_visible()
    assert_no_axe_violations(page)

    # The plan page shows what the core group added and the scale it gave.
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_text("Added by the core group on")).to_be_visible()
    expect(page.get_by_text("Walk Amelia to school each morning")).to_be_visible()
    expect(page.get_by_role("img", name="Safety scale over the plan")).to_be_visible()
    # One line per danger statement (issue 17 item 11), each a column of the table.
    expect(
        page.get_by_role("table", name="Safety scale scores, oldest first").get_by_role(
            "columnheader", name="Danger statement 1"
        )
    ).to_be_visible()
    expect(page.locator(".app-scale-chart__line").first).to_be_attached()
    assert_no_axe_violations(page)
    assert plan.danger_statements.filter(source=Source.CORE_GROUP).count() == 1
    assert plan.actions.filter(source=Source.CORE_GROUP).count() == 1

    # --- The first review continues the plan ----------------------------------------------------
    first = _review_ready_for_decision(plan, people, "first_review_chair", ["cp_plan"] * 3)
    page.context.clear_cookies()
    sign_in(page, "rita@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{first.pk}/decision/{plan.child_id}/")
    _heading(page, "The decision for Amelia Jones")
    page.locator("fieldset", has_text="What is the chair's decision?").get_by_label(
        "Child protection plan"
    ).check()
    page.locator("fieldset", has_text="Category of the plan").get_by_label(
        "Emotional abuse"
    ).check()
    page.get_by_label("Rationale").fill("Amelia is safer, but the network is new.")
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("body")).to_contain_text("The decision is finalised")
    assert_no_axe_violations(page)
    plan.refresh_from_db()
    first.refresh_from_db()
    assert (plan.status, plan.reviews_held, first.status) == (
        PlanStatus.ACTIVE,
        1,
        ConferenceStatus.HELD,
    )
    _move_back(first, 45)

    # Between conferences, the review's chair writes the mid-way review note.
    _plan(page, plan)
    page.get_by_role("link", name="Write a mid-way review note").click()
    _heading(page, "Mid-way review note")
    page.get_by_role("group", name="Is the plan progressing?").get_by_label("Yes").check()
    page.get_by_role("group", name="Is the review date right?").get_by_label("Yes").check()
    page.get_by_label("Your mid-way review note").fill("Amelia goes to school every day now.")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("Your mid-way review note is on the plan")).to_be_visible()
    expect(page.get_by_text("Amelia goes to school every day now.")).to_be_visible()
    assert_no_axe_violations(page)

    # --- The second review ends the plan with a step-down Child in Need plan --------------------
    second = _review_ready_for_decision(plan, people, "second_review_chair", ["cin_plan"] * 3)
    page.context.clear_cookies()
    sign_in(page, "rob@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{second.pk}/decision/{plan.child_id}/")
    _heading(page, "The decision for Amelia Jones")
    page.locator("fieldset", has_text="What is the chair's decision?").get_by_label(
        "Child in need plan"
    ).check()
    page.get_by_label("Rationale").fill("The safety goals are met and the network is strong.")
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("body")).to_contain_text("The decision is finalised")
    assert_no_axe_violations(page)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED
    assert plan.ended_by_conference_id == second.pk
    assert ChildInNeedPlan.objects.filter(from_plan=plan).exists()
    page.goto(f"/plans/{plan.pk}/")
    expect(page.locator(".govuk-inset-text")).to_contain_text("The plan ended on")
    expect(page.locator(".govuk-inset-text")).to_contain_text("A Child in Need plan follows")
    assert_no_axe_violations(page)
