"""Issue 18 item 4 in a real browser: the minute taker opens the minutes from their work list,
starts them and sees the conference's record already in them (the decision, the views and the
dissent, the scores, the plan and the dates); sending them to the chair is refused while the
professionals-only section is still "To be completed", with the error next to it; once written,
they go to the chair, who decides that professionals who sent apologies do not receive them and
approves. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from reports.models import ConferenceMinutes, MinutesStatus
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import send_request
from tests.factories.reports import decided_conference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def decided(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    team = TeamFactory()
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, email="sw@test.example"
    )
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example")
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    minute_taker = UserFactory(
        roles=[RoleCode.MINUTE_TAKER], full_name="Morgan Minutes", email="mt@test.example"
    )
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    return decided_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
        children=[child],
        slot=True,
    )


def as_user(page, email):
    page.context.clear_cookies()
    sign_in(page, email, TEST_PASSWORD)


def test_minutes_start_from_the_record_and_go_to_the_chair(page, decided):
    # The minute taker's work list leads to where the minutes are started.
    as_user(page, "mt@test.example")
    page.goto("/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Amelia Jones").first.click()
    expect(page.get_by_role("heading", name="Minutes of the conference")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Start the minutes").click()
    expect(page.get_by_role("heading", name="Edit the minutes")).to_be_visible()
    assert_no_axe_violations(page)

    # The record is already there.
    texts = "\n".join(
        page.locator(f"#id_sections-{index}-text").input_value() for index in range(12)
    )
    for recorded in (
        "Amelia Jones: Child protection plan under the category of neglect.",
        "The social worker recommended: Child protection plan",
        "Professional 3 (Agency 3): The family are working well with the school.",
        "Safety goal 1: Safety goal 1",
        "Hannah Visitor (Health visitor): 3",
        "Sarah Jones: Attend a parenting course, by 2 December 2026",
        "Contingency plan: If the plan is not followed, a strategy discussion is held.",
        "First core group meeting: by",
        "Review conference: by",
    ):
        assert recorded in texts, recorded

    # Sending is refused while the professionals-only section is still to be completed.
    page.get_by_role("button", name="Save and send to the chair").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Complete the section “Professionals-only discussion”: it still says “To be completed”"
    )
    expect(page.locator("#id_sections-6-text-error")).to_be_visible()
    assert_no_axe_violations(page)
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_sections-6-text")).to_be_focused()
    page.locator("#id_sections-6-text").fill("The police shared intelligence about a visitor.")
    page.get_by_role("button", name="Save and send to the chair").click()
    expect(page.get_by_text("sent to the chair for approval")).to_be_visible()
    assert_no_axe_violations(page)
    assert ConferenceMinutes.objects.get().status == MinutesStatus.WITH_CHAIR

    # The chair decides who receives them, then approves.
    as_user(page, "chair@test.example")
    page.goto(f"/reports/conferences/{decided.pk}/minutes/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Change whether the professionals who sent apologies").click()
    expect(page.get_by_role("heading", name="Who receives the minutes")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("No, do not send them the minutes").check()
    page.get_by_role("button", name="Save your decision").click()
    expect(page.get_by_text("Do not receive the minutes")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.get_by_text("You have approved the minutes")).to_be_visible()
    assert_no_axe_violations(page)
    minutes = ConferenceMinutes.objects.get()
    assert minutes.status == MinutesStatus.APPROVED and minutes.apologies_receive_copy is False
