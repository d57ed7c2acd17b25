"""Issue 21 item 5 in a real browser: the chair records that the father was advised not to
attend, then the meeting with the parents (too short without a reason, then with one) from the
page for meetings before the conference. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences.models import ChairMeeting
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import booked_conference, send_request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conference():
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    child = ChildFactory(legal_forename="Amelia", legal_surname="Jones", lead_social_worker=worker)
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Mark", surname="Jones"),
        relationship=Relationship.FATHER,
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    return booked_conference(request=request, coordinator=coordinator, chair=chair)


def test_the_chair_records_the_meetings_before_the_conference(page, conference):
    sign_in(page, "chair@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Meetings before the conference").click()
    assert_accessible(page)
    page.get_by_label("Mark Jones").check()
    page.get_by_label("Why were they advised not to attend?").fill("Risk to the mother")
    page.get_by_role("button", name="Save: the chair will meet them in advance").click()
    expect(page.locator("main")).to_contain_text("Meeting Mark Jones, advised not to attend")
    assert_accessible(page)

    page.get_by_role("link", name="Record meeting the parents before the conference").click()
    assert_accessible(page)
    page.get_by_label("Yes").check()
    page.get_by_label("Day").fill("11")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Time the meeting started").fill("9:00am")
    page.get_by_label("How long did it last, in minutes?").fill("10")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why this meeting")
    assert_accessible(page)
    page.get_by_label("Why was it shorter than 20 minutes?").fill("The parents arrived late")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator("main")).to_contain_text("Shorter than 20 minutes")
    assert_accessible(page)
    assert ChairMeeting.objects.get(conference=conference).minutes == 10
