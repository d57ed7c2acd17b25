"""Issue 17 in a real browser. An initial conference for two siblings splits 2-2: the chair
cannot finalise, adjourns, and both children are on interim plans, which the enquirer's search
reports as interim; the police manager's report reaches the chair; the conference reconvenes and
makes the plans. Then a split that continues: the chair finalises, the child remains on a plan,
the decision is escalated and a service manager records a review. Every page is checked with axe.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import AgencyKind, RoleCode
from children.models import Relationship
from conferences import services
from conferences.models import (
    AdjournmentReport,
    Attendance,
    AttendanceKind,
    AttendanceStatus,
    ChildDecision,
    DecisionEscalation,
)
from plans.models import ChildProtectionPlan, PlanStatus
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import (
    add_danger_statements,
    decide,
    make_quorate,
    ready_to_decide,
    send_request,
    started_conference,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BORN = datetime.date(2018, 5, 9)


@pytest.fixture
def setting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    police = AgencyFactory(
        name="Demo Constabulary", kind=AgencyKind.POLICE, known_phone_number="01632 960222"
    )
    health = AgencyFactory(name="Demo Health Visiting", kind=AgencyKind.HEALTH)
    school = AgencyFactory(name="Demo Primary School", kind=AgencyKind.EDUCATION)
    housing = AgencyFactory(name="Demo Housing", kind=AgencyKind.HOUSING)
    people = {
        "police": UserFactory(
            roles=[RoleCode.AGENCY_PROFESSIONAL],
            agency=police,
            full_name="Pat Police",
            email="police@test.example",
        ),
        "health": UserFactory(
            roles=[RoleCode.AGENCY_PROFESSIONAL], agency=health, full_name="Hannah Visitor"
        ),
        "school": UserFactory(
            roles=[RoleCode.AGENCY_PROFESSIONAL], agency=school, full_name="Sam Teacher"
        ),
        "housing": UserFactory(
            roles=[RoleCode.AGENCY_PROFESSIONAL], agency=housing, full_name="Holly Housing"
        ),
    }
    UserFactory(roles=[RoleCode.ENQUIRER], email="ooh@test.example")
    UserFactory(
        roles=[RoleCode.SERVICE_MANAGER], full_name="Sasha Service", email="sm@test.example"
    )
    amelia = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=BORN,
        lead_social_worker=worker,
    )
    noah = ChildFactory(
        legal_forename="Noah",
        legal_surname="Jones",
        date_of_birth=datetime.date(2020, 1, 20),
        lead_social_worker=worker,
    )
    mother = PersonFactory(forename="Sarah")
    for child in (amelia, noah):
        FamilyLinkFactory(child=child, person=mother, relationship=Relationship.MOTHER)
    ProfessionalInvolvementFactory(child=amelia, name="Hannah Visitor")
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[amelia, noah])
    )
    conference = started_conference(request=request, coordinator=coordinator, chair=chair)
    make_quorate(conference, by=chair)
    add_danger_statements(conference, by=chair, count=1)
    ready_to_decide(conference)  # the chair records why it goes ahead without the report
    for user in people.values():
        Attendance.objects.create(
            conference=conference,
            user=user,
            agency=user.agency,
            name=user.full_name,
            capacity="Practitioner",
            kind=AttendanceKind.PROFESSIONAL,
            status=AttendanceStatus.ATTENDED,
        )
    return {"conference": conference, "chair": chair, "people": people, "children": [amelia, noah]}


def _add_view(page, name, agency, view, category=""):
    page.get_by_label("Professional's name").fill(name)
    page.get_by_label("The agency they give the view for").select_option(label=agency)
    page.locator("fieldset", has_text="What is their view?").get_by_label(view).check()
    if category:
        page.get_by_label("Category of plan they give").select_option(label=category)
    page.get_by_role("button", name="Add the view").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The view is recorded")
    assert_no_axe_violations(page)


def _views_by_service(decision, chair, people, views):
    for key, view in views.items():
        services.record_professional_view(
            decision=decision,
            by=chair,
            name=people[key].full_name,
            role="Practitioner",
            view=view,
            category="neglect" if view == "cp_plan" else "",
        )


def _fill_date(page, field, day):
    box = page.locator(f"#id_{field}")
    box.get_by_label("Day").fill(str(day.day))
    box.get_by_label("Month").fill(str(day.month))
    box.get_by_label("Year").fill(str(day.year))


def _plan_worth_the_name(page):
    """Issue 17 item 12: outcomes for the child and a dated action towards a danger statement."""
    page.get_by_label("Outcomes for the child").fill("Amelia is safe and goes to school.")
    page.locator("#id_actions-0-what").fill("Attend a parenting course")
    page.locator("#id_actions-0-who").fill("Sarah Jones")
    by_when = timezone.localdate() + datetime.timedelta(days=28)
    date_input = page.locator("#id_actions-0-by_when")
    date_input.get_by_label("Day").fill(str(by_when.day))
    date_input.get_by_label("Month").fill(str(by_when.month))
    date_input.get_by_label("Year").fill(str(by_when.year))
    page.locator("#id_actions-0-danger_statement_position").select_option("1")


def test_a_split_icpc_places_siblings_on_interim_plans_then_makes_the_plans(page, setting):
    conference, chair, people = setting["conference"], setting["chair"], setting["people"]
    amelia, noah = setting["children"]

    # The chair records the views for Amelia in the browser (Noah's by the service): 2-2.
    sign_in(page, "chair@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/decision/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Amelia Jones", exact=True).click()
    expect(page.get_by_label("Professional's name")).to_be_visible()
    assert_no_axe_violations(page)
    _add_view(page, "Hannah Visitor", "Demo Health Visiting", "Child protection plan", "Neglect")
    _add_view(page, "Sam Teacher", "Demo Primary School", "Child protection plan", "Neglect")
    _add_view(page, "Pat Police", "Demo Constabulary", "No further action")
    _add_view(page, "Holly Housing", "Demo Housing", "Child in need plan")
    assert_no_axe_violations(page)
    noahs = ChildDecision.objects.get(conference=conference, child=noah)
    _views_by_service(
        noahs, chair, people, {"health": "cp_plan", "school": "cp_plan", "police": "nfa"}
    )
    services.record_professional_view(
        decision=noahs, by=chair, name="Holly Housing", role="Housing", view="cin_plan"
    )

    decision = page.locator("fieldset", has_text="What is the chair's decision?")
    decision.get_by_label("Child protection plan").check()
    page.get_by_label("Rationale").fill("Amelia is at continuing risk of neglect.")
    page.locator("fieldset", has_text="Category of the plan").get_by_label("Neglect").check()
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("split 2-2")
    assert_no_axe_violations(page)

    page.goto(f"/conferences/{conference.pk}/decision/")
    assert_no_axe_violations(page)
    page.get_by_label("Why is the conference adjourned?").fill(
        "The views are split 2-2: agency managers to report."
    )
    page.get_by_role("button", name="Adjourn the conference").click()
    expect(page.locator("body")).to_contain_text("The conference is adjourned")
    expect(page.locator("#adjournment-reports")).to_contain_text("Demo Constabulary")
    expect(page.locator("#adjournment-reports")).to_contain_text("Not arrived yet")
    assert_no_axe_violations(page)
    interim = {plan.child_id: plan.pk for plan in ChildProtectionPlan.objects.all()}
    assert ChildProtectionPlan.objects.filter(status=PlanStatus.INTERIM).count() == 2
    reconvene_by = conference.__class__.objects.get(pk=conference.pk).reconvene_by

    # The child's page says so.
    page.goto(f"/children/{amelia.pk}/")
    expect(page.locator("body")).to_contain_text("Interim child protection plan")
    assert_no_axe_violations(page)

    # The enquirer's search reports the interim plan.
    page.context.clear_cookies()
    sign_in(page, "ooh@test.example", TEST_PASSWORD)
    page.get_by_role("link", name="Ask whether a child is subject to a plan").first.click()
    expect(page.get_by_label("Who called?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Who called?").fill("DC Priya Patel")
    page.get_by_label("Which agency are they calling from?").select_option(
        label="Demo Constabulary"
    )
    page.get_by_label("Why are they asking?").fill("A neighbour reported shouting.")
    page.get_by_label("The number you called them back on").fill("01632 960222")
    page.get_by_role("button", name="Record the call-back").click()
    expect(page.get_by_label("First name")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("First name").fill("Amelia")
    page.get_by_label("Last name").fill("Jones")
    _fill_date(page, "date_of_birth", BORN)
    page.get_by_role("button", name="Search the list").click()
    expect(
        page.get_by_role("heading", name="Subject to an interim child protection plan")
    ).to_be_visible()
    from core.templatetags.govuk import govuk_date

    expect(page.locator("body")).to_contain_text(
        f"Subject to an interim child protection plan (conference adjourned, reconvenes by "
        f"{govuk_date(reconvene_by)})"
    )
    assert_no_axe_violations(page)

    # The police professional sends their manager's report from their work list.
    page.context.clear_cookies()
    sign_in(page, "police@test.example", TEST_PASSWORD)
    page.goto("/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("Manager's report for the adjourned")).click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send to the chair").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the name of the manager whose report this is"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Manager's name").fill("DI Morgan Reid")
    page.get_by_label("Manager's role").fill("Detective inspector")
    page.get_by_label("The facts or evidence").fill(
        "The injuries were explained; no disclosure was made; but the police hold two recent "
        "domestic abuse call-outs to the address."
    )
    page.get_by_role("button", name="Send to the chair").click()
    expect(page.locator("body")).to_contain_text("The manager's report is sent to the chair")
    assert_no_axe_violations(page)
    assert AdjournmentReport.objects.get(agency=people["police"].agency).is_received

    # The chair sees it arrived, reconvenes, and the views now agree: the plans are made.
    page.context.clear_cookies()
    sign_in(page, "chair@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/decision/")
    assert_no_axe_violations(page)
    expect(page.locator("#adjournment-reports")).to_contain_text("Arrived")
    page.get_by_role("link", name="Read the report from Demo Constabulary").click()
    expect(page.locator("#report-facts")).to_contain_text("domestic abuse call-outs")
    assert_no_axe_violations(page)
    _views_by_service(noahs, chair, people, {"police": "cp_plan"})
    decide(noahs, by=chair, outcome="cp_plan", rationale="Risk of neglect.", category="neglect")
    page.goto(f"/conferences/{conference.pk}/decision/{amelia.pk}/")
    assert_no_axe_violations(page)
    _add_view(page, "Pat Police", "Demo Constabulary", "Child protection plan", "Neglect")
    page.get_by_label("Contingency plan").fill("Amelia stays with her grandmother.")
    _plan_worth_the_name(page)
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("body")).to_contain_text("The decision is finalised")
    assert_no_axe_violations(page)
    services.finalise_decision(decision=noahs, by=chair)
    page.reload()
    expect(page.locator("body")).to_contain_text("The conference is held")
    assert_no_axe_violations(page)

    plans = {plan.child_id: plan for plan in ChildProtectionPlan.objects.all()}
    assert {child: plan.pk for child, plan in plans.items()} == interim  # the same records
    assert {plan.status for plan in plans.values()} == {PlanStatus.ACTIVE}
    page.goto(f"/plans/{plans[amelia.pk].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Child protection plan")
    assert_no_axe_violations(page)


def test_a_split_that_continues_escalates_and_a_service_manager_reviews_it(page, setting):
    conference, chair, people = setting["conference"], setting["chair"], setting["people"]
    amelia, noah = setting["children"]
    split = {"health": "cp_plan", "school": "cp_plan", "police": "nfa", "housing": "cin_plan"}
    for decision in services.open_decisions(conference=conference, by=chair):
        _views_by_service(decision, chair, people, split)
        services.record_decision(
            decision=decision,
            by=chair,
            outcome="cp_plan",
            rationale="The evidence of neglect is clear.",
            category="neglect",
            contingency_plan="The children stay with their grandmother.",
        )
    services.adjourn_conference(conference=conference, by=chair, reason="Split 2-2")

    # Reconvened, still 2-2: the chair finalises; the children remain on plans, escalated.
    sign_in(page, "chair@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/decision/{amelia.pk}/")
    assert_no_axe_violations(page)
    _plan_worth_the_name(page)
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("body")).to_contain_text("The decision is finalised")
    expect(page.locator("body")).to_contain_text("Escalated to senior managers")
    assert_no_axe_violations(page)
    escalation = DecisionEscalation.objects.get(child=amelia)
    assert escalation.plan.status == PlanStatus.ACTIVE

    # The service manager finds it on their work list and records a review.
    page.context.clear_cookies()
    sign_in(page, "sm@test.example", TEST_PASSWORD)
    page.goto("/")
    expect(page.locator("body")).to_contain_text("Escalated decisions to review")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Amelia Jones", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Escalated decision")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record your review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your review")
    assert_no_axe_violations(page)
    page.get_by_label("Your review of the decision").fill(
        "The evidence supports the plan. It continues to the first review conference."
    )
    page.get_by_role("button", name="Record your review").click()
    expect(page.locator("#escalation-review")).to_contain_text("The evidence supports the plan")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="All escalated decisions").click()
    assert_no_axe_violations(page)
    escalation.refresh_from_db()
    assert escalation.is_reviewed
    assert noah  # Noah's decision is still open: only Amelia's was finalised
