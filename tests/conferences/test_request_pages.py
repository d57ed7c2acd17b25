"""The conference request pages: the social worker's request form, the request itself, withdrawing
it, and the conference service's queue (who may see it, its order, due dates and query count)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import RoleCode
from children import services as children_services
from children.models import ChildRecordView
from conferences import services
from conferences.models import (
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceRequestInvitee,
    RequestStatus,
)
from conferences.selectors import request_queue_page
from core.templatetags.govuk import govuk_date
from tests.auth import login
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    enquiries_needing_conference,
    held_working_days_ago,
)
from tests.factories.conferences import bulk_waiting_requests, send_request
from timescales import calendar
from timescales.models import QualityAssuranceNotification

pytestmark = pytest.mark.django_db


def new_request_url(child):
    return f"/conferences/requests/new/{child.pk}/"


def post_data(selected, *, family=(), professionals=(), **overrides):
    data = {
        "enquiries": [str(e.pk) for e in selected],
        "family_members": [str(p.pk) for p in family],
        "professionals": [str(p.pk) for p in professionals],
        "interpreter_languages": "",
        "separate_attendance_details": "",
        "child_attending": "not_decided",
        "advocacy_details": "",
        "other_needs": "",
    }
    data.update(overrides)
    return data


def saved():
    return (
        ConferenceRequest.objects.count(),
        ConferenceRequestChild.objects.count(),
        ConferenceRequestInvitee.objects.count(),
        QualityAssuranceNotification.objects.count(),
    )


def error_next_to(body: str, field: str) -> str:
    """The text of the error message shown with a field (GOV.UK error message pattern)."""
    marker = f'id="id_{field}-error"'
    assert marker in body, f"no error message next to {field}"
    return body.split(marker, 1)[1].split("</p>", 1)[0]


# --- The request form ---------------------------------------------------------------------------------


def test_the_form_offers_the_households_enquiries_and_network_ticked(
    client, worker, household, enquiries
):
    login(client, worker)
    response = client.get(new_request_url(household["amelia"]))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.initial["enquiries"]) == {str(e.pk) for e in enquiries}
    assert set(form.initial["family_members"]) == {
        str(household["mother"].pk),
        str(household["father"].pk),
    }
    assert form.initial["professionals"] == [str(household["health_visitor"].pk)]
    body = response.content.decode()
    assert "Address withheld from family; do not send documents" in body
    # Seeing the family's contact details is a view of both children's records.
    assert set(ChildRecordView.objects.values_list("child_id", flat=True)) == {
        household["amelia"].pk,
        household["noah"].pk,
    }


def test_a_social_worker_sends_the_request_from_the_page(client, worker, household, enquiries):
    login(client, worker)
    response = client.post(
        new_request_url(household["amelia"]),
        post_data(
            enquiries,
            family=[household["mother"], household["father"]],
            professionals=[household["health_visitor"]],
            separate_attendance_needed="on",
            separate_attendance_details="The parents are separated after domestic abuse.",
            advocacy_needed="on",
        ),
    )
    request = ConferenceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/conferences/requests/{request.pk}/"
    assert request.requested_by == worker and request.separate_attendance_needed
    assert request.invitees.count() == 3
    assert request.history.get().history_user == worker
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Your request has been sent to the conference service" in body
    assert "Amelia Jones and Noah Jones" in body
    assert "The parents are separated after domestic abuse." in body


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param(
            {"family_members": [], "professionals": []},
            "family_members",
            "Select at least one person to invite",
            id="no-one-invited",
        ),
        pytest.param(
            {"interpreter_needed": "on", "interpreter_languages": " "},
            "interpreter_languages",
            "Enter the languages an interpreter is needed for",
            id="interpreter-without-languages",
        ),
        pytest.param(
            {"separate_attendance_needed": "on"},
            "separate_attendance_details",
            "Enter who needs to attend separately and why",
            id="separate-attendance-without-details",
        ),
        pytest.param(
            {"enquiries": []},
            "enquiries",
            "Select the children the conference is for",
            id="no-children",
        ),
    ],
)
def test_a_request_without_what_it_needs_is_explained_next_to_the_field_and_not_saved(
    client, worker, household, enquiries, overrides, field, message
):
    login(client, worker)
    response = client.post(
        new_request_url(household["amelia"]),
        post_data(enquiries, family=[household["mother"]], **overrides),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in error_next_to(body, field)
    assert "There is a problem" in body
    assert saved() == (0, 0, 0, 0)


def test_a_second_request_for_the_same_children_is_refused_with_a_message(
    client, worker, household, enquiries
):
    login(client, worker)
    # Two tabs: the form was opened, then the request was sent from the other one.
    first = send_request(by=worker, enquiries=enquiries)
    before = saved()
    response = client.post(
        new_request_url(household["amelia"]),
        post_data(enquiries, family=[household["mother"]]),
        follow=True,
    )
    assert response.redirect_chain == [(f"/conferences/requests/{first.pk}/", 302)]
    assert (
        "A conference has already been requested for Amelia Jones. Nothing new was sent."
        in response.content.decode()
    )
    assert saved() == before
    # And the form no longer offers them.
    response = client.get(new_request_url(household["amelia"]))
    assert not response.context["has_enquiries"]
    assert "has not been requested already" in response.content.decode()


def test_a_child_already_requested_is_refused_next_to_the_field_and_nothing_is_saved(
    client, worker, household, enquiries
):
    amelia_enquiry, noah_enquiry = enquiries
    login(client, worker)
    # Amelia's request was sent from elsewhere after this form was opened for both children.
    send_request(by=worker, enquiries=[amelia_enquiry])
    before = saved()
    response = client.post(
        new_request_url(household["noah"]),
        post_data(enquiries, family=[household["mother"]]),
    )
    assert response.status_code == 200
    assert "A conference has already been requested for a child you selected" in error_next_to(
        response.content.decode(), "enquiries"
    )
    assert saved() == before
    assert not ConferenceRequestChild.objects.filter(enquiry=noah_enquiry).exists()


def test_a_service_refusal_is_shown_next_to_its_field(
    client, worker, household, enquiries, monkeypatch
):
    """Two social workers sending at the same moment: the service (and its unique key) refuses
    the second, and the page says why."""

    def refuse(**kwargs):
        raise services.ConferenceRequestError(
            "A conference has already been requested for Amelia Jones", field="enquiries"
        )

    monkeypatch.setattr(services, "send_conference_request", refuse)
    login(client, worker)
    response = client.post(
        new_request_url(household["amelia"]), post_data(enquiries, family=[household["mother"]])
    )
    assert "A conference has already been requested for Amelia Jones" in error_next_to(
        response.content.decode(), "enquiries"
    )
    assert saved() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "role", [RoleCode.CONFERENCE_COORDINATOR, RoleCode.QA_MANAGER, RoleCode.CHAIR]
)
def test_only_social_workers_and_team_managers_open_the_request_form(
    client, make_user, household, enquiries, role
):
    login(client, make_user(role))
    assert client.get(new_request_url(household["amelia"])).status_code == 403
    assert not ChildRecordView.objects.exists()


# --- The request page and withdrawing ---------------------------------------------------------------


def test_the_request_page_shows_the_due_date_and_is_in_the_access_log(
    client, coordinator, worker, household, enquiries
):
    request = send_request(by=worker, enquiries=enquiries)
    login(client, coordinator)
    body = client.get(f"/conferences/requests/{request.pk}/").content.decode()
    due = calendar.add_working_days(enquiries[0].started_on, 15)
    assert govuk_date(due) in body
    assert "Initial conference held" in body
    logged = ChildRecordView.objects.filter(user=coordinator, what="Conference request")
    assert set(logged.values_list("child_id", flat=True)) == {
        household["amelia"].pk,
        household["noah"].pk,
    }


@pytest.mark.parametrize("roles", [[RoleCode.AGENCY_PROFESSIONAL], [RoleCode.ENQUIRER]])
def test_people_who_may_not_see_the_children_cannot_open_a_request(
    client, make_user, worker, enquiries, roles
):
    request = send_request(by=worker, enquiries=enquiries)
    login(client, make_user(*roles))
    assert client.get(f"/conferences/requests/{request.pk}/").status_code == 404
    assert not ChildRecordView.objects.exists()


def test_withdrawing_on_the_page_needs_a_reason_then_frees_the_enquiries(
    client, worker, household, enquiries
):
    request = send_request(by=worker, enquiries=enquiries)
    url = f"/conferences/requests/{request.pk}/withdraw/"
    login(client, worker)
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Enter why the request is being withdrawn" in error_next_to(
        response.content.decode(), "reason"
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.SENT

    response = client.post(url, {"reason": "The family moved to another authority."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert request.withdrawal_reason == "The family moved to another authority."
    body = client.get(f"/conferences/requests/{request.pk}/").content.decode()
    assert "The family moved to another authority." in body
    assert "Conference request for Amelia Jones and Noah Jones" in body  # still says who for
    assert "Withdraw this request" not in body
    # The enquiries are offered again.
    form = client.get(new_request_url(household["amelia"])).context["form"]
    assert set(form.initial["enquiries"]) == {str(e.pk) for e in enquiries}


# --- The conference service's queue -------------------------------------------------------------------


@pytest.mark.parametrize("role", [RoleCode.CONFERENCE_COORDINATOR, RoleCode.QA_MANAGER])
def test_the_conference_service_sees_the_queue(client, make_user, role):
    login(client, make_user(role))
    response = client.get("/conferences/requests/")
    assert response.status_code == 200
    assert "There are no conference requests waiting to be booked" in response.content.decode()


@pytest.mark.parametrize(
    "roles",
    [
        [RoleCode.SOCIAL_WORKER],
        [RoleCode.AGENCY_PROFESSIONAL],
        [RoleCode.TEAM_MANAGER],
        [RoleCode.ENQUIRER],
        [],
    ],
)
def test_everyone_else_is_forbidden_the_queue(client, make_user, worker, enquiries, roles):
    send_request(by=worker, enquiries=enquiries)
    login(client, make_user(*roles))
    assert client.get("/conferences/requests/").status_code == 403


def test_the_queue_lists_live_requests_oldest_first_with_the_icpc_due_date(
    client, coordinator, worker
):
    def household_request(name, working_days_ago, sent_hours_ago):
        child = ChildFactory(legal_forename=name, legal_surname="Test")
        FamilyLinkFactory(child=child)
        enquiries = enquiries_needing_conference(
            by=worker, children=[child], when=held_working_days_ago(working_days_ago)
        )
        request = send_request(by=worker, enquiries=enquiries)
        ConferenceRequest.objects.filter(pk=request.pk).update(
            sent_at=timezone.now() - datetime.timedelta(hours=sent_hours_ago)
        )
        return request, calendar.add_working_days(enquiries[0].started_on, 15)

    newest, newest_due = household_request("Newest", 1, 1)
    oldest, oldest_due = household_request("Oldest", 3, 50)
    middle, middle_due = household_request("Middle", 2, 20)
    withdrawn, _ = household_request("Withdrawn", 2, 30)
    services.withdraw_conference_request(request=withdrawn, by=worker, reason="Sent by mistake")

    login(client, coordinator)
    response = client.get("/conferences/requests/")
    entries = response.context["entries"]
    assert [entry.request for entry in entries] == [oldest, middle, newest]
    assert [entry.icpc_due.due_on for entry in entries] == [oldest_due, middle_due, newest_due]
    rows = response.content.decode().split('<tbody class="govuk-table__body">', 1)[1]
    rows = rows.split('<tr class="govuk-table__row">')[1:]
    for row, (name, due) in zip(
        rows,
        [("Oldest", oldest_due), ("Middle", middle_due), ("Newest", newest_due)],
        strict=True,
    ):
        assert f"{name} Test" in row
        assert govuk_date(due) in row
    assert "Withdrawn Test" not in response.content.decode()


def test_a_household_request_shows_the_earliest_icpc_due_date(coordinator, worker):
    older, younger = ChildFactory(), ChildFactory()
    FamilyLinkFactory(child=older)
    FamilyLinkFactory(child=younger)
    first = enquiries_needing_conference(by=worker, children=[older], when=held_working_days_ago(4))
    second = enquiries_needing_conference(
        by=worker, children=[younger], when=held_working_days_ago(1)
    )
    send_request(by=worker, enquiries=first + second)
    [entry] = request_queue_page(coordinator).entries
    assert entry.icpc_due.due_on == calendar.add_working_days(first[0].started_on, 15)
    assert set(entry.children) == {older, younger}


def test_restricted_children_are_counted_but_not_named_in_the_queue(client, coordinator, worker):
    hidden = children_services.create_child(
        by=worker,
        is_restricted=True,
        legal_forename="Hidden",
        legal_surname="Child",
        date_of_birth=timezone.localdate() - datetime.timedelta(days=2000),
    )
    FamilyLinkFactory(child=hidden)
    send_request(by=worker, enquiries=enquiries_needing_conference(by=worker, children=[hidden]))
    login(client, coordinator)
    body = client.get("/conferences/requests/").content.decode()
    assert "Hidden Child" not in body
    assert "1 child with a restricted record" in body


def test_every_waiting_request_is_on_some_page_of_the_queue(coordinator, worker):
    requests = bulk_waiting_requests(count=5, by=worker)
    first = request_queue_page(coordinator, 1, per_page=2)
    last = request_queue_page(coordinator, 3, per_page=2)
    assert [e.request.pk for e in first.entries] == [r.pk for r in requests[:2]]
    assert [e.request.pk for e in last.entries] == [requests[4].pk]
    assert first.page.paginator.count == 5


def test_the_queue_page_links_to_the_next_page(client, coordinator, worker, settings):
    bulk_waiting_requests(count=101, by=worker)
    login(client, coordinator)
    body = client.get("/conferences/requests/").content.decode()
    assert "Showing requests 1 to 100 of 101" in body
    assert 'href="?page=2"' in body
    assert client.get("/conferences/requests/?page=2").context["entries"][0].request.sent_at


def _queue_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/conferences/requests/")
    assert response.status_code == 200
    return len(queries), len(response.context["entries"])


def test_the_queue_reads_the_same_number_of_queries_for_10_and_1000_requests(
    client, coordinator, worker
):
    bulk_waiting_requests(count=10, by=worker)
    login(client, coordinator)
    client.get("/conferences/requests/")  # warm the per-process caches (calendar, content types)
    small, small_rows = _queue_queries(client)

    bulk_waiting_requests(count=990, by=worker, children_per_request=2)
    large, large_rows = _queue_queries(client)

    assert (small_rows, large_rows) == (10, 100)
    assert large == small
