"""Issue 6's journey: an initial conference held end to end in the browser. The chair records
attendance until the conference is quorate, four danger statements with their safety goals and a
score from each participant; takes the professionals' views (one dissenting) and decides a plan;
downloads the draft outline plan; opens the plan with its core group and dates. The minute taker
drafts the minutes, the chair approves them and the coordinator circulates them. Every page is
checked with axe."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import AgencyKind, RoleCode
from children.models import ProfessionalRole, Relationship
from conferences.models import ConferenceStatus, DangerStatement, SafetyScaleScore
from plans.models import ChildProtectionPlan
from reports.models import ConferenceMinutes
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
    agency_professional_for,
    booked_conference,
    move_to_today,
    send_invitations,
    send_request,
)
from tests.factories.voice import children_views
from tests.pdfs import pdf_text
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PARTICIPANTS = [("Sarah Jones", 4), ("Hannah Visitor", 5), ("Pat Police", 3)]


@pytest.fixture
def conference(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    team = TeamFactory()
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, line_manager=manager
    )
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example")
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    minute_taker = UserFactory(
        roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes", email="mt@test.example"
    )
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    agency_professional_for(
        child=child,
        full_name="Hannah Visitor",
        email="hv@test.example",
        agency=AgencyFactory(name="Synthetic Community Health"),
    )
    police = AgencyFactory(name="Synthetic Constabulary", kind=AgencyKind.POLICE)
    ProfessionalInvolvementFactory(
        child=child,
        role=ProfessionalRole.POLICE,
        name="Pat Police",
        agency=police,
        email="pat.police@police.test",
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    send_invitations(conference=conference, by=coordinator)
    conference = move_to_today(conference)  # each born child seen (issue 21)
    children_views(conference)  # and heard: the decision is finalised through the browser
    return conference


def as_user(page, email):
    page.context.clear_cookies()
    sign_in(page, email, TEST_PASSWORD)


def test_an_initial_conference_held_end_to_end(page, conference):
    as_user(page, "chair@test.example")
    page.goto(f"/conferences/{conference.pk}/")
    assert_no_axe_violations(page)
    assert_no_axe_violations(page)

    # Attendance: everyone invited came, with the children's social worker: quorate.
    page.get_by_role("link", name="Attendance and quoracy").click()
    expect(page.get_by_role("button", name="Start the conference")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start the conference").click()
    expect(page.locator("#quoracy")).to_contain_text("Not quorate")
    assert_no_axe_violations(page)
    for select in page.locator("table select").all():
        select.select_option(label="Attended")
    page.locator("#id_parents_met_chair_beforehand_0").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator("#quoracy")).not_to_contain_text("Not quorate")
    expect(page.locator("#quoracy")).to_contain_text("Quorate")
    assert_no_axe_violations(page)

    # The Signs of Safety record: four danger statements with goals, a score from each person.
    page.get_by_role("link", name="Signs of Safety record").first.click()
    expect(page.get_by_label("What is working well?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("What is working well?").fill("Grandmother visits every day.")
    for n in range(1, 5):
        page.get_by_label("Danger statement", exact=True).fill(
            f"Amelia may be hurt again (worry {n})."
        )
        page.get_by_label("Safety goal", exact=True).fill(f"Amelia is safe at home (goal {n}).")
        page.get_by_role("button", name="Save and add the danger statement").click()
        expect(page.locator(".govuk-notification-banner, .govuk-table").first).to_be_visible()
        assert_no_axe_violations(page)
    expect(page.get_by_text("All 4 danger statements are set")).to_be_visible()
    for name, score in PARTICIPANTS:  # a score for each danger statement (issue 17 item 11)
        page.get_by_label("Who gave the scores?").fill(name)
        for n in range(1, 5):
            page.get_by_label(f"Safety scale {n} for Amelia Jones").fill(str(score))
        page.get_by_role("button", name="Save and record the scores").click()
        expect(
            page.get_by_role("table", name="Safety scale scores for Amelia Jones")
        ).to_contain_text(name)
        assert_no_axe_violations(page)
    assert_no_axe_violations(page)
    assert DangerStatement.objects.count() == 4
    assert SafetyScaleScore.objects.count() == 4 * len(PARTICIPANTS)

    # The decision: views (one dissenting), the recommendation, the chair's plan.
    page.goto(f"/conferences/{conference.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="The decision for each child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The decision for each child")
    assert_no_axe_violations(page)
    # Issue 17 item 10: the report is not with the chair, so the chair records why it goes ahead.
    page.get_by_role("link", name="The invitations and report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The conference's invitations and report"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Record the reason").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the conference")
    assert_no_axe_violations(page)
    page.get_by_label("Why does the conference go ahead without them?").fill(
        "The social worker presented the report at the conference."
    )
    page.get_by_role("button", name="Record the reason").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your reason is recorded")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Amelia Jones", exact=True).click()
    expect(page.get_by_label("Professional's name")).to_be_visible()
    assert_no_axe_violations(page)
    for name, role, view, dissent in [
        ("Hannah Visitor", "Health visitor", "Child protection plan", ""),
        ("Pat Police", "Police", "Child protection plan", ""),
        ("Gina GP", "GP", "No further action", "The family are engaging with support."),
    ]:
        page.get_by_label("Professional's name").fill(name)
        page.get_by_label("Their agency or role").fill(role)
        page.locator("fieldset", has_text="What is their view?").get_by_label(view).check()
        if dissent:
            page.get_by_label("They dissent from the decision").check()
            page.get_by_label("Reason for the dissent").fill(dissent)
        page.get_by_role("button", name="Add the view").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("The view is recorded")
        assert_no_axe_violations(page)
    page.locator("fieldset", has_text="What does the social worker recommend?").get_by_label(
        "Child protection plan"
    ).check()
    page.get_by_role("button", name="Save the recommendation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The recommendation is saved"
    )
    assert_no_axe_violations(page)
    page.locator("fieldset", has_text="What is the chair's decision?").get_by_label(
        "Child protection plan"
    ).check()
    page.get_by_label("Rationale").fill("Amelia is at continuing risk of physical harm.")
    page.get_by_label("Physical abuse").check()
    page.get_by_label("Contingency plan").fill("Amelia stays with her grandmother.")
    page.get_by_label("Outcomes for the child").fill("Amelia is safe at home with her mother.")
    page.locator("#id_actions-0-what").fill("Attend a parenting course")
    page.locator("#id_actions-0-who").fill("Sarah Jones")
    by_when = timezone.localdate() + datetime.timedelta(days=28)
    date_input = page.locator("#id_actions-0-by_when")
    date_input.get_by_label("Day").fill(str(by_when.day))
    date_input.get_by_label("Month").fill(str(by_when.month))
    date_input.get_by_label("Year").fill(str(by_when.year))
    page.locator("#id_actions-0-danger_statement_position").select_option("1")
    page.get_by_role("button", name="Save and finalise the decision").click()
    expect(page.locator("body")).to_contain_text("The decision is finalised")
    expect(page.locator("body")).to_contain_text("The conference is held")
    assert_no_axe_violations(page)

    # The draft outline plan for the family, parsed back.
    link = page.get_by_role("link", name=re.compile("Draft outline plan")).first
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    text = pdf_text(pdf.body())
    assert "Amelia Jones" in text and "DRAFT" in text

    # The plan, with its core group and dates.
    page.get_by_role("link", name="Amelia Jones", exact=True).click()
    expect(page.get_by_role("link", name="Amelia Jones's child protection plan")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Amelia Jones's child protection plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child protection plan")
    expect(page.locator("body")).to_contain_text("Hannah Visitor")
    expect(page.locator("body")).to_contain_text("Danger statement 4")
    assert_no_axe_violations(page)
    plan = ChildProtectionPlan.objects.get()
    assert plan.danger_statements.count() == 4
    assert plan.core_group_members.filter(name="Pat Police").exists()
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD
    for rule in (RuleCode.CG_FIRST, RuleCode.RCPC_FIRST, RuleCode.MINUTES):
        assert Deadline.objects.get(rule=rule).status == DeadlineStatus.OPEN
    assert Deadline.objects.get(rule=RuleCode.ICPC_DUE).status == DeadlineStatus.MET_ON_TIME

    # The minutes: drafted, approved, circulated.
    minutes_url = f"/reports/conferences/{conference.pk}/minutes/"
    as_user(page, "mt@test.example")
    page.goto(minutes_url)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start the minutes").click()
    # locator.all() does not wait: wait for the draft's page before reading its sections, or
    # a section still "To be completed" is missed and the minutes cannot be sent.
    expect(page.get_by_role("button", name="Save the minutes")).to_be_visible()
    expect(page.locator("textarea").first).to_be_visible()
    assert_no_axe_violations(page)
    for area in page.locator("textarea").all():
        if "To be completed" in area.input_value():
            area.fill("Child protection plan under the category of physical abuse.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("The minutes have been saved")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send the minutes to the chair").click()
    # Wait for the sending to finish before signing in as the chair: click() does not wait
    # for the form's page, and clearing the cookies or opening another page could beat it.
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The minutes have been sent to the chair for approval"
    )
    assert_no_axe_violations(page)
    as_user(page, "chair@test.example")
    page.goto(minutes_url)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.get_by_text("You have approved the minutes")).to_be_visible()
    assert_no_axe_violations(page)
    as_user(page, "co@test.example")
    page.goto(minutes_url)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Circulate the minutes").click()
    expect(page.get_by_role("button", name="Circulate the minutes")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Circulate the minutes").click()
    expect(page.get_by_text("The minutes have been circulated")).to_be_visible()
    assert_no_axe_violations(page)
    assert ConferenceMinutes.objects.get().circulated_at is not None
    assert any(m.to == ["hv@test.example"] and m.attachments for m in mail.outbox)
    assert Deadline.objects.get(rule=RuleCode.MINUTES).status == DeadlineStatus.MET_ON_TIME
