"""Issue 18 item 1: a conference is booked on a working day only (not a weekend, a bank holiday or
the authority's closure day) and not in the past, whichever way the date is set (booking,
re-booking after a postponement); the booking form says why next to the date."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from conferences import services
from conferences.booking_days import booking_time_problem, why_not_a_working_day
from conferences.models import ConferenceStatus
from tests.auth import login
from tests.conferences.test_booking_pages import booking_data, error_next_to
from tests.factories.conferences import booked_conference, venue
from tests.shared_world import shareable
from timescales.models import Deadline, NonWorkingDay, NonWorkingDayKind, RuleCode

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=LONDON)
SATURDAY = datetime.datetime(2026, 11, 7, 10, 0, tzinfo=LONDON)
MONDAY = datetime.datetime(2026, 11, 9, 10, 0, tzinfo=LONDON)
CLOSURE = datetime.datetime(2026, 11, 12, 10, 0, tzinfo=LONDON)  # a Thursday
CHRISTMAS = datetime.datetime(2026, 12, 25, 10, 0, tzinfo=LONDON)  # a Friday


# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_at(WEDNESDAY)]


@shareable
def closure_day(db):
    return NonWorkingDay.objects.create(
        date=CLOSURE.date(), name="Council offices closed", kind=NonWorkingDayKind.CLOSURE
    )


@shareable
def allocated(conference_request, coordinator, chair):
    return services.allocate_chair(request=conference_request, chair=chair, by=coordinator)


def test_why_a_day_is_not_a_working_day(closure_day, settings):
    settings.AUTHORITY_NAME = "Demo Borough Council"
    assert why_not_a_working_day(SATURDAY.date()) == "a Saturday"
    assert why_not_a_working_day(SATURDAY.date() + datetime.timedelta(days=1)) == "a Sunday"
    assert why_not_a_working_day(CHRISTMAS.date()).startswith("a bank holiday (")
    assert why_not_a_working_day(CLOSURE.date()) == (
        "a day Demo Borough Council is closed (Council offices closed)"
    )
    assert why_not_a_working_day(MONDAY.date()) == ""


def test_a_rule_based_bank_holiday_is_named_when_the_table_has_no_year():
    # 2031 is not in the GOV.UK table: workalendar's England & Wales rules say.
    assert why_not_a_working_day(datetime.date(2031, 12, 25)) == "a bank holiday (Christmas Day)"


@pytest.mark.parametrize(
    ("when", "field", "words"),
    [
        (SATURDAY, "starts_at", "is a Saturday"),
        (CHRISTMAS, "starts_at", "is a bank holiday"),
        (CLOSURE, "starts_at", "Demo Borough Council is closed"),
        (WEDNESDAY - datetime.timedelta(days=1), "starts_at", "has passed"),
        (WEDNESDAY - datetime.timedelta(hours=1), "start_time", "The start time has passed"),
    ],
)
def test_booking_on_a_day_that_is_not_a_working_day_or_in_the_past_is_refused(
    allocated, coordinator, closure_day, settings, when, field, words
):
    settings.AUTHORITY_NAME = "Demo Borough Council"
    with pytest.raises(services.ConferenceBookingError, match=words) as error:
        services.book_conference(
            conference=allocated, starts_at=when, venue=venue(), by=coordinator
        )
    assert error.value.field == field
    allocated.refresh_from_db()
    assert allocated.status == ConferenceStatus.ALLOCATED and allocated.starts_at is None
    assert not Deadline.objects.filter(rule=RuleCode.INVITES).exists()


def test_booking_on_a_working_day_later_today_or_after_is_accepted(allocated, coordinator):
    later_today = WEDNESDAY + datetime.timedelta(hours=3)
    assert booking_time_problem(later_today) is None
    booked = services.book_conference(
        conference=allocated, starts_at=MONDAY, venue=venue(), by=coordinator
    )
    assert booked.status == ConferenceStatus.BOOKED and booked.starts_at == MONDAY


def test_re_booking_after_a_postponement_also_needs_a_working_day(
    conference_request, coordinator, chair, service_manager
):
    conference = booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, starts_at=MONDAY
    )
    services.postpone_conference(
        conference=conference,
        reason="The chair is unwell.",
        agreed_by=service_manager,
        chair_agreed=True,
        caused_by="conference_service",
        by=coordinator,
    )
    with pytest.raises(services.ConferenceBookingError, match="is a Saturday"):
        services.book_conference(
            conference=conference,
            starts_at=SATURDAY + datetime.timedelta(days=7),
            venue=venue(),
            by=coordinator,
        )
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.POSTPONED


def test_the_booking_form_says_why_next_to_the_date(client, allocated, coordinator):
    login(client, coordinator)
    url = f"/conferences/{allocated.pk}/book/"
    response = client.post(url, booking_data(SATURDAY))
    assert response.status_code == 200
    body = response.content.decode()
    assert "is a Saturday: choose another date" in error_next_to(body, "date")
    assert "govuk-error-summary" in body
    assert "#id_date" in body.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    past = client.post(url, booking_data(WEDNESDAY - datetime.timedelta(hours=2)))
    assert "The start time has passed" in error_next_to(past.content.decode(), "start_time")
    allocated.refresh_from_db()
    assert allocated.status == ConferenceStatus.ALLOCATED
    assert client.post(url, booking_data(MONDAY)).status_code == 302
    allocated.refresh_from_db()
    assert allocated.starts_at == MONDAY
