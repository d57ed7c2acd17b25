"""Issue 18 item 1: the coordinator changes a booking (time, room, online link) with no
postponement. Before the invitations are sent it is a plain change, recorded in history; after,
the invitations go again (new letters; emails whose calendar invitation has the same UID and a
higher SEQUENCE). The working-day and past rules hold for the new date too; a double POST changes
the booking once and sends once."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from accounts.models import RoleCode
from conferences import booking_changes, services
from conferences.models import ConferenceStatus, Invitation, InviteeKind
from tests.auth import login
from tests.conferences.test_booking_pages import error_next_to
from tests.conferences.test_invitations_service import ics_of, pdf_text
from tests.factories.accounts import UserFactory
from tests.factories.conferences import booked_conference, invited_conference, venue
from tests.shared_world import shareable
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QualityAssuranceNotification,
    RuleCode,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=LONDON)
MONDAY = datetime.datetime(2026, 11, 9, 10, 0, tzinfo=LONDON)
TUESDAY_2PM = datetime.datetime(2026, 11, 10, 14, 0, tzinfo=LONDON)
SATURDAY = datetime.datetime(2026, 11, 14, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _a_working_wednesday(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


@shareable
def booked(conference_request, coordinator, chair):
    return booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, starts_at=MONDAY
    )


@shareable
def invited(conference_request, coordinator, chair):
    conference = invited_conference(
        request=conference_request, coordinator=coordinator, chair=chair, starts_at=MONDAY
    )
    mail.outbox.clear()
    return conference


def change(conference, by, **kwargs):
    kwargs.setdefault("starts_at", TUESDAY_2PM)
    kwargs.setdefault("venue", venue("Room 2"))
    return booking_changes.change_booking(conference=conference, by=by, **kwargs)


# --- Before the invitations are sent ----------------------------------------------------------


def test_a_change_before_invitations_is_a_plain_change_recorded_in_history(booked, coordinator):
    result = change(booked, coordinator, reason="Room 1 is being redecorated.")
    assert result.changed and result.invitations_sent_again == 0
    conference = result.conference
    assert conference.status == ConferenceStatus.BOOKED
    assert conference.starts_at == TUESDAY_2PM
    assert conference.ends_at == TUESDAY_2PM + datetime.timedelta(hours=2)
    assert conference.venue.name == "Room 2"
    assert conference.change_reason == "" and conference.changed_at is None  # not a postponement
    assert not QualityAssuranceNotification.objects.exists()
    assert not Invitation.objects.exists() and not mail.outbox
    latest = conference.history.latest()
    assert latest.history_user == coordinator
    assert latest.history_change_reason == "Booking changed: time and place"
    assert latest.starts_at == TUESDAY_2PM
    assert conference.history.earliest().starts_at is None  # every step is kept
    assert "Changed the time from 9 November 2026 at 10am" in conference.booking_change
    assert "the place from Room 1, Civic Centre to Room 2" in conference.booking_change
    assert "Reason: Room 1 is being redecorated." in conference.booking_change
    assert conference.booking_changed_by == coordinator
    # The invitations are still owed from the booking.
    invites = Deadline.objects.get(rule=RuleCode.INVITES, subject_id=conference.pk)
    assert invites.status == DeadlineStatus.OPEN


def test_an_online_link_alone_can_be_the_place(booked, coordinator):
    result = change(
        booked, coordinator, starts_at=MONDAY, venue=None, online_link="https://meet.example/n"
    )
    assert result.conference.venue is None
    assert result.conference.online_link == "https://meet.example/n"
    with pytest.raises(services.ConferenceBookingError) as error:
        change(booked, coordinator, venue=None, online_link="")
    assert error.value.field == "venue"


def test_the_same_change_twice_changes_once(booked, coordinator):
    change(booked, coordinator)
    count = booked.history.count()
    again = change(booked, coordinator)
    assert not again.changed
    assert booked.history.count() == count


@pytest.mark.parametrize(
    ("when", "field", "words"),
    [
        (SATURDAY, "starts_at", "is a Saturday"),
        (datetime.datetime(2026, 12, 25, 10, 0, tzinfo=LONDON), "starts_at", "bank holiday"),
        (WEDNESDAY - datetime.timedelta(days=1), "starts_at", "has passed"),
        (WEDNESDAY - datetime.timedelta(minutes=30), "start_time", "start time has passed"),
    ],
)
def test_the_new_date_must_be_a_working_day_and_not_in_the_past(
    booked, coordinator, when, field, words
):
    with pytest.raises(services.ConferenceBookingError, match=words) as error:
        change(booked, coordinator, starts_at=when, late_reason="Needed for a later date.")
    assert error.value.field == field
    booked.refresh_from_db()
    assert booked.starts_at == MONDAY


def test_the_new_time_must_not_double_book_the_chair(booked, coordinator, chair, worker):
    from tests.conferences.test_booking_service import other_request

    services.book_conference(
        conference=services.allocate_chair(
            request=other_request(worker), chair=chair, by=coordinator
        ),
        starts_at=TUESDAY_2PM,
        online_link="https://meet.example/other",
        by=coordinator,
    )
    with pytest.raises(services.ConferenceBookingError, match="already chairing") as error:
        change(booked, coordinator)
    assert error.value.field == "starts_at"


def test_moving_past_the_initial_conference_due_date_needs_a_reason(booked, coordinator, enquiries):
    from timescales import calendar

    late_day = calendar.add_working_days(WEDNESDAY.date(), 25)
    late = datetime.datetime.combine(late_day, datetime.time(10), tzinfo=LONDON)
    with pytest.raises(services.ConferenceBookingError, match="is due by") as error:
        change(booked, coordinator, starts_at=late)
    assert error.value.field == "late_reason"
    result = change(booked, coordinator, starts_at=late, late_reason="The father is in hospital.")
    assert result.conference.late_reason == "The father is in hospital."
    icpc = Deadline.objects.filter(rule=RuleCode.ICPC_DUE, subject_id__in=[e.pk for e in enquiries])
    assert {deadline.delay_reason for deadline in icpc} == {"The father is in hospital."}


@pytest.mark.parametrize("role", [RoleCode.SOCIAL_WORKER, RoleCode.CHAIR, RoleCode.QA_MANAGER])
def test_only_a_coordinator_changes_a_booking(booked, role):
    with pytest.raises(services.ConferenceBookingError, match="Only a conference coordinator"):
        change(booked, UserFactory(roles=[role]))


def test_a_postponed_conference_is_re_booked_not_changed(booked, coordinator, service_manager):
    services.postpone_conference(
        conference=booked,
        reason="The chair is unwell.",
        agreed_by=service_manager,
        chair_agreed=True,
        caused_by="conference_service",
        by=coordinator,
    )
    with pytest.raises(services.ConferenceBookingError, match="Only a booked conference"):
        change(booked, coordinator)


# --- After the invitations were sent ------------------------------------------------------------


def test_a_change_after_invitations_re_sends_them_with_the_same_uid_and_a_higher_sequence(
    invited, coordinator, django_capture_on_commit_callbacks
):
    mother = Invitation.objects.get(
        conference=invited, kind=InviteeKind.FAMILY, person__forename="Sarah"
    )
    first_letter = mother.letter.name
    first_sent_on = mother.sent_at.astimezone(ZoneInfo("Europe/London")).date()
    assert mother.sequence == 0
    assert "replaces our letter" not in " ".join(pdf_text(mother).split())
    with django_capture_on_commit_callbacks(execute=True):
        result = change(invited, coordinator)
    assert result.changed and result.invitations_sent_again >= 2

    mother.refresh_from_db()
    assert mother.sequence == 1
    assert mother.letter.name != first_letter
    assert "10 November 2026" in pdf_text(mother) and "2pm" in pdf_text(mother)
    assert "Room 2" in pdf_text(mother)
    # The new letter says which letter it replaces.
    assert (
        f"This letter replaces our letter of {first_sent_on.day} "
        f"{first_sent_on:%B %Y}" in " ".join(pdf_text(mother).split())
    )
    assert first_letter in {row.letter for row in mother.history.all()}

    (message,) = mail.outbox  # the health visitor
    assert message.subject.startswith("Changed: ")
    assert "The details of this conference have changed" in message.body
    ics = ics_of(message)
    assert f"UID:conference-{invited.pk}@" in ics
    assert "SEQUENCE:1" in ics
    assert "DTSTART:20261110T140000Z" in ics
    assert "Room 2" in ics

    conference = result.conference
    assert conference.invitations_sent_at == WEDNESDAY
    assert conference.history.filter(
        history_change_reason="Booking changed: time and place", history_user=coordinator
    ).exists()
    assert not QualityAssuranceNotification.objects.exists()

    # Submitting the same change again sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = change(invited, coordinator)
    assert not again.changed and not mail.outbox
    mother.refresh_from_db()
    assert mother.sequence == 1

    # A second, different change goes up again.
    with django_capture_on_commit_callbacks(execute=True):
        change(invited, coordinator, starts_at=TUESDAY_2PM + datetime.timedelta(hours=1))
    assert "SEQUENCE:2" in ics_of(mail.outbox[0])
    assert f"UID:conference-{invited.pk}@" in ics_of(mail.outbox[0])


# --- The page ---------------------------------------------------------------------------------


def form_data(when, **overrides):
    data = {
        "date_day": str(when.day),
        "date_month": str(when.month),
        "date_year": str(when.year),
        "start_time": when.strftime("%H:%M"),
        "end_time": "",
        "venue": str(venue("Room 2").pk),
        "online_link": "",
        "late_reason": "",
        "reason": "",
    }
    data.update(overrides)
    return data


def test_the_conference_page_links_to_change_the_booking_for_the_coordinator_only(
    client, booked, coordinator, chair, worker
):
    login(client, coordinator)
    page = client.get(f"/conferences/{booked.pk}/").content.decode()
    assert f'href="/conferences/{booked.pk}/change-booking/"' in page
    assert "Change the booking" in page
    for user in (chair, worker, UserFactory(roles=[RoleCode.QA_MANAGER])):
        login(client, user)
        page = client.get(f"/conferences/{booked.pk}/").content.decode()
        assert "change-booking" not in page
        assert client.get(f"/conferences/{booked.pk}/change-booking/").status_code == 403
        assert (
            client.post(
                f"/conferences/{booked.pk}/change-booking/", form_data(TUESDAY_2PM)
            ).status_code
            == 403
        )
    booked.refresh_from_db()
    assert booked.starts_at == MONDAY


def test_the_change_page_is_filled_in_and_says_why_next_to_the_date(
    client, booked, coordinator, django_assert_max_num_queries
):
    login(client, coordinator)
    url = f"/conferences/{booked.pk}/change-booking/"
    client.get(url)  # warm the per-process caches
    with django_assert_max_num_queries(25):
        body = client.get(url).content.decode()
    assert "Change the booking" in body
    assert 'value="9"' in body and 'value="10:00"' in body
    assert "invitations have not been sent yet" in body
    response = client.post(url, form_data(SATURDAY))
    assert response.status_code == 200
    body = response.content.decode()
    assert "is a Saturday" in error_next_to(body, "date")
    assert "govuk-error-summary" in body
    booked.refresh_from_db()
    assert booked.starts_at == MONDAY


def test_a_double_post_changes_the_booking_once_and_sends_once(
    client, invited, coordinator, django_capture_on_commit_callbacks
):
    login(client, coordinator)
    url = f"/conferences/{invited.pk}/change-booking/"
    assert "were sent on" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, form_data(TUESDAY_2PM, reason="The chair asked."))
        second = client.post(url, form_data(TUESDAY_2PM, reason="The chair asked."))
    assert first.status_code == second.status_code == 302
    assert invited.history.filter(history_change_reason__startswith="Booking changed").count() == 1
    assert len(mail.outbox) == 1
    assert "SEQUENCE:1" in ics_of(mail.outbox[0])
    page = client.get(f"/conferences/{invited.pk}/").content.decode()
    assert "10 November 2026 at 2pm" in page
    assert "Booking last changed" in page and "The chair asked." in page
