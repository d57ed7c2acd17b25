"""Issue 21's journey in a real browser, axe on every page: the social worker records seeing and
consulting two siblings (the older with an advocate, the younger declining one); the chair meets
the parents and the older child beforehand, starts the conference, records how each child took
part and decides a plan for each; the plan pages show each child's own views (never a sibling's),
the family safety plan and the safety network; "My plan" is a PDF parsed back for the child's
name and goal.

The quorum and the danger statement are set through the services: their pages have their own
browser tests (test_holding_pages, test_decision_pages)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences.models import ChairMeeting, ChildDecision, DecisionStatus
from plans.models import ChildProtectionPlan
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
    booked_conference,
    make_quorate,
    move_to_today,
    ready_to_decide,
    send_invitations,
    send_request,
)
from tests.pdfs import pdf_text
from voice.models import AdvocacyAnswer, ChildVoice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AMELIA_SAYS = "I want to stay at my school and see my nan on Sundays."
NOAH_SAYS = "Noah drew his house with his mum and his dog in it."


@pytest.fixture
def family(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory()
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        full_name="Sam Social",
        email="sw@test.example",
    )
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    minute_taker = UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes")
    today = timezone.localdate()
    amelia = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=today.replace(year=today.year - 11, day=1),
        lead_social_worker=worker,
    )
    noah = ChildFactory(
        legal_forename="Noah",
        legal_surname="Jones",
        household=amelia.household,
        date_of_birth=today.replace(year=today.year - 4, day=1),
        lead_social_worker=worker,
    )
    mother = PersonFactory(forename="Sarah", surname="Jones")
    for child in (amelia, noah):
        FamilyLinkFactory(child=child, person=mother, relationship=Relationship.MOTHER)
        ProfessionalInvolvementFactory(child=child, name="Hannah Visitor")
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[amelia, noah])
    )
    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    send_invitations(conference=conference, by=coordinator)
    return conference, chair


def _form(page, button):
    return page.locator("form", has=page.get_by_role("button", name=button))


def _fill_date(scope, day: datetime.date):
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


def _saved(page, message):
    expect(page.locator(".govuk-notification-banner")).to_contain_text(message)
    assert_no_axe_violations(page)


def _record_child(page, name, *, alone, methods, views, advocate):
    """The social worker's part of a child's voice page."""
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"The child's voice: {name}")
    assert_no_axe_violations(page)
    seen = _form(page, "Save when the child was seen")
    _fill_date(seen, timezone.localdate() - datetime.timedelta(days=2))
    seen.get_by_label("Yes" if alone else "No", exact=True).check()
    seen.get_by_role("button").click()
    _saved(page, "seen")
    consulted = _form(page, "Save how the child was consulted")
    for method in methods:
        consulted.get_by_label(method).check()
    consulted.get_by_role("button").click()
    _saved(page, "consulted")
    page.get_by_label("The child's wishes and feelings, in their own words").fill(views)
    page.get_by_role("button", name="Save the child's views").click()
    _saved(page, "The child's views are saved")
    advocacy = _form(page, "Save advocacy")
    if advocate:
        advocacy.get_by_label("The child accepted an advocate").check()
        advocacy.get_by_label("The advocate's name").fill("Alex Advocate")
        advocacy.get_by_label("The advocate's organisation").fill("Children's Rights Service")
        advocacy.get_by_label("The advocate attended the conference").check()
    else:
        advocacy.get_by_label("The child declined an advocate").check()
    advocacy.get_by_role("button").click()
    _saved(page, "dvoca")
    page.get_by_role("link", name="Back to the children's voices").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The children's voices")
    assert_no_axe_violations(page)


def _decide_a_plan(page, conference, name):
    """The chair's decision for one child, as test_decision_pages makes it, with the family's
    answer on its own safety plan."""
    page.get_by_role("link", name=name, exact=True).click()
    assert_no_axe_violations(page)
    page.locator("fieldset", has_text="What does the social worker recommend?").get_by_label(
        "Child protection plan"
    ).check()
    page.get_by_role("button", name="Save the recommendation").click()
    _saved(page, "The recommendation is saved")
    page.locator("fieldset", has_text="What is the chair's decision?").get_by_label(
        "Child protection plan"
    ).check()
    page.get_by_label("Rationale").fill(f"{name} is at continuing risk of emotional harm.")
    page.get_by_label("Emotional abuse").check()
    page.get_by_label("Contingency plan").fill("A strategy discussion is held the same day.")
    page.get_by_label("Outcomes for the child").fill("Home is calm and school is every day.")
    page.locator("fieldset", has_text="Did the family bring a safety plan").get_by_label(
        "No"
    ).check()
    page.locator("#id_actions-0-what").fill("Attend a parenting course")
    page.locator("#id_actions-0-who").fill("Sarah Jones")
    _fill_date(
        page.locator("#id_actions-0-by_when"), timezone.localdate() + datetime.timedelta(days=28)
    )
    page.locator("#id_actions-0-danger_statement_position").select_option("1")
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("body")).to_contain_text("The decision is finalised")
    assert_no_axe_violations(page)
    page.goto(f"/conferences/{conference.pk}/decision/")
    assert_no_axe_violations(page)


def test_two_siblings_voices_from_the_first_visit_to_my_plan(page, family):
    conference, chair = family

    # The social worker sees and consults each child; Amelia has an advocate, Noah declines one.
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Each child seen, consulted and heard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The children's voices")
    assert_no_axe_violations(page)
    _record_child(
        page,
        "Amelia Jones",
        alone=True,
        methods=["Met the social worker", "Met the chair before the conference, with an advocate"],
        views=AMELIA_SAYS,
        advocate=True,
    )
    _record_child(
        page,
        "Noah Jones",
        alone=False,
        methods=["Met the social worker"],
        views=NOAH_SAYS,
        advocate=False,
    )
    voices = {v.child.legal_forename: v for v in ChildVoice.objects.select_related("child")}
    assert voices["Amelia"].advocacy == AdvocacyAnswer.ACCEPTED
    assert voices["Noah"].advocacy == AdvocacyAnswer.DECLINED
    assert voices["Amelia"].views == AMELIA_SAYS and voices["Noah"].views == NOAH_SAYS

    # The chair meets the parents, and Amelia with her advocate, before the conference.
    sign_in(page, "chair@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Meetings before the conference").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Record meeting the parents before the conference").click()
    assert_no_axe_violations(page)
    page.get_by_label("Yes").check()
    _fill_date(page, timezone.localdate())
    page.get_by_label("Time the meeting started").fill("9:00am")
    page.get_by_label("How long did it last, in minutes?").fill("30")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator("main")).to_contain_text("30 minutes")
    assert_no_axe_violations(page)
    assert ChairMeeting.objects.get(conference=conference).minutes == 30
    page.goto(f"/voice/conferences/{conference.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Your notes for Amelia Jones").click()
    assert_no_axe_violations(page)
    page.get_by_label("Yes, the child with their advocate").check()
    _fill_date(page, timezone.localdate())
    page.get_by_label("Time of the meeting").fill("9:30am")
    page.get_by_role("button", name="Save your notes").click()
    _saved(page, "")

    # The conference's day: the chair starts it and records how each child took part.
    move_to_today(conference, seen=False)
    page.goto(f"/conferences/{conference.pk}/attendance/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start the conference").click()
    expect(page.locator("#quoracy")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("#id_parents_met_chair_beforehand_0").check()
    page.locator("fieldset", has_text="How did Amelia Jones take part?").get_by_label(
        "Took part through an advocate"
    ).check()
    page.locator("fieldset", has_text="How did Noah Jones take part?").get_by_label(
        "Did not take part"
    ).check()
    page.get_by_label("Why did Noah Jones not take part? (if they did not)").fill(
        "Noah is 4: his drawing and his words came through the social worker."
    )
    page.get_by_role("button", name="Save attendance").click()
    _saved(page, "The attendance is saved")

    make_quorate(conference, by=chair)
    ready_to_decide(conference, with_views=False)
    add_danger_statements(conference, by=chair, count=1)
    page.goto(f"/conferences/{conference.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="The decision for each child").click()
    assert_no_axe_violations(page)
    _decide_a_plan(page, conference, "Amelia Jones")
    _decide_a_plan(page, conference, "Noah Jones")
    assert set(ChildDecision.objects.values_list("status", flat=True)) == {DecisionStatus.FINALISED}

    # Each plan page shows that child's own views; Amelia's shows the family's safety planning.
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    plans = {p.child.legal_forename: p for p in ChildProtectionPlan.objects.select_related("child")}
    page.goto(f"/plans/{plans['Noah'].pk}/")
    expect(page.locator("#childs-views").locator("xpath=..")).to_contain_text(NOAH_SAYS)
    expect(page.locator("main")).not_to_contain_text(AMELIA_SAYS)
    expect(page.locator("main")).to_contain_text("My plan is for children of 8 and over")
    assert_no_axe_violations(page)

    page.goto(f"/plans/{plans['Amelia'].pk}/")
    expect(page.locator("main")).to_contain_text(AMELIA_SAYS)
    expect(page.locator("main")).not_to_contain_text(NOAH_SAYS)
    expect(page.locator("main")).to_contain_text("forming one is in the actions")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Record the family safety plan").click()
    assert_no_axe_violations(page)
    page.get_by_label("What daily life will look like").fill(
        "Nan collects Amelia and Noah from school every day and stays until mum is home."
    )
    page.locator("fieldset", has_text="Is it agreed with the family?").get_by_label("Yes").check()
    _fill_date(page.locator("fieldset", has_text="Date it was agreed"), timezone.localdate())
    page.get_by_label("Who in the family agreed it").fill("Sarah Jones")
    page.locator("fieldset", has_text="Has words and pictures been done").get_by_label("No").check()
    page.get_by_role("button").filter(has_text="Save").click()
    _saved(page, "The family safety plan is saved")
    page.get_by_role("link", name="Add someone to the safety network").click()
    assert_no_axe_violations(page)
    page.get_by_label("Name").fill("Gwen Ashworth")
    page.get_by_label("Who they are to the child").fill("Grandmother")
    page.get_by_label("How they are involved").fill("Collects the children from school")
    page.get_by_label("How they are kept informed").fill("A call after each core group meeting")
    page.get_by_role("button").filter(has_text="Save").or_(
        page.get_by_role("button").filter(has_text="Add")
    ).first.click()
    _saved(page, "The safety network member is added")
    main = page.locator("main")
    expect(main).to_contain_text("Nan collects Amelia and Noah from school every day")
    expect(main).to_contain_text("Yes, with Sarah Jones")
    expect(page.locator("#safety-network").locator("xpath=..")).to_contain_text("Gwen Ashworth")

    # "My plan": a real PDF, parsed back, with Amelia's name and her safety goal.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download My plan (PDF)").click()
    content = download.value.path().read_bytes()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Amelia" in text
    assert "Safety goal 1" in text
