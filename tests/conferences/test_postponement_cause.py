"""Issue 18 item 1: a postponement's Quality Assurance notification names who caused it (the
agency or person whose absence or report caused it, or the conference service) and goes to their
management, never to the social worker's by default. The coordinator must choose."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import RoleCode
from conferences import postponement, services
from conferences.models import ConferenceStatus, PostponementCause
from tests.auth import login
from tests.conferences.test_booking_pages import error_next_to
from tests.factories.accounts import AgencyFactory, UserFactory
from tests.factories.conferences import agency_professional_for, booked_conference, send_request
from tests.shared_world import shareable
from timescales.models import QanKind, QualityAssuranceNotification

# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.clock_at(datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))),
]


@shareable
def quinn(db):
    """The conference service manager (the QA manager role)."""
    return UserFactory(roles=[RoleCode.QA_MANAGER], full_name="Quinn QA")


@shareable
def school(household):
    """A teacher who signs in, line managed by their head teacher."""
    agency = AgencyFactory(name="Hilltop Primary School")
    head = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL], agency=agency, full_name="Hal Head")
    teacher, involvement = agency_professional_for(
        child=household["amelia"], agency=agency, full_name="Tara Teacher", line_manager=head
    )
    return {"agency": agency, "head": head, "teacher": teacher, "involvement": involvement}


@shareable
def conference(worker, enquiries, school, coordinator, chair):
    request = send_request(by=worker, enquiries=enquiries)
    return booked_conference(request=request, coordinator=coordinator, chair=chair)


def postpone(conference, coordinator, service_manager, caused_by):
    return services.postpone_conference(
        conference=conference,
        reason="The report did not arrive in time.",
        agreed_by=service_manager,
        chair_agreed=True,
        caused_by=caused_by,
        by=coordinator,
    )


def the_qan():
    return QualityAssuranceNotification.objects.get(kind=QanKind.POSTPONED)


def test_the_choices_name_each_professional_agency_the_social_worker_family_and_service(
    conference, household, school, worker
):
    choices = dict(postponement.choices_for(conference))
    hv = household["health_visitor"]
    assert choices[f"professional:{school['involvement'].pk}"].startswith("Tara Teacher, ")
    assert "(Hilltop Primary School)" in choices[f"professional:{school['involvement'].pk}"]
    assert choices[f"professional:{hv.pk}"].startswith("Hannah Visitor, health visitor")
    assert choices[f"agency:{school['agency'].pk}"] == "Hilltop Primary School, as an agency"
    assert worker.full_name in choices["social_work"]
    assert "family" in choices and "conference_service" in choices


def test_a_professional_who_signs_in_is_named_and_their_line_manager_is_told(
    conference, coordinator, service_manager, school, worker
):
    postponed = postpone(
        conference, coordinator, service_manager, f"professional:{school['involvement'].pk}"
    )
    qan = the_qan()
    assert qan.responsible == school["teacher"]
    assert qan.addressed_to == school["head"]
    assert qan.agency == school["agency"]
    assert "Caused by Tara Teacher" in qan.description
    assert qan.responsible != worker
    assert postponed.postponement_cause == PostponementCause.PROFESSIONAL
    assert postponed.postponement_cause_professional == school["involvement"]


def test_a_professional_who_does_not_sign_in_names_their_agency_for_the_conference_service(
    conference, coordinator, service_manager, household, quinn
):
    hv = household["health_visitor"]
    postpone(conference, coordinator, service_manager, f"professional:{hv.pk}")
    qan = the_qan()
    assert qan.responsible is None
    assert qan.agency == hv.agency
    assert qan.addressed_to == quinn
    assert "Caused by Hannah Visitor, health visitor" in qan.description


def test_an_agency_is_named_and_the_conference_service_manager_takes_it_up(
    conference, coordinator, service_manager, school, quinn
):
    postponed = postpone(conference, coordinator, service_manager, f"agency:{school['agency'].pk}")
    qan = the_qan()
    assert (qan.responsible, qan.agency, qan.addressed_to) == (None, school["agency"], quinn)
    assert "Caused by Hilltop Primary School" in qan.description
    assert postponed.postponement_cause_agency == school["agency"]


def test_the_conference_service_causing_it_goes_to_the_conference_service_manager(
    conference, coordinator, service_manager, quinn
):
    postpone(conference, coordinator, service_manager, "conference_service")
    qan = the_qan()
    assert (qan.responsible, qan.agency, qan.addressed_to) == (None, None, quinn)
    assert "Caused by the conference service" in qan.description


def test_only_when_chosen_does_the_social_workers_line_manager_get_it(
    conference, coordinator, service_manager, worker, manager
):
    postpone(conference, coordinator, service_manager, "social_work")
    qan = the_qan()
    assert (qan.responsible, qan.addressed_to) == (worker, manager)
    assert f"Caused by the children's social worker, {worker.full_name}" in qan.description


@pytest.mark.parametrize("value", ["", "nobody", "agency:999999", "professional:abc"])
def test_who_caused_it_is_required_and_must_be_one_of_the_choices(
    conference, coordinator, service_manager, value
):
    with pytest.raises(services.ConferenceBookingError) as error:
        postpone(conference, coordinator, service_manager, value)
    assert error.value.field == "caused_by"
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.BOOKED
    assert not QualityAssuranceNotification.objects.exists()


def test_the_postpone_page_asks_who_caused_it_and_the_conference_page_says(
    client, conference, coordinator, service_manager, school
):
    login(client, coordinator)
    url = f"/conferences/{conference.pk}/postpone/"
    body = client.get(url).content.decode()
    assert "Who caused the postponement?" in body
    assert "Hilltop Primary School, as an agency" in body
    data = {
        "reason": "No school report.",
        "agreed_by": str(service_manager.pk),
        "chair_agreed": "on",
    }
    response = client.post(url, data)
    assert "Select who caused the postponement" in error_next_to(
        response.content.decode(), "caused_by"
    )
    assert not QualityAssuranceNotification.objects.exists()
    response = client.post(url, {**data, "caused_by": f"agency:{school['agency'].pk}"})
    assert response.status_code == 302
    assert the_qan().agency == school["agency"]
    page = client.get(f"/conferences/{conference.pk}/").content.decode()
    assert "Caused by Hilltop Primary School" in page


def test_the_cancel_page_does_not_ask(client, conference, coordinator):
    login(client, coordinator)
    body = client.get(f"/conferences/{conference.pk}/cancel/").content.decode()
    assert "Who caused the postponement?" not in body
