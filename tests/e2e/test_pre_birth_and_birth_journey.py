"""Issue 22 item 3 in a real browser, axe on every page: a baby on a plan from a pre-birth
conference (built through the services, as the other journeys build their earlier state) is
born; the social worker records the birth (a mistake first, shown next to its field), sees the
deadline to reconvene on the child's page, the plan and their work list; the coordinator books
the reconvened conference in the browser; it is held (through the services: holding has its own
browser tests) and the deadline is met. The dashboard shows the pre-birth window of the policy."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Child, Relationship
from conferences import services
from conferences.models import Conference, ConferenceKind, ConferenceStatus
from plans.models import ChildProtectionPlan, PlanStatus
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    FamilyLinkFactory,
    PersonFactory,
    UnbornChildFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import (
    add_danger_statements,
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
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RULE = "Conference reconvened after the birth"


@pytest.fixture
def pre_birth_plan(clock):
    """An unborn baby at 27 weeks, on a plan from a pre-birth conference held today; then twelve
    weeks pass."""
    team = TeamFactory()
    manager = UserFactory(
        roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency, email="tm@test.example"
    )
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        line_manager=manager,
        full_name="Sam Social",
        email="sw@test.example",
    )
    coordinator = UserFactory(
        roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example", full_name="Cora Ord"
    )
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair")
    minute_taker = UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes")
    venue("Room 1, Civic Centre")
    unborn = UnbornChildFactory(
        legal_surname="Jones",
        lead_social_worker=worker,
        expected_date_of_delivery=timezone.localdate() + datetime.timedelta(weeks=13),
    )
    FamilyLinkFactory(
        child=unborn,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[unborn])
    )
    conference = started_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    assert conference.kind == ConferenceKind.PRE_BIRTH
    make_quorate(conference, by=minute_taker)
    add_danger_statements(conference, by=minute_taker, count=1)
    decide_every_child(conference, chair=chair)
    plan = ChildProtectionPlan.objects.get(child=unborn, status=PlanStatus.ACTIVE)
    clock.shift(datetime.timedelta(weeks=12))  # the baby arrives the week before it is due
    return plan, coordinator, chair, minute_taker


def _fill_date(scope, day: datetime.date):
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


def _reconvene_deadline(child):
    return Deadline.objects.get(rule=RuleCode.BIRTH_RECONVENE, child=child)


def test_a_baby_on_a_pre_birth_plan_is_born_and_the_conference_reconvenes(page, pre_birth_plan):
    plan, coordinator, chair, minute_taker = pre_birth_plan
    baby = plan.child
    born_on = timezone.localdate() - datetime.timedelta(days=1)

    # The social worker records the birth from the baby's page.
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/children/{baby.pk}/")
    expect(page.get_by_role("heading", name="Unborn baby Jones", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Record the birth").click()
    expect(page.get_by_role("heading", name="Record the birth", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    expect(page.get_by_label("Legal last name")).to_have_value("Jones")
    # A date in the future: refused, next to the field, nothing saved.
    page.get_by_label("Legal first name").fill("Oliver")
    page.get_by_label("Male", exact=True).check()
    _fill_date(page.locator("#id_date_of_birth"), timezone.localdate() + datetime.timedelta(days=2))
    page.get_by_role("button", name="Record the birth").click()
    expect(page.locator("#id_date_of_birth-error")).to_contain_text(
        "The date of birth must be today or in the past"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("today or in the past")
    assert_no_axe_violations(page)
    assert Child.objects.get(pk=baby.pk).is_unborn
    _fill_date(page.locator("#id_date_of_birth"), born_on)
    page.get_by_role("button", name="Record the birth").click()

    # The baby's page: born, the expected date kept, the deadline to reconvene open.
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The birth of Oliver Jones has been recorded"
    )
    expect(page.get_by_role("heading", name="Oliver Jones", level=1)).to_be_visible()
    expect(page.get_by_text("Expected date of delivery was")).to_be_visible()
    due_on = calendar.add_working_days(born_on, 10)
    row = page.get_by_role("row").filter(has_text=RULE)
    expect(row).to_be_visible()
    assert_no_axe_violations(page)
    deadline = _reconvene_deadline(baby)
    assert (deadline.status, deadline.due_on) == (DeadlineStatus.OPEN, due_on)

    # On the plan and on the social worker's work list too.
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Child protection plan", level=1)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=RULE)).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/")
    expect(page.get_by_role("link", name=RULE)).to_be_visible()
    assert_no_axe_violations(page)

    # The team manager's dashboard shows the deadline and the policy's pre-birth window.
    sign_in(page, "tm@test.example", TEST_PASSWORD)
    page.goto("/timescales/dashboard/?show=all")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timescales dashboard")
    expect(page.locator("#prebirth-window")).to_contain_text("between weeks 24 and 30")
    expect(page.get_by_role("row").filter(has_text=RULE)).to_contain_text("Oliver Jones")
    assert_no_axe_violations(page)

    # The coordinator books the reconvened conference (the plan's review) in the browser.
    review = services.schedule_review_conference(plan=plan, by=coordinator)
    services.allocate_review_chair(conference=review, chair=chair, by=coordinator)
    when = working_day_at(3)
    sign_in(page, "co@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{review.pk}/book/")
    expect(page.get_by_role("heading", name="Book the conference")).to_be_visible()
    assert_no_axe_violations(page)
    _fill_date(page.locator("#id_date"), when)
    page.get_by_label("Start time").fill(when.strftime("%H:%M"))
    page.get_by_label("Room").select_option(label="Room 1, Civic Centre")
    page.get_by_label("Minute taker").select_option(label="Mina Minutes")
    page.get_by_role("button", name="Book the conference").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conference for Oliver Jones")
    expect(page.get_by_text("Room 1, Civic Centre")).to_be_visible()
    assert_no_axe_violations(page)
    review = Conference.objects.get(pk=review.pk)
    assert (review.kind, review.status) == (ConferenceKind.REVIEW, ConferenceStatus.BOOKED)

    # Held on its day (through the services), the plan continues and the deadline is met.
    send_invitations(conference=review, by=coordinator)
    move_to_today(review)
    review = services.start_conference(conference=review, by=chair)
    make_quorate(review, by=minute_taker)
    decide_every_child(review, chair=chair)
    review.refresh_from_db()
    assert review.status == ConferenceStatus.HELD
    assert _reconvene_deadline(baby).status == DeadlineStatus.MET_ON_TIME

    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Child protection plan", level=1)).to_be_visible()
    met = page.get_by_role("row").filter(has_text=RULE)
    expect(met).to_contain_text("Met on time")
    assert_no_axe_violations(page)
    page.goto(f"/children/{baby.pk}/")
    expect(page.get_by_role("heading", name="Oliver Jones", level=1)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=RULE)).to_have_count(0)
    assert_no_axe_violations(page)
