"""Changing a booking in a real browser (issue 18 item 1): the coordinator changes the time and
room of a booked conference before the invitations are sent (a plain change, told why a Saturday
is refused next to the date), sends the invitations, then changes the booking again and sees that
updated invitations went out. Every page is checked with axe. That the re-sent calendar invitation
keeps its UID with a higher SEQUENCE is asserted here from the sent email as well as in
tests/conferences/test_booking_changes.py."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import RoleCode
from children.models import Relationship
from conferences.models import Conference, Invitation
from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.factories.accounts import TEST_PASSWORD, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import booked_conference, send_request, venue, working_day_at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conference(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR], email="co@test.example")
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Carol Chair")
    venue("Room 1, Civic Centre")
    venue("Room 2, Civic Centre")
    # Six years old: under the advocacy age, so the invitations are the only email (a random age
    # made this test send an advocacy referral now and then).
    child = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        lead_social_worker=worker,
        date_of_birth=timezone.localdate() - datetime.timedelta(days=6 * 365),
    )
    FamilyLinkFactory(
        child=child, person=PersonFactory(forename="Sarah"), relationship=Relationship.MOTHER
    )
    ProfessionalInvolvementFactory(child=child, name="Hannah Visitor", email="hv@nhs.test")
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    return booked_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        starts_at=working_day_at(3),
        venue=venue("Room 1, Civic Centre"),
    )


def next_saturday() -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)


def fill_date(page, day, time: str, room: str) -> None:
    date_input = page.locator("#id_date")
    date_input.get_by_label("Day").fill(str(day.day))
    date_input.get_by_label("Month").fill(str(day.month))
    date_input.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill(time)
    page.get_by_label("Room").select_option(label=room)


def test_the_coordinator_changes_a_booking_before_and_after_the_invitations(page, conference):
    sign_in(page, "co@test.example", TEST_PASSWORD)
    page.goto(f"/conferences/{conference.pk}/")
    assert_no_axe_violations(page)

    # Before the invitations: a plain change.
    page.get_by_role("link", name="Change the booking").click()
    expect(page.get_by_role("heading", name="Change the booking")).to_be_visible()
    expect(page.get_by_text("The invitations have not been sent yet")).to_be_visible()
    assert_no_axe_violations(page)
    fill_date(page, next_saturday(), "14:00", "Room 2, Civic Centre")
    page.get_by_role("button", name="Change the booking").click()
    expect(page.locator("#id_date-error")).to_contain_text("is a Saturday")
    expect(page.locator(".govuk-error-summary")).to_contain_text("A conference is held on a")
    assert_no_axe_violations(page)
    new_day = working_day_at(4).date()
    fill_date(page, new_day, "14:00", "Room 2, Civic Centre")
    page.get_by_label("Why is the booking changing? (optional)").fill("Room 1 is closed.")
    page.get_by_role("button", name="Change the booking").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The booking is changed")
    expect(page.get_by_text("Booking last changed")).to_be_visible()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Room 2, Civic Centre")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Room 1 is closed.")
    assert_no_axe_violations(page)
    conference.refresh_from_db()
    assert timezone.localtime(conference.starts_at).hour == 14
    assert not Invitation.objects.exists()

    # Send the invitations.
    page.get_by_role("link", name="Invitations, arrangements, advocacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitations and arrangements")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Invitations sent")
    assert_no_axe_violations(page)
    assert len(mail.outbox) == 1
    mail.outbox.clear()

    # After the invitations: the change sends updated invitations.
    page.goto(f"/conferences/{conference.pk}/change-booking/")
    expect(page.get_by_text("everyone invited is sent an updated invitation")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Start time").fill("15:30")
    page.get_by_role("button", name="Change the booking").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Updated invitations were sent again"
    )
    assert_no_axe_violations(page)

    conference = Conference.objects.get(pk=conference.pk)
    assert timezone.localtime(conference.starts_at).strftime("%H:%M") == "15:30"
    (message,) = mail.outbox
    assert message.subject.startswith("Changed: ")
    calendar = next(a for a in message.attachments if not isinstance(a, tuple))
    ics = calendar.get_payload(decode=True).decode()
    assert f"UID:conference-{conference.pk}@" in ics
    assert "SEQUENCE:1" in ics
    letter = Invitation.objects.get(conference=conference, person__isnull=False)
    assert letter.sequence == 1 and letter.letter
