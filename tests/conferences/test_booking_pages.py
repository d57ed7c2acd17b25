"""The booking pages: allocating a chair from the request, booking (the ICPC due date, the
warning and the reason), the conference page, postponing, who may see them, and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import RoleCode
from conferences import services
from conferences.models import Conference, ConferenceStatus
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    booked_conference,
    bulk_booked_conferences,
    venue,
    working_day_at,
)
from timescales.models import Deadline, QanKind, QualityAssuranceNotification, RuleCode

pytestmark = pytest.mark.django_db


def error_next_to(body: str, field: str) -> str:
    marker = f'id="id_{field}-error"'
    assert marker in body, f"no error message next to {field}"
    return body.split(marker, 1)[1].split("</p>", 1)[0]


def booking_data(when, **overrides):
    data = {
        "date_day": str(when.day),
        "date_month": str(when.month),
        "date_year": str(when.year),
        "start_time": when.strftime("%H:%M"),
        "end_time": "",
        "venue": str(venue().pk),
        "online_link": "",
        "minute_taker": "",
        "late_reason": "",
    }
    data.update(overrides)
    return data


def test_the_coordinator_allocates_a_chair_from_the_request_page(
    client, coordinator, chair, conference_request
):
    login(client, coordinator)
    page = client.get(f"/conferences/requests/{conference_request.pk}/").content.decode()
    assert "Allocate a chair" in page
    url = f"/conferences/requests/{conference_request.pk}/allocate/"
    form = client.get(url)
    assert form.status_code == 200
    assert chair.full_name in form.content.decode()
    empty = client.post(url, {"chair": ""})
    assert "Select an independent chair" in error_next_to(empty.content.decode(), "chair")
    assert "govuk-error-summary" in empty.content.decode()
    response = client.post(url, {"chair": str(chair.pk)})
    conference = Conference.objects.get()
    assert response.status_code == 302
    assert response.url == f"/conferences/{conference.pk}/book/"
    assert conference.chair == chair


def test_the_booking_form_shows_the_due_date_and_working_days_left(
    client, coordinator, chair, conference_request
):
    conference = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    login(client, coordinator)
    body = client.get(f"/conferences/{conference.pk}/book/").content.decode()
    assert "Initial conference due" in body
    assert "working days left" in body
    assert "govuk-warning-text" not in body
    for label in ("Date of the conference", "Start time", "Room", "Minute taker"):
        assert label in body


def test_booking_past_the_due_date_without_a_reason_warns_keeps_values_and_saves_nothing(
    client, coordinator, chair, conference_request
):
    conference = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    login(client, coordinator)
    late = working_day_at(20)
    response = client.post(
        f"/conferences/{conference.pk}/book/",
        booking_data(late, online_link="https://meet.example/typed"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter why it is being booked after its due date" in error_next_to(body, "late_reason")
    assert "govuk-error-summary" in body
    assert "govuk-warning-text" in body
    assert 'value="https://meet.example/typed"' in body
    assert f'value="{late.year}"' in body
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.ALLOCATED
    assert not Deadline.objects.filter(rule=RuleCode.INVITES).exists()

    response = client.post(
        f"/conferences/{conference.pk}/book/",
        booking_data(late, late_reason="Mother in hospital."),
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.BOOKED
    assert conference.late_reason == "Mother in hospital."


def test_a_double_booking_is_shown_next_to_the_field(
    client, coordinator, chair, conference_request, worker
):
    from tests.conferences.test_booking_service import other_request

    starts = working_day_at(3)
    booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, starts_at=starts
    )
    second = services.allocate_chair(
        request=other_request(worker), chair=UserFactory(roles=[RoleCode.CHAIR]), by=coordinator
    )
    login(client, coordinator)
    response = client.post(f"/conferences/{second.pk}/book/", booking_data(starts))
    assert "is already booked" in error_next_to(response.content.decode(), "venue")


def test_the_conference_page_shows_the_booking_and_deadlines(
    client, coordinator, chair, conference_request, household
):
    conference = booked_conference(request=conference_request, coordinator=coordinator, chair=chair)
    login(client, coordinator)
    body = client.get(f"/conferences/{conference.pk}/").content.decode()
    for text in (
        household["amelia"].legal_name,
        household["noah"].legal_name,
        chair.full_name,
        "Room 1, Civic Centre",
        "Booked",
        "Invitations sent",
        "Initial conference held",
        "Chair allocated",
        "Postpone",
    ):
        assert text in body


def test_postponing_from_the_page_needs_a_service_manager_and_raises_one_qan(
    client, coordinator, chair, conference_request, service_manager
):
    """Issue 17: the page asks for the service manager's and the chair's agreement, each with
    its error next to its field."""
    conference = booked_conference(request=conference_request, coordinator=coordinator, chair=chair)
    login(client, coordinator)
    url = f"/conferences/{conference.pk}/postpone/"
    body = client.get(url).content.decode()
    assert "The chair, Carol Chair, agreed to postpone the conference" in body
    response = client.post(url, {"reason": "Chair unwell", "agreed_by": ""})
    assert "Select the service manager" in error_next_to(response.content.decode(), "agreed_by")
    assert "Chair unwell</textarea>" in response.content.decode()
    assert not QualityAssuranceNotification.objects.exists()
    response = client.post(
        url,
        {
            "reason": "Chair unwell",
            "agreed_by": str(service_manager.pk),
            "caused_by": "conference_service",
        },
    )
    assert "Confirm that the chair, Carol Chair, agreed" in error_next_to(
        response.content.decode(), "chair_agreed"
    )
    assert 'class="govuk-error-summary' in response.content.decode()
    assert not QualityAssuranceNotification.objects.exists()
    response = client.post(
        url,
        {
            "reason": "Chair unwell",
            "agreed_by": str(service_manager.pk),
            "caused_by": "conference_service",
            "chair_agreed": "on",
        },
    )
    assert response.status_code == 302
    assert QualityAssuranceNotification.objects.get().kind == QanKind.POSTPONED
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.POSTPONED
    assert "Re-book the conference" in client.get(f"/conferences/{conference.pk}/").content.decode()


def test_the_chair_sees_their_conference_and_others_are_refused(
    client, coordinator, chair, conference_request, worker
):
    conference = booked_conference(request=conference_request, coordinator=coordinator, chair=chair)
    url = f"/conferences/{conference.pk}/"
    login(client, chair)
    body = client.get(url).content.decode()
    assert "Room 1, Civic Centre" in body
    assert "Postpone" not in body
    assert client.get(f"/conferences/{conference.pk}/postpone/").status_code == 403
    assert client.get(f"/conferences/{conference.pk}/book/").status_code in (302, 403)
    login(client, UserFactory(roles=[RoleCode.QA_MANAGER]))
    assert client.get(url).status_code == 200
    # Another social worker, not the children's: the children's own may open it (they write the
    # report to conference) but cannot change it.
    login(client, worker)
    assert client.get(url).status_code == 200
    assert client.get(f"/conferences/{conference.pk}/cancel/").status_code == 403
    for user in (
        UserFactory(roles=[RoleCode.SOCIAL_WORKER]),
        UserFactory(roles=[RoleCode.CHAIR]),
        UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL]),
    ):
        login(client, user)
        assert client.get(url).status_code in (403, 404)
        assert client.get("/conferences/").status_code == 403 or user.has_role(RoleCode.CHAIR)
        assert client.get(f"/conferences/{conference.pk}/cancel/").status_code in (403, 404)


@pytest.mark.parametrize("role", [RoleCode.SOCIAL_WORKER, RoleCode.CHAIR, RoleCode.QA_MANAGER])
def test_only_a_coordinator_may_open_allocate_and_book(client, conference_request, chair, role):
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    login(client, UserFactory(roles=[role]))
    assert client.get(f"/conferences/requests/{conference_request.pk}/allocate/").status_code == 403
    conference = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    assert client.get(f"/conferences/{conference.pk}/book/").status_code == 403


def test_a_chairs_list_shows_only_their_conferences(client, coordinator, chair, conference_request):
    booked_conference(request=conference_request, coordinator=coordinator, chair=chair)
    login(client, chair)
    assert len(client.get("/conferences/").context["conferences"]) == 1
    login(client, UserFactory(roles=[RoleCode.CHAIR]))
    assert client.get("/conferences/").context["conferences"] == []


def _list_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/conferences/")
    assert response.status_code == 200
    return len(queries), len(response.context["conferences"])


def test_the_conference_list_reads_the_same_number_of_queries_for_10_and_100(
    client, coordinator, chair, worker
):
    bulk_booked_conferences(count=10, by=worker, chair=chair)
    login(client, coordinator)
    client.get("/conferences/")  # warm the per-process caches
    small, small_rows = _list_queries(client)
    bulk_booked_conferences(count=90, by=worker, chair=UserFactory(roles=[RoleCode.CHAIR]))
    large, large_rows = _list_queries(client)
    assert (small_rows, large_rows) == (10, 100)
    assert large == small


def test_the_childs_page_shows_the_booked_conference(
    client, coordinator, chair, conference_request, household, worker
):
    from core.templatetags.govuk import govuk_datetime

    conference = booked_conference(request=conference_request, coordinator=coordinator, chair=chair)
    login(client, worker)
    body = client.get(f"/children/{household['amelia'].pk}/").content.decode()
    assert f"booked for {govuk_datetime(conference.starts_at)}" in body
