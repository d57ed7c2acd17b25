"""The reports' clocks follow the conference: booking opens the social work report's, sending
invitations opens each invited agency's, re-booking moves them, cancelling closes the open ones."""

import pytest
from django.utils import timezone

from conferences import services
from conferences.models import Invitation, InviteeKind
from tests.factories.conferences import booked_conference, send_invitations, working_day_at
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db


def live(rule):
    return Deadline.objects.filter(rule=rule, status=DeadlineStatus.OPEN)


def test_booking_then_inviting_opens_every_report_clock(
    settings, tmp_path, conference_request, coordinator, chair
):
    settings.MEDIA_ROOT = tmp_path
    conference = booked_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        starts_at=working_day_at(8),
    )
    day = timezone.localdate(conference.starts_at)
    assert live(RuleCode.SW_REPORT_PARENTS).get().due_on == calendar.add_working_days(day, -3)
    assert live(RuleCode.SW_REPORT_CHAIR).get().due_on == calendar.add_working_days(day, -2)
    assert not live(RuleCode.AGENCY_REPORT).exists()

    send_invitations(conference=conference, by=coordinator)
    professionals = Invitation.objects.filter(
        conference=conference, kind=InviteeKind.PROFESSIONAL, is_active=True
    )
    assert professionals.exists()
    agency = live(RuleCode.AGENCY_REPORT)
    assert sorted(agency.values_list("subject_id", flat=True)) == sorted(
        professionals.values_list("pk", flat=True)
    )
    assert {d.due_on for d in agency} == {calendar.add_working_days(day, -2)}


def test_re_booking_moves_the_report_clocks(
    settings, tmp_path, conference_request, coordinator, chair, service_manager
):
    settings.MEDIA_ROOT = tmp_path
    conference = booked_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        starts_at=working_day_at(8),
    )
    send_invitations(conference=conference, by=coordinator)
    services.postpone_conference(
        conference=conference,
        reason="The chair is ill.",
        agreed_by=service_manager,
        chair_agreed=True,
        caused_by="conference_service",
        by=coordinator,
    )
    later = working_day_at(12)
    services.book_conference(
        conference=conference,
        starts_at=later,
        venue=conference.venue,
        by=coordinator,
        late_reason="The chair is ill; the children are safeguarded by daily visits.",
    )
    day = timezone.localdate(later)
    for rule in (RuleCode.SW_REPORT_CHAIR, RuleCode.AGENCY_REPORT):
        assert {d.due_on for d in live(rule)} == {calendar.add_working_days(day, -2)}


def test_cancelling_closes_the_open_report_clocks(
    settings, tmp_path, conference_request, coordinator, chair, service_manager
):
    settings.MEDIA_ROOT = tmp_path
    conference = booked_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        starts_at=working_day_at(8),
    )
    send_invitations(conference=conference, by=coordinator)
    services.cancel_conference(
        conference=conference,
        reason="The family moved to another authority.",
        agreed_by=service_manager,
        chair_agreed=True,
        by=coordinator,
    )
    rules = [RuleCode.SW_REPORT_PARENTS, RuleCode.SW_REPORT_CHAIR, RuleCode.AGENCY_REPORT]
    assert not Deadline.objects.filter(rule__in=rules, status=DeadlineStatus.OPEN).exists()
    closed = Deadline.objects.filter(rule__in=rules, status=DeadlineStatus.NOT_APPLICABLE)
    assert closed.count() >= 3
    assert all("family moved" in d.not_applicable_reason for d in closed)
