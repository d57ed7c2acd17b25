"""Sending, refusing and withdrawing conference requests (conferences.services), with the
ICPC_REQUEST deadline and the late-request Quality Assurance notification."""

import pytest
from django.db import IntegrityError, transaction

from accounts.models import RoleCode
from children.models import S47Outcome
from conferences import services
from conferences.models import (
    ChildAttendance,
    ConferenceRequest,
    ConferenceRequestChild,
    ConferenceRequestInvitee,
    ConferenceType,
    InviteeKind,
    RequestStatus,
)
from tests.factories.accounts import UserFactory
from tests.factories.children import (
    FamilyLinkFactory,
    PersonFactory,
    UnbornChildFactory,
    enquiries_needing_conference,
    held_working_days_ago,
    strategy_discussion,
)
from tests.factories.conferences import send_request
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QualityAssuranceNotification,
    RuleCode,
)
from timescales.selectors import deadlines_for

pytestmark = pytest.mark.django_db


def deadline(enquiry, rule):
    return next(d for d in deadlines_for(enquiry) if d.rule == rule)


def saved_counts():
    return (
        ConferenceRequest.objects.count(),
        ConferenceRequestChild.objects.count(),
        ConferenceRequestInvitee.objects.count(),
        QualityAssuranceNotification.objects.count(),
        Deadline.objects.filter(rule=RuleCode.ICPC_REQUEST, status=DeadlineStatus.OPEN).count(),
    )


# --- Sending, on time and late --------------------------------------------------------------------


def test_a_request_by_day_5_meets_icpc_request_on_time_and_raises_no_qan(worker, enquiries):
    request = send_request(by=worker, enquiries=enquiries)

    assert request.status == RequestStatus.SENT and request.requested_by == worker
    assert request.team == worker.team
    assert request.conference_type == ConferenceType.INITIAL
    assert {link.enquiry for link in request.request_children.all()} == set(enquiries)
    for enquiry in enquiries:
        met = deadline(enquiry, RuleCode.ICPC_REQUEST)
        assert met.status == DeadlineStatus.MET_ON_TIME
        assert met.met_at == request.sent_at
        # Sending is not holding: the conference itself is still to come.
        assert deadline(enquiry, RuleCode.ICPC_DUE).status == DeadlineStatus.OPEN
    assert not QualityAssuranceNotification.objects.exists()


def test_a_request_after_day_5_is_met_late_and_raises_one_qan_to_the_line_manager(
    worker, manager, late_enquiries
):
    request = send_request(by=worker, enquiries=late_enquiries)

    for enquiry in late_enquiries:
        assert deadline(enquiry, RuleCode.ICPC_REQUEST).status == DeadlineStatus.MET_LATE
    # One late request is one notification, whatever the number of children on it.
    qan = QualityAssuranceNotification.objects.get()
    assert qan.kind == QanKind.LATE_REQUEST
    assert qan.responsible == worker
    assert qan.addressed_to == manager
    assert qan.raised_by == worker
    assert qan.team == worker.team
    assert qan.rule == RuleCode.ICPC_REQUEST
    assert qan.deadline.rule == RuleCode.ICPC_REQUEST
    assert qan.child in {enquiry.child for enquiry in late_enquiries}
    assert "Amelia Jones and Noah Jones" in qan.description
    assert request.status == RequestStatus.SENT  # late, but still sent


def test_a_late_request_by_someone_without_a_line_manager_goes_to_a_service_manager(
    make_user, household
):
    service_manager = make_user(RoleCode.SERVICE_MANAGER)
    worker = make_user(RoleCode.SOCIAL_WORKER)  # no line manager
    enquiries = enquiries_needing_conference(
        by=worker, children=[household["amelia"]], when=held_working_days_ago(6)
    )
    send_request(by=worker, enquiries=enquiries)
    qan = QualityAssuranceNotification.objects.get(kind=QanKind.LATE_REQUEST)
    assert qan.addressed_to == service_manager
    assert qan.responsible == worker


def test_a_request_for_an_unborn_baby_is_a_pre_birth_request(worker):
    baby = UnbornChildFactory(legal_surname="Jones")
    FamilyLinkFactory(child=baby)
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[baby])
    )
    assert request.conference_type == ConferenceType.PRE_BIRTH


# --- The invite list is a snapshot ------------------------------------------------------------------


def test_the_invite_list_keeps_the_contact_details_as_they_were_when_sent(
    client, worker, household, enquiries
):
    from children import services as children_services
    from tests.auth import login

    mother, father = household["mother"], household["father"]
    request = services.send_conference_request(
        by=worker,
        enquiries=enquiries,
        family_members=[mother, father],
        professionals=[household["health_visitor"]],
    )

    # The mother moves and changes her number after the request was sent.
    mother.phone, mother.address_line_1, mother.may_receive_documents = "07700 900999", "", False
    mother.save()
    father.address_withheld_from_family = False
    father.save()
    children_services.end_professional_involvement(
        involvement=household["health_visitor"], by=worker, reason="Moved to another area"
    )

    invitees = {i.name: i for i in request.invitees.all()}
    assert set(invitees) == {"Sarah Jones", "Mark Jones", "Hannah Visitor"}
    sarah, mark = invitees["Sarah Jones"], invitees["Mark Jones"]
    assert sarah.kind == InviteeKind.FAMILY
    assert sarah.phone == "01632 960123"
    assert sarah.address.startswith("1 High Street")
    assert sarah.may_receive_documents is True
    assert "Mother of Amelia Jones and Noah Jones" in sarah.connection
    assert "has parental responsibility" in sarah.connection
    assert mark.address_withheld_from_family is True and mark.may_receive_documents is False
    hannah = invitees["Hannah Visitor"]
    assert hannah.kind == InviteeKind.PROFESSIONAL
    assert hannah.email == "hannah.visitor@health.example"

    login(client, worker)
    body = client.get(f"/conferences/requests/{request.pk}/").content.decode()
    assert "01632 960123" in body and "07700 900999" not in body
    assert "Address withheld from family" in body


# --- Needs and bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("needs", "field", "message"),
    [
        ({"invite": False}, "family_members", "Select at least one person to invite"),
        (
            {"interpreter_needed": True, "interpreter_languages": "  "},
            "interpreter_languages",
            "Enter the languages an interpreter is needed for",
        ),
        (
            {"separate_attendance_needed": True},
            "separate_attendance_details",
            "Enter who needs to attend separately and why",
        ),
        ({"child_attending": "perhaps"}, "child_attending", "Select whether the child will attend"),
    ],
)
def test_the_service_refuses_a_request_without_what_it_needs_and_saves_nothing(
    worker, household, enquiries, needs, field, message
):
    invite = needs.pop("invite", True)
    before = saved_counts()
    with pytest.raises(services.ConferenceRequestError) as error:
        services.send_conference_request(
            by=worker,
            enquiries=enquiries,
            family_members=[household["mother"]] if invite else [],
            **needs,
        )
    assert error.value.field == field
    assert error.value.message == message
    assert saved_counts() == before


def test_an_interpreter_need_is_kept_with_its_languages(worker, household, enquiries):
    request = services.send_conference_request(
        by=worker,
        enquiries=enquiries,
        family_members=[household["mother"]],
        interpreter_needed=True,
        interpreter_languages=" Polish for the mother ",
        child_attending=ChildAttendance.YES,
        advocacy_needed=True,
    )
    request.refresh_from_db()
    assert request.interpreter_languages == "Polish for the mother"
    assert request.child_attending == ChildAttendance.YES and request.advocacy_needed


def test_the_database_refuses_an_interpreter_without_a_language(worker):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceRequest.objects.create(requested_by=worker, interpreter_needed=True)


def test_only_a_social_worker_or_team_manager_can_request_a_conference(
    coordinator, household, enquiries
):
    before = saved_counts()
    with pytest.raises(services.ConferenceRequestError, match="Only a social worker"):
        services.send_conference_request(
            by=coordinator, enquiries=enquiries, family_members=[household["mother"]]
        )
    assert saved_counts() == before


def test_an_enquiry_that_found_no_conference_needed_cannot_be_requested(worker, household):
    from children import services as children_services

    enquiry = strategy_discussion(by=worker, children=[household["amelia"]]).s47_enquiries.get()
    before = saved_counts()
    with pytest.raises(services.ConferenceRequestError, match="found a conference is needed"):
        services.send_conference_request(
            by=worker, enquiries=[enquiry], family_members=[household["mother"]]
        )
    children_services.record_s47_outcome(
        enquiry=enquiry,
        by=worker,
        outcome=S47Outcome.NO_CONFERENCE,
        concluded_on=enquiry.started_on,
        reason="Concerns not substantiated.",
    )
    before = saved_counts()
    with pytest.raises(services.ConferenceRequestError, match="found a conference is needed"):
        services.send_conference_request(
            by=worker, enquiries=[enquiry], family_members=[household["mother"]]
        )
    assert saved_counts() == before
    assert not ConferenceRequest.objects.exists()


def test_someone_not_linked_to_the_children_cannot_be_invited(worker, enquiries):
    stranger = PersonFactory()
    with pytest.raises(services.ConferenceRequestError, match="is not linked") as error:
        services.send_conference_request(by=worker, enquiries=enquiries, family_members=[stranger])
    assert error.value.field == "family_members"
    assert not ConferenceRequest.objects.exists()


# --- One live request per enquiry, and withdrawal -------------------------------------------------


def test_an_enquiry_cannot_be_on_two_live_requests(worker, household, enquiries):
    send_request(by=worker, enquiries=enquiries)
    before = saved_counts()
    with pytest.raises(services.ConferenceRequestError) as error:
        services.send_conference_request(
            by=worker, enquiries=enquiries[:1], family_members=[household["mother"]]
        )
    assert error.value.message == "A conference has already been requested for Amelia Jones"
    assert error.value.field == "enquiries"
    assert saved_counts() == before


def test_the_unique_key_refuses_a_second_live_request_for_an_enquiry(worker, enquiries):
    first = send_request(by=worker, enquiries=enquiries)
    second = ConferenceRequest.objects.create(requested_by=worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceRequestChild.objects.create(
            request=second, child=enquiries[0].child, enquiry=enquiries[0]
        )
    services.withdraw_conference_request(request=first, by=worker, reason="Sent by mistake")
    # Withdrawn: the key no longer holds the enquiry.
    ConferenceRequestChild.objects.create(
        request=second, child=enquiries[0].child, enquiry=enquiries[0]
    )


def test_withdrawing_needs_a_reason(worker, enquiries):
    request = send_request(by=worker, enquiries=enquiries)
    with pytest.raises(services.ConferenceRequestError) as error:
        services.withdraw_conference_request(request=request, by=worker, reason="   ")
    assert error.value.field == "reason"
    request.refresh_from_db()
    assert request.status == RequestStatus.SENT
    assert request.request_children.filter(is_active=True).count() == 2


def test_withdrawing_frees_the_enquiries_for_a_new_request(worker, household, enquiries):
    first = send_request(by=worker, enquiries=enquiries)
    withdrawn = services.withdraw_conference_request(
        request=first, by=worker, reason="  The family moved before it was booked  "
    )
    assert withdrawn.status == RequestStatus.WITHDRAWN
    assert withdrawn.withdrawn_by == worker and withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawal_reason == "The family moved before it was booked"
    assert not first.request_children.filter(is_active=True).exists()

    second = services.send_conference_request(
        by=worker, enquiries=enquiries, family_members=[household["mother"]]
    )
    assert second.status == RequestStatus.SENT
    # The first sending stands: ICPC_REQUEST is not re-opened or met again.
    for enquiry in enquiries:
        met = deadline(enquiry, RuleCode.ICPC_REQUEST)
        assert met.met_at == first.sent_at
    with pytest.raises(services.ConferenceRequestError, match="Only a request waiting"):
        services.withdraw_conference_request(request=first, by=worker, reason="Again")


# --- History ---------------------------------------------------------------------------------------


def test_every_row_of_a_request_and_its_withdrawal_is_in_history(worker, household, enquiries):
    request = services.send_conference_request(
        by=worker,
        enquiries=enquiries,
        family_members=[household["mother"]],
        professionals=[household["health_visitor"]],
    )
    assert request.history.get().history_type == "+"
    for link in request.request_children.all():
        assert link.history.get().history_user == worker
    for invitee in request.invitees.all():
        assert invitee.history.get().history_user == worker

    other = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    services.withdraw_conference_request(request=request, by=other, reason="Duplicate")
    assert request.history.count() == 2
    assert request.history.first().status == RequestStatus.WITHDRAWN
    for link in request.request_children.all():
        assert [h.is_active for h in link.history.order_by("history_date")] == [True, False]
