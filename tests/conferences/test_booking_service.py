"""Allocating a chair, booking, double booking, the ICPC due date, the pre-birth window,
postponing and cancelling: the booking services."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from children.models import Relationship
from conferences import services
from conferences.models import (
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceStatus,
    RequestStatus,
)
from tests.factories.accounts import UserFactory
from tests.factories.children import (
    FamilyLinkFactory,
    PersonFactory,
    UnbornChildFactory,
    enquiries_needing_conference,
    held_working_days_ago,
)
from tests.factories.conferences import (
    booked_conference,
    send_request,
    venue,
    working_day_at,
)
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QualityAssuranceNotification,
    RuleCode,
)

pytestmark = pytest.mark.django_db


def deadline(rule, subject):
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.get(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
    )


# --- Allocating a chair -------------------------------------------------------------------------


def test_allocating_a_chair_creates_the_conference_for_the_requests_children(
    conference_request, coordinator, chair, household
):
    conference = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    assert conference.status == ConferenceStatus.ALLOCATED
    assert conference.kind == ConferenceKind.INITIAL
    assert conference.chair == chair
    assert {link.child for link in conference.conference_children.all()} == {
        household["amelia"],
        household["noah"],
    }
    alloc = deadline(RuleCode.CHAIR_ALLOC, conference_request)
    assert alloc.status == DeadlineStatus.MET_ON_TIME
    assert alloc.starts_at == conference_request.sent_at
    assert conference.history.count() == 1
    assert ConferenceChild.history.count() == 2


def test_allocating_again_changes_the_chair_and_keeps_one_conference_and_one_deadline(
    conference_request, coordinator, chair
):
    services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    other = UserFactory(roles=[RoleCode.CHAIR])
    conference = services.allocate_chair(request=conference_request, chair=other, by=coordinator)
    assert Conference.objects.get().chair == other == conference.chair
    assert Deadline.objects.filter(rule=RuleCode.CHAIR_ALLOC).count() == 1


@pytest.mark.parametrize("role", [RoleCode.SOCIAL_WORKER, RoleCode.CHAIR, RoleCode.QA_MANAGER])
def test_only_a_coordinator_can_allocate_a_chair(conference_request, chair, role):
    with pytest.raises(services.ConferenceBookingError, match="Only a conference coordinator"):
        services.allocate_chair(
            request=conference_request, chair=chair, by=UserFactory(roles=[role])
        )
    assert not Conference.objects.exists()


def test_the_chair_must_hold_the_chair_role(conference_request, coordinator, worker):
    with pytest.raises(services.ConferenceBookingError) as error:
        services.allocate_chair(request=conference_request, chair=worker, by=coordinator)
    assert error.value.field == "chair"


# --- Booking ------------------------------------------------------------------------------------


def test_booking_sets_time_place_minute_taker_opens_invites_and_books_the_request(
    conference_request, coordinator, chair, minute_taker
):
    starts = working_day_at(3)
    conference = booked_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        starts_at=starts,
        minute_taker=minute_taker,
    )
    assert conference.status == ConferenceStatus.BOOKED
    assert conference.ends_at == starts + datetime.timedelta(hours=2)
    assert conference.minute_taker == minute_taker
    invites = deadline(RuleCode.INVITES, conference)
    assert invites.status == DeadlineStatus.OPEN
    assert invites.chair == chair
    conference_request.refresh_from_db()
    assert conference_request.status == RequestStatus.BOOKED


def test_only_a_coordinator_can_book(conference_request, coordinator, chair):
    conference = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    with pytest.raises(services.ConferenceBookingError, match="Only a conference coordinator"):
        services.book_conference(
            conference=conference,
            starts_at=working_day_at(3),
            venue=venue(),
            by=chair,
        )
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.ALLOCATED


def test_booking_needs_a_room_or_an_online_link(conference_request, coordinator, chair):
    conference = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    with pytest.raises(services.ConferenceBookingError) as error:
        services.book_conference(conference=conference, starts_at=working_day_at(3), by=coordinator)
    assert error.value.field == "venue"
    booked = services.book_conference(
        conference=conference,
        starts_at=working_day_at(3),
        online_link="https://meet.example/abc",
        by=coordinator,
    )
    assert booked.venue is None and booked.online_link == "https://meet.example/abc"


def other_request(worker):
    from tests.factories.children import ChildFactory

    child = ChildFactory(lead_social_worker=worker)
    FamilyLinkFactory(child=child, person=PersonFactory(), relationship=Relationship.MOTHER)
    return send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )


def test_a_chair_cannot_be_double_booked(conference_request, worker, coordinator, chair):
    starts = working_day_at(3)
    booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, starts_at=starts
    )
    second = services.allocate_chair(request=other_request(worker), chair=chair, by=coordinator)
    with pytest.raises(services.ConferenceBookingError, match="already chairing") as error:
        services.book_conference(
            conference=second,
            starts_at=starts + datetime.timedelta(hours=1),
            online_link="https://meet.example/x",
            by=coordinator,
        )
    assert error.value.field == "starts_at"
    second.refresh_from_db()
    assert second.status == ConferenceStatus.ALLOCATED
    # Straight after the first one ends is fine.
    services.book_conference(
        conference=second,
        starts_at=starts + datetime.timedelta(hours=2),
        online_link="https://meet.example/x",
        by=coordinator,
    )


def test_a_minute_taker_cannot_be_double_booked(
    conference_request, worker, coordinator, chair, minute_taker
):
    starts = working_day_at(3)
    booked_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        starts_at=starts,
        minute_taker=minute_taker,
    )
    second = services.allocate_chair(
        request=other_request(worker), chair=UserFactory(roles=[RoleCode.CHAIR]), by=coordinator
    )
    with pytest.raises(services.ConferenceBookingError, match="taking minutes") as error:
        services.book_conference(
            conference=second,
            starts_at=starts - datetime.timedelta(minutes=30),
            online_link="https://meet.example/x",
            minute_taker=minute_taker,
            by=coordinator,
        )
    assert error.value.field == "minute_taker"


def test_a_room_cannot_be_double_booked(conference_request, worker, coordinator, chair):
    starts = working_day_at(3)
    booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, starts_at=starts
    )
    second = services.allocate_chair(
        request=other_request(worker), chair=UserFactory(roles=[RoleCode.CHAIR]), by=coordinator
    )
    with pytest.raises(services.ConferenceBookingError, match="already booked") as error:
        services.book_conference(conference=second, starts_at=starts, venue=venue(), by=coordinator)
    assert error.value.field == "venue"
    # Another room at the same time is fine.
    services.book_conference(
        conference=second, starts_at=starts, venue=venue("Room 2"), by=coordinator
    )


def test_a_postponed_conference_frees_its_chair_and_room(
    conference_request, worker, coordinator, chair, service_manager
):
    starts = working_day_at(3)
    first = booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, starts_at=starts
    )
    services.postpone_conference(
        conference=first,
        reason="Chair unwell",
        agreed_by=service_manager,
        chair_agreed=True,
        caused_by="conference_service",
        by=coordinator,
    )
    second = services.allocate_chair(request=other_request(worker), chair=chair, by=coordinator)
    services.book_conference(conference=second, starts_at=starts, venue=venue(), by=coordinator)


# --- The ICPC due date --------------------------------------------------------------------------


def test_booking_past_the_icpc_due_date_needs_a_reason_and_saves_nothing_without_one(
    conference_request, coordinator, chair
):
    conference = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    late = working_day_at(20)
    with pytest.raises(services.ConferenceBookingError, match="is due by") as error:
        services.book_conference(
            conference=conference, starts_at=late, venue=venue(), by=coordinator
        )
    assert error.value.field == "late_reason"
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.ALLOCATED and conference.starts_at is None
    assert not Deadline.objects.filter(rule=RuleCode.INVITES).exists()
    assert not Deadline.objects.exclude(delay_reason="").exists()


def test_a_reason_for_booking_late_is_recorded_on_each_late_icpc_deadline(
    conference_request, coordinator, chair, enquiries
):
    conference = services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    booked = services.book_conference(
        conference=conference,
        starts_at=working_day_at(20),
        venue=venue(),
        by=coordinator,
        late_reason="The mother is in hospital until then.",
    )
    assert booked.late_reason == "The mother is in hospital until then."
    for enquiry in enquiries:
        assert deadline(RuleCode.ICPC_DUE, enquiry).delay_reason == (
            "The mother is in hospital until then."
        )


def test_a_breached_icpc_deadline_also_gets_the_reason(worker, household, coordinator, chair):
    enquiries = enquiries_needing_conference(
        by=worker, children=[household["amelia"]], when=held_working_days_ago(20)
    )
    request = send_request(by=worker, enquiries=enquiries)
    from timescales.sweep import run_sweep

    run_sweep()
    assert deadline(RuleCode.ICPC_DUE, enquiries[0]).status == DeadlineStatus.BREACHED
    with pytest.raises(services.ConferenceBookingError):
        booked_conference(request=request, coordinator=coordinator, chair=chair)
    booked_conference(
        request=Conference.objects.get().request,
        coordinator=coordinator,
        chair=chair,
        late_reason="Referred late by the police.",
    )
    assert deadline(RuleCode.ICPC_DUE, enquiries[0]).delay_reason == "Referred late by the police."


# --- Pre-birth ----------------------------------------------------------------------------------


def unborn_request(worker, weeks_pregnant_today: int):
    unborn = UnbornChildFactory(
        lead_social_worker=worker,
        expected_date_of_delivery=timezone.localdate()
        + datetime.timedelta(weeks=40 - weeks_pregnant_today),
    )
    FamilyLinkFactory(child=unborn, person=PersonFactory(), relationship=Relationship.MOTHER)
    return send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[unborn])
    )


def test_a_pre_birth_conference_in_weeks_24_to_30_needs_no_reason(worker, coordinator, chair):
    request = unborn_request(worker, 27)
    conference = booked_conference(request=request, coordinator=coordinator, chair=chair)
    assert conference.kind == ConferenceKind.PRE_BIRTH
    assert conference.prebirth_reason == ""


@pytest.mark.parametrize("weeks", [18, 33])
def test_a_pre_birth_conference_outside_weeks_24_to_30_needs_a_reason(
    worker, coordinator, chair, weeks
):
    request = unborn_request(worker, weeks)
    conference = services.allocate_chair(request=request, chair=chair, by=coordinator)
    with pytest.raises(services.ConferenceBookingError, match="between weeks 24 and 30") as error:
        services.book_conference(
            conference=conference, starts_at=working_day_at(3), venue=venue(), by=coordinator
        )
    assert error.value.field == "prebirth_reason"
    booked = services.book_conference(
        conference=conference,
        starts_at=working_day_at(3),
        venue=venue(),
        by=coordinator,
        prebirth_reason="Concealed pregnancy found late.",
    )
    assert booked.prebirth_reason == "Concealed pregnancy found late."


# --- Postponing and cancelling ------------------------------------------------------------------


def test_postponing_needs_a_reason_and_a_service_managers_agreement(
    conference_request, coordinator, chair, service_manager, manager
):
    conference = booked_conference(request=conference_request, coordinator=coordinator, chair=chair)
    with pytest.raises(services.ConferenceBookingError) as error:
        services.postpone_conference(
            conference=conference,
            reason="",
            agreed_by=service_manager,
            chair_agreed=True,
            caused_by="conference_service",
            by=coordinator,
        )
    assert error.value.field == "reason"
    with pytest.raises(services.ConferenceBookingError) as error:
        services.postpone_conference(
            conference=conference,
            reason="Chair unwell",
            agreed_by=manager,
            caused_by="conference_service",
            by=coordinator,
        )
    assert error.value.field == "agreed_by"
    assert not QualityAssuranceNotification.objects.exists()
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.BOOKED


def test_postponing_raises_exactly_one_qan_naming_who_caused_it_and_it_can_be_rebooked(
    conference_request, coordinator, chair, service_manager, worker, manager
):
    """Issue 18: the QAN names who caused the postponement (here the family), not the social
    worker; with no conference service manager recorded it goes to a service manager."""
    conference = booked_conference(request=conference_request, coordinator=coordinator, chair=chair)
    postponed = services.postpone_conference(
        conference=conference,
        reason="The father's solicitor cannot attend.",
        agreed_by=service_manager,
        chair_agreed=True,
        caused_by="family",
        by=coordinator,
    )
    assert postponed.status == ConferenceStatus.POSTPONED
    assert postponed.change_agreed_by == service_manager
    qan = QualityAssuranceNotification.objects.get()
    assert qan.kind == QanKind.POSTPONED
    assert qan.responsible is None
    assert qan.addressed_to == service_manager
    assert "Caused by the family" in qan.description
    assert "The father's solicitor cannot attend." in qan.description
    assert postponed.postponement_cause == "family"
    rebooked = services.book_conference(
        conference=postponed, starts_at=working_day_at(5), venue=venue(), by=coordinator
    )
    assert rebooked.status == ConferenceStatus.BOOKED
    assert Deadline.objects.filter(rule=RuleCode.INVITES).count() == 1
    assert QualityAssuranceNotification.objects.count() == 1


def test_cancelling_raises_one_qan_and_the_conference_cannot_be_booked_again(
    conference_request, coordinator, chair, service_manager
):
    conference = booked_conference(request=conference_request, coordinator=coordinator, chair=chair)
    cancelled = services.cancel_conference(
        conference=conference,
        reason="The family has moved to another authority.",
        agreed_by=service_manager,
        chair_agreed=True,
        by=coordinator,
    )
    assert cancelled.status == ConferenceStatus.CANCELLED
    assert QualityAssuranceNotification.objects.get().kind == QanKind.CANCELLED
    assert deadline(RuleCode.INVITES, conference).status == DeadlineStatus.NOT_APPLICABLE
    with pytest.raises(services.ConferenceBookingError, match="cannot be booked"):
        services.book_conference(
            conference=cancelled, starts_at=working_day_at(5), venue=venue(), by=coordinator
        )
    with pytest.raises(services.ConferenceBookingError, match="cannot be postponed"):
        services.postpone_conference(
            conference=cancelled,
            reason="x",
            agreed_by=service_manager,
            chair_agreed=True,
            caused_by="conference_service",
            by=coordinator,
        )


def test_a_request_with_a_chair_allocated_cannot_be_withdrawn(
    conference_request, coordinator, chair, worker
):
    services.allocate_chair(request=conference_request, chair=chair, by=coordinator)
    with pytest.raises(services.ConferenceRequestError, match="A chair has been allocated"):
        services.withdraw_conference_request(
            request=conference_request, by=worker, reason="Family moved"
        )
    conference_request.refresh_from_db()
    assert conference_request.status == RequestStatus.SENT


def test_cancelling_closes_the_request_so_a_new_one_can_be_sent_and_the_icpc_clock_runs_on(
    conference_request, coordinator, chair, service_manager, worker, enquiries
):
    conference = booked_conference(request=conference_request, coordinator=coordinator, chair=chair)
    services.cancel_conference(
        conference=conference,
        reason="Booked in error: a new date is needed with a different chair.",
        agreed_by=service_manager,
        chair_agreed=True,
        by=coordinator,
    )
    conference_request.refresh_from_db()
    assert conference_request.status == RequestStatus.WITHDRAWN
    assert "Booked in error" in conference_request.withdrawal_reason
    assert not conference_request.request_children.filter(is_active=True).exists()
    for enquiry in enquiries:
        assert deadline(RuleCode.ICPC_DUE, enquiry).status == DeadlineStatus.OPEN
    again = send_request(by=worker, enquiries=enquiries)
    assert again.status == RequestStatus.SENT
    assert again.pk != conference_request.pk
