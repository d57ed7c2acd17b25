"""Issue 17 item 8, who is told and who agrees (004 chairs' items 1 and 15, standards item 4).

(a) A late request for an initial conference raises its Quality Assurance notification to the
relevant service manager as well as the line manager (the late-request QAN and the sweep's
ICPC_REQUEST breach QAN): on their inbox and work list, theirs to act on, emailed to them.
(b) Postponing or cancelling is agreed by the social worker's service manager or, in their
absence, the conference service manager (the QA manager, the QARU's manager), with the chair's
agreement recorded; anyone else is refused, whatever page or admin asks."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core import mail
from django.urls import reverse

from accounts.line_management import relevant_service_manager
from accounts.models import RoleCode
from conferences import services
from conferences.models import (
    ChangeAgreedAs,
    Conference,
    ConferenceChild,
    ConferenceKind,
    ConferenceStatus,
)
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import booked_conference, send_request
from tests.shared_world import shareable
from timescales import services as timescale_services
from timescales.dashboard import qans_in_scope
from timescales.models import QanKind, QualityAssuranceNotification, RuleCode
from timescales.sweep import run_sweep

# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.clock_at(datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))),
]


@shareable
def sam(manager):
    """Sam Service, the service manager over the social worker's team manager."""
    sam = UserFactory(
        roles=[RoleCode.SERVICE_MANAGER], full_name="Sam Service", email="sam@test.example"
    )
    manager.line_manager = sam
    manager.save()
    return sam


@shareable
def other_service_manager(db):
    return UserFactory(roles=[RoleCode.SERVICE_MANAGER], full_name="Olu Other")


@shareable
def quinn(db):
    """Quinn QA, the QA manager: the conference service (QARU) manager."""
    return UserFactory(roles=[RoleCode.QA_MANAGER], full_name="Quinn QA")


# --- (a) A late request is told to the relevant service manager --------------------------------


def test_the_relevant_service_manager_is_found_through_line_management_or_the_team(
    worker, manager, team, sam
):
    assert relevant_service_manager(worker) == sam  # the line manager's line manager
    assert relevant_service_manager(manager) == sam  # their own line manager
    # No line manager recorded: the line manager of the team's manager.
    newcomer = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team)
    team.manager = manager
    team.save()
    assert relevant_service_manager(newcomer) == sam
    # Only a service manager counts.
    sam.roles.clear()
    sam._role_codes = None
    del sam._role_codes
    assert relevant_service_manager(UserFactory(line_manager=manager)) is None


def test_a_late_request_is_sent_to_the_service_manager_as_well_as_the_line_manager(
    client,
    worker,
    manager,
    sam,
    other_service_manager,
    late_enquiries,
    django_capture_on_commit_callbacks,
):
    send_request(by=worker, enquiries=late_enquiries)
    qan = QualityAssuranceNotification.objects.get(kind=QanKind.LATE_REQUEST)
    assert qan.addressed_to == manager
    assert qan.also_addressed_to == sam

    # On the service manager's inbox and work list; theirs to open and act on.
    assert qan in qans_in_scope(sam)
    assert qan not in qans_in_scope(other_service_manager)
    login(client, sam)
    assert qan.reference in client.get(reverse("timescales:qan-inbox")).content.decode()
    assert qan.reference in client.get("/").content.decode()
    detail = client.get(reverse("timescales:qan-detail", args=[qan.pk])).content.decode()
    assert "Also sent to" in detail and "Sam Service (service manager)" in detail
    timescale_services.acknowledge_qan(qan=qan, by=sam)
    login(client, other_service_manager)
    assert client.get(reverse("timescales:qan-detail", args=[qan.pk])).status_code == 403

    # Emailed to both.
    mail.outbox.clear()
    QualityAssuranceNotification.objects.filter(pk=qan.pk).update(emailed_at=None)
    with django_capture_on_commit_callbacks(execute=True):  # sent after the commit (ADR 50)
        timescale_services.notify_pending_qans()
    assert sorted(message.to[0] for message in mail.outbox) == sorted([manager.email, sam.email])
    to_sam = next(message for message in mail.outbox if message.to == [sam.email])
    assert "Dear Sam Service" in to_sam.body
    assert "member of your service" in to_sam.body


def test_a_late_request_goes_once_when_the_line_manager_is_the_service_manager(
    worker, manager, late_enquiries
):
    manager.roles.add(*manager.roles.model.objects.filter(code=RoleCode.SERVICE_MANAGER))
    send_request(by=worker, enquiries=late_enquiries)
    qan = QualityAssuranceNotification.objects.get(kind=QanKind.LATE_REQUEST)
    assert qan.addressed_to == manager
    assert qan.also_addressed_to is None


def test_the_sweeps_breach_of_the_request_deadline_is_sent_to_the_service_manager_too(
    worker, manager, sam, late_enquiries
):
    """The enquiries passed day 5 with no request: the sweep's breach QANs for ICPC_REQUEST also
    go to the service manager; breaches of other rules go to the line manager alone."""
    run_sweep()
    request_breaches = QualityAssuranceNotification.objects.filter(
        kind=QanKind.BREACH, rule=RuleCode.ICPC_REQUEST
    )
    assert request_breaches.count() == len(late_enquiries)
    for qan in request_breaches:
        assert qan.addressed_to == manager
        assert qan.also_addressed_to == sam
        assert qan.history.earliest().also_addressed_to_id == sam.pk  # in history as raised
    assert not (
        QualityAssuranceNotification.objects.exclude(rule=RuleCode.ICPC_REQUEST)
        .filter(also_addressed_to__isnull=False)
        .exists()
    )
    run_sweep()  # idempotent
    assert request_breaches.count() == len(late_enquiries)


def test_the_admin_cannot_change_who_else_was_told(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    qan_admin = admin_site._registry[QualityAssuranceNotification]
    assert "also_addressed_to" in qan_admin.get_readonly_fields(request, None)


# --- (b) Postponing and cancelling: the service manager's and the chair's agreement ------------


def _booked(conference_request, coordinator, chair):
    return booked_conference(request=conference_request, coordinator=coordinator, chair=chair)


def _nothing_changed(conference):
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.BOOKED
    assert not QualityAssuranceNotification.objects.filter(
        kind__in=[QanKind.POSTPONED, QanKind.CANCELLED]
    ).exists()


def test_the_social_workers_service_manager_and_the_chair_agree_a_postponement(
    conference_request, coordinator, chair, sam
):
    conference = _booked(conference_request, coordinator, chair)
    postponed = services.postpone_conference(
        conference=conference,
        reason="The father's solicitor cannot attend.",
        agreed_by=sam,
        chair_agreed=True,
        caused_by="family",
        by=coordinator,
    )
    assert postponed.status == ConferenceStatus.POSTPONED
    assert postponed.change_agreed_by == sam
    assert postponed.change_agreed_as == ChangeAgreedAs.SERVICE_MANAGER
    assert postponed.change_chair_agreed_by == chair
    assert postponed.history.latest().change_chair_agreed_by_id == chair.pk
    qan = QualityAssuranceNotification.objects.get(kind=QanKind.POSTPONED)
    assert "agreed by Sam Service and the chair, Carol Chair" in qan.description


def test_another_service_manager_or_a_team_manager_cannot_agree(
    conference_request, coordinator, chair, sam, other_service_manager, manager
):
    conference = _booked(conference_request, coordinator, chair)
    for someone in (other_service_manager, manager, coordinator, chair):
        with pytest.raises(services.ConferenceBookingError) as refused:
            services.cancel_conference(
                conference=conference,
                reason="Family moved away",
                agreed_by=someone,
                chair_agreed=True,
                by=coordinator,
            )
        assert refused.value.field == "agreed_by"
        assert "Sam Service" in refused.value.message
    _nothing_changed(conference)


def test_in_the_service_managers_absence_the_conference_service_manager_agrees(
    conference_request, coordinator, chair, sam, quinn
):
    conference = _booked(conference_request, coordinator, chair)
    cancelled = services.cancel_conference(
        conference=conference,
        reason="Booked in error.",
        agreed_by=quinn,
        chair_agreed=True,
        by=coordinator,
    )
    assert cancelled.status == ConferenceStatus.CANCELLED
    assert cancelled.change_agreed_as == ChangeAgreedAs.CONFERENCE_SERVICE_MANAGER
    qan = QualityAssuranceNotification.objects.get(kind=QanKind.CANCELLED)
    assert "in the service manager's absence" in qan.description


def test_the_chairs_agreement_is_needed(conference_request, coordinator, chair, sam):
    conference = _booked(conference_request, coordinator, chair)
    with pytest.raises(services.ConferenceBookingError) as refused:
        services.postpone_conference(
            conference=conference,
            reason="Chair unwell",
            agreed_by=sam,
            caused_by="conference_service",
            by=coordinator,
        )
    assert refused.value.field == "chair_agreed"
    assert "Carol Chair" in refused.value.message
    _nothing_changed(conference)


def test_a_review_with_no_chair_yet_needs_no_chairs_agreement(coordinator, household, worker, sam):
    review = Conference.objects.create(kind=ConferenceKind.REVIEW)
    ConferenceChild.objects.create(conference=review, child=household["amelia"])
    cancelled = services.cancel_conference(
        conference=review, reason="The plan ended.", agreed_by=sam, by=coordinator
    )
    assert cancelled.status == ConferenceStatus.CANCELLED
    assert cancelled.change_chair_agreed_by is None


def test_the_page_offers_only_those_who_may_agree_and_shows_errors_next_to_the_fields(
    client, conference_request, coordinator, chair, sam, quinn, other_service_manager
):
    conference = _booked(conference_request, coordinator, chair)
    login(client, coordinator)
    url = f"/conferences/{conference.pk}/cancel/"
    body = client.get(url).content.decode()
    assert "Sam Service (service manager)" in body
    assert "Quinn QA (conference service manager, if the service manager is absent)" in body
    assert "Olu Other" not in body
    assert "The chair, Carol Chair, agreed to cancel the conference" in body
    response = client.post(url, {"reason": "Moved", "agreed_by": str(other_service_manager.pk)})
    body = response.content.decode()
    assert 'id="id_agreed_by-error"' in body
    assert "govuk-error-summary" in body
    _nothing_changed(conference)
    response = client.post(
        url, {"reason": "Moved", "agreed_by": str(quinn.pk), "chair_agreed": "on"}
    )
    assert response.status_code == 302
    page = unescape(client.get(f"/conferences/{conference.pk}/").content.decode())
    assert "conference service manager, in the service manager's absence" in page
    assert "and the chair, Carol Chair" in page


def test_the_admin_cannot_postpone_cancel_or_record_agreement(
    admin_client, rf, admin_user, conference_request, coordinator, chair
):
    conference = _booked(conference_request, coordinator, chair)
    request = rf.get("/")
    request.user = admin_user
    conference_admin = admin_site._registry[Conference]
    fields = conference_admin.get_form(request, conference).base_fields
    for name in (
        "status",
        "change_reason",
        "change_agreed_by",
        "change_agreed_as",
        "change_chair_agreed_by",
        "changed_at",
        "changed_by",
    ):
        assert name not in fields
    page = admin_client.get(f"/admin/conferences/conference/{conference.pk}/change/")
    assert page.status_code == 200
