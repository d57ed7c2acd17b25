"""Invitations in a real browser: the coordinator sends the invitations and changes the
arrangements, records an advocacy opt-out; the chair records a decision; the invited health
visitor replies from "Your conferences". Every page is checked with axe."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences.models import Invitation, InvitationReply
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import agency_professional_for, booked_conference, send_request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example")
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair", email="chair@test.example")
    # Aged 8: a child of 10 or over is referred to advocacy, which is a second email.
    child = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        lead_social_worker=worker,
        date_of_birth=timezone.localdate() - datetime.timedelta(days=8 * 365 + 30),
    )
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname="Jones"),
        relationship=Relationship.MOTHER,
    )
    helen, _ = agency_professional_for(
        child=child, full_name="Helen Health", email="helen@nhs.test"
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = booked_conference(request=request, coordinator=coordinator, chair=chair)
    return {"conference": conference, "helen": helen, "child": child}


def test_coordinator_sends_invitations_and_keeps_the_arrangements(page, setting):
    conference = setting["conference"]
    sign_in(page, "co@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Invitations, arrangements, advocacy").click()
    expect(page.get_by_role("heading", name="Invitations and arrangements")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Invitations sent")
    expect(
        page.get_by_role("link", name="Download the letter to Sarah Jones (PDF)")
    ).to_be_visible()
    assert_accessible(page)
    assert len(mail.outbox) == 1 and "Amelia" not in mail.outbox[0].subject

    page.get_by_role("link", name="Change the arrangements").click()
    expect(page.get_by_role("heading", name="Arrangements for the conference")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("An interpreter is needed", exact=True).check()
    page.get_by_label("Seating arrangements (optional)").fill("Mother nearest the door")
    page.get_by_role("button", name="Save the arrangements").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the languages")
    expect(page.get_by_label("Seating arrangements (optional)")).to_have_value(
        "Mother nearest the door"
    )
    assert_accessible(page)
    page.get_by_label("Languages an interpreter is needed for").fill("Polish")
    page.get_by_role("button", name="Save the arrangements").click()
    expect(page.get_by_text("Polish: not booked yet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record that a child does not want an advocate").click()
    expect(page.get_by_role("heading", name="A child does not want an advocate")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record the opt-out").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter who said")
    assert_accessible(page)
    page.get_by_label("Amelia Jones").check()
    page.get_by_label("Who said so, and when?").fill("Amelia told her social worker")
    page.get_by_role("button", name="Record the opt-out").click()
    expect(page.get_by_text("Opted out of advocacy: Amelia told her social worker")).to_be_visible()
    assert_accessible(page)


def test_chair_records_a_decision(page, setting):
    conference = setting["conference"]
    sign_in(page, "chair@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/chair-decisions/")
    expect(page.get_by_role("heading", name="Chair's decisions")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("An observer", exact=True).check()
    page.get_by_label("The observer's name and role").fill("Sam Student, student social worker")
    page.get_by_label("Who asked for the observer?").fill("Team manager")
    page.locator("#id_family_agreed_1").check()  # No
    page.locator("#id_agreed_0").check()  # Yes
    page.get_by_label("Reason for your decision").fill("Learning")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("only come if the family agrees")
    expect(page.get_by_label("The observer's name and role")).to_have_value(
        "Sam Student, student social worker"
    )
    assert_accessible(page)
    page.locator("#id_family_agreed_0").check()  # Yes
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("recorded")
    expect(page.get_by_role("cell", name="Agreed", exact=True)).to_be_visible()
    assert_accessible(page)


def test_invited_health_visitor_replies_from_your_conferences(page, setting):
    from conferences import services

    conference = setting["conference"]
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    services.send_invitations(conference=conference, by=coordinator)
    helen = setting["helen"]
    sign_in(page, helen.email, TEST_PASSWORD)
    page.get_by_role("link", name="Your conferences").first.click()
    expect(page.get_by_role("heading", name="Your conferences")).to_be_visible()
    expect(page.get_by_role("link", name="Amelia Jones")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Reply").click()
    expect(page.get_by_role("heading", name="Reply to the invitation")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Sending a briefed substitute").check()
    page.get_by_role("button", name="Send the reply").click()
    expect(page.locator("#id_substitute_name-error")).to_contain_text("Enter the name")
    assert_accessible(page)
    page.get_by_label("Name and role of the person attending instead").fill("Sam Nurse")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_role("heading", name="Your conferences")).to_be_visible()
    expect(page.get_by_text("Sending a briefed substitute: Sam Nurse")).to_be_visible()
    assert_accessible(page)
    invitation = Invitation.objects.get(user=helen)
    assert invitation.reply == InvitationReply.SUBSTITUTE
