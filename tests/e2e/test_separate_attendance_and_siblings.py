"""Issue 18 items 2 and 6 in a real browser: the coordinator records each parent's own arrival
time, time to meet the chair and room, then sends the invitations; the social worker adds a
brother and links the household's family members with their relationships. Axe on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Child, FamilyLink, Relationship
from conferences.models import SeparateArrangement
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.e2e.test_children_journey import fill_child
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
def setting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    team = TeamFactory()
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, email="sw@test.example"
    )
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example")
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair")
    child = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        lead_social_worker=worker,
        date_of_birth=timezone.localdate() - datetime.timedelta(days=6 * 365),
    )
    sarah = PersonFactory(forename="Sarah", surname="Jones")
    mark = PersonFactory(forename="Mark", surname="Jones", address_withheld_from_family=True)
    FamilyLinkFactory(child=child, person=sarah, relationship=Relationship.MOTHER)
    FamilyLinkFactory(child=child, person=mark, relationship=Relationship.FATHER)
    request = send_request(
        by=worker,
        enquiries=enquiries_needing_conference(by=worker, children=[child]),
        separate_attendance_needed=True,
        separate_attendance_details="Mother and father must not meet.",
    )
    conference = booked_conference(request=request, coordinator=coordinator, chair=chair)
    return {"conference": conference, "child": child, "sarah": sarah, "mark": mark}


def test_coordinator_records_separate_arrangements_then_sends(page, setting):
    conference = setting["conference"]
    sign_in(page, "co@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/invitations/")
    expect(page.get_by_role("heading", name="Invitations and arrangements")).to_be_visible()
    expect(page.get_by_text("No separate arrival times yet")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("each parent needs")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Record each person's arrival time").click()
    expect(page.get_by_role("heading", name="Separate arrival times and rooms")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Sarah Jones's arrival time").fill("9am")
    page.get_by_label("Time Sarah Jones meets the chair").fill("9:15am")
    page.get_by_label("Sarah Jones's room (optional)").fill("Willow Room")
    page.get_by_label("Mark Jones's arrival time").fill("9am")
    page.get_by_label("Time Mark Jones meets the chair").fill("9:40am")
    page.get_by_role("button", name="Save the separate arrangements").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("same time")
    assert_no_axe_violations(page)
    page.get_by_label("Mark Jones's arrival time").fill("9:30am")
    page.get_by_role("button", name="Save the separate arrangements").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "separate arrangements are saved"
    )
    assert_no_axe_violations(page)
    assert SeparateArrangement.objects.filter(conference=conference).count() == 2
    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Invitations sent")
    assert_no_axe_violations(page)
    page.goto(f"/conferences/{conference.pk}/")
    expect(page.get_by_text("Separate attendance is arranged")).to_be_visible()
    assert_no_axe_violations(page)


def test_social_worker_adds_a_brother_linked_to_the_household(page, setting):
    child = setting["child"]
    sign_in(page, "sw@test.example", TEST_PASSWORD)
    page.goto(f"/children/{child.pk}/add-brother-or-sister/")
    expect(
        page.get_by_role("heading", name="Family members already recorded for the household")
    ).to_be_visible()
    assert_no_axe_violations(page)
    fill_child(
        page,
        forename="Noah",
        surname="Jones",
        born=timezone.localdate() - datetime.timedelta(days=3 * 365),
    )
    page.get_by_label("Sarah Jones's relationship to the new child").select_option("mother")
    page.get_by_label("Mark Jones's relationship to the new child").select_option("step_parent")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Noah")
    assert_no_axe_violations(page)
    noah = Child.objects.get(legal_forename="Noah")
    assert dict(
        FamilyLink.objects.filter(child=noah).values_list("person__forename", "relationship")
    ) == {"Sarah": "mother", "Mark": "step_parent"}
