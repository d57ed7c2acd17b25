"""Holding the conference in a real browser: the chair starts the conference, records attendance
(seeing quoracy explained), then types the Signs of Safety record, adds danger statements with
their safety goals and records a participant's score for each danger statement (issue 17 item 11)
and corrects one; a fifth danger statement and a score of 11 are refused with nothing typed lost.
Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences.models import DangerStatement, SafetyScaleScore
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import (
    booked_conference,
    move_to_today,
    send_invitations,
    send_request,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conference():
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    minute_taker = UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes")
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child, person=PersonFactory(forename="Sarah"), relationship=Relationship.MOTHER
    )
    ProfessionalInvolvementFactory(child=child, name="Hannah Visitor")
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    send_invitations(conference=conference, by=coordinator)
    return move_to_today(conference)


def test_the_chair_records_attendance_and_the_signs_of_safety_record(page, conference):
    sign_in(page, "chair@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Attendance and quoracy").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start the conference").click()
    expect(page.locator("#quoracy")).to_contain_text("Not quorate")
    assert_accessible(page)

    page.get_by_label("Attendance of Hannah Visitor").select_option(label="Attended")
    page.locator("#id_parents_met_chair_beforehand_0").check()
    page.get_by_role("button", name="Add this person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person's name")
    expect(page.get_by_label("Attendance of Hannah Visitor")).to_have_value("attended")
    assert_accessible(page)

    page.get_by_role("link", name="Signs of Safety record").first.click()
    assert_accessible(page)
    page.get_by_label("What is working well?").fill("Grandmother visits every day.")
    for n in range(1, 5):
        page.get_by_label("Danger statement", exact=True).fill(f"Danger {n}")
        page.get_by_label("Safety goal", exact=True).fill(f"Goal {n}")
        page.get_by_role("button", name="Save and add the danger statement").click()
        expect(page.locator(".govuk-notification-banner, .govuk-table").first).to_be_visible()
        assert_accessible(page)
    expect(page.get_by_text("All 4 danger statements are set")).to_be_visible()
    assert DangerStatement.objects.count() == 4

    # Issue 17 item 11: a score for each danger statement for the child; the chair corrects one.
    page.get_by_label("Who gave the scores?").fill("Sarah Jones")
    page.get_by_label("Safety scale 1 for Amelia Jones").fill("11")
    page.get_by_role("button", name="Save and record the scores").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a score from 0 to 10")
    expect(page.get_by_label("Who gave the scores?")).to_have_value("Sarah Jones")
    expect(page.get_by_label("What is working well?")).to_have_value(
        "Grandmother visits every day."
    )
    assert_accessible(page)
    page.get_by_label("Safety scale 1 for Amelia Jones").fill("6")
    page.get_by_label("Safety scale 2 for Amelia Jones").fill("4")
    page.get_by_role("button", name="Save and record the scores").click()
    expect(
        page.get_by_role(
            "img", name="Safety scale for Amelia Jones, danger statement 1: Sarah Jones 6"
        )
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Correct the scores of Sarah Jones").click()
    expect(page.get_by_label("Safety scale 1 for Amelia Jones")).to_have_value("6")
    assert_accessible(page)
    page.get_by_label("Safety scale 1 for Amelia Jones").fill("7")
    page.get_by_role("button", name="Save and record the scores").click()
    expect(
        page.get_by_role(
            "img", name="Safety scale for Amelia Jones, danger statement 1: Sarah Jones 7"
        )
    ).to_be_visible()
    expect(page.get_by_text("(corrected)")).to_be_visible()
    assert_accessible(page)
    scores = {row.danger_statement.position: row for row in SafetyScaleScore.objects.all()}
    assert (scores[1].score, scores[2].score) == (7, 4)
    assert [h.score for h in scores[1].history.order_by("history_id")] == [6, 7]
