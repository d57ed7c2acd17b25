"""Report deadlines: opened for a booked conference (idempotently), moved when it is re-booked,
met by the actions, and a missing agency report's breach raising exactly one QAN."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import RoleCode
from children.models import ProfessionalRole
from conferences.models import Conference, ConferenceKind, ConferenceStatus
from conferences.services import book_conference
from reports import services
from tests.factories.accounts import UserFactory
from tests.factories.children import enquiries_needing_conference
from tests.factories.clock import PINNED
from tests.factories.conferences import allocated_conference, send_request, venue, working_day_at
from tests.factories.reports import professional_invitation, signed_off_report
from tests.factories.timescales import fall_due_at
from timescales import calendar
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QualityAssuranceNotification,
    RuleCode,
)
from timescales.sweep import run_sweep

pytestmark = pytest.mark.django_db

STRUCTURED = {"involvement": "Monthly home visits.", "worries": "Missed health checks."}


def deadline(rule, subject) -> Deadline:
    return Deadline.objects.filter(rule=rule, subject_id=subject.pk).latest("pk")


def report_deadlines():
    return Deadline.objects.filter(
        rule__in=[
            RuleCode.SW_REPORT_PARENTS,
            RuleCode.SW_REPORT_CHAIR,
            RuleCode.AGENCY_REPORT,
            RuleCode.RCPC_REPORT_QA,
            RuleCode.RCPC_REPORT_PARENTS,
            RuleCode.RCPC_REPORT_CHAIR,
        ]
    )


def test_a_booked_icpc_gets_its_report_deadlines_counted_back_from_the_start(
    conference, worker, chair, coordinator, agency_user, children
):
    invited = professional_invitation(conference, user=agency_user)
    external = professional_invitation(conference, role=ProfessionalRole.POLICE, name="DC Synth")
    withdrawn = professional_invitation(conference, is_active=False, name="Off The List")
    services.open_report_deadlines(conference=conference, by=coordinator)

    day = timezone.localdate(conference.starts_at)
    parents = deadline(RuleCode.SW_REPORT_PARENTS, conference)
    to_chair = deadline(RuleCode.SW_REPORT_CHAIR, conference)
    assert parents.due_on == calendar.add_working_days(day, -3)
    assert to_chair.due_on == calendar.add_working_days(day, -2)
    assert parents.responsible == worker  # the children's lead social worker
    assert to_chair.chair == chair
    assert parents.child in children

    mine = deadline(RuleCode.AGENCY_REPORT, invited)
    assert mine.due_on == calendar.add_working_days(day, -2)
    assert mine.responsible == agency_user
    assert mine.agency == invited.agency
    assert mine.chair == chair
    theirs = deadline(RuleCode.AGENCY_REPORT, external)
    assert theirs.responsible is None
    assert theirs.agency == external.agency
    assert not Deadline.objects.filter(rule=RuleCode.AGENCY_REPORT, subject_id=withdrawn.pk)
    assert not Deadline.objects.filter(rule__startswith="RCPC_REPORT")


def test_opening_again_is_harmless(conference, coordinator, agency_user):
    professional_invitation(conference, user=agency_user)
    services.open_report_deadlines(conference=conference, by=coordinator)
    before = list(report_deadlines().values_list("pk", "due_at"))
    services.open_report_deadlines(conference=conference, by=coordinator)
    assert list(report_deadlines().values_list("pk", "due_at")) == before
    assert len(before) == 3


def test_a_conference_not_booked_gets_none(conference, coordinator):
    before = report_deadlines().count()  # booking opened the social work report's two
    Conference.objects.filter(pk=conference.pk).update(status=ConferenceStatus.ALLOCATED)
    conference.refresh_from_db()
    assert services.open_report_deadlines(conference=conference, by=coordinator) == []
    assert report_deadlines().count() == before == 2


def test_booking_a_review_conference_opens_the_three_review_deadlines(
    worker, coordinator, chair, children, starts_at
):
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=children)
    )
    allocated = allocated_conference(request=request, coordinator=coordinator, chair=chair)
    # Reviews arrive with the plans issue; until then a review is an allocated one re-typed.
    Conference.objects.filter(pk=allocated.pk).update(kind=ConferenceKind.REVIEW)
    allocated.refresh_from_db()
    conference = book_conference(
        conference=allocated, starts_at=starts_at, venue=venue(), by=coordinator
    )
    day = timezone.localdate(conference.starts_at)

    def before(days):
        """`days` calendar days before, on the working day on or before it (ADR 45)."""
        return calendar.previous_working_day(day - datetime.timedelta(days=days))

    assert deadline(RuleCode.RCPC_REPORT_QA, conference).due_on == before(10)
    assert deadline(RuleCode.RCPC_REPORT_PARENTS, conference).due_on == before(7)
    assert deadline(RuleCode.RCPC_REPORT_CHAIR, conference).due_on == before(5)
    assert not Deadline.objects.filter(rule__startswith="SW_REPORT").exists()


def test_sign_off_meets_the_review_quality_assurance_deadline(
    conference, coordinator, worker, manager
):
    Conference.objects.filter(pk=conference.pk).update(kind=ConferenceKind.PRE_BIRTH_REVIEW)
    conference.refresh_from_db()
    services.open_report_deadlines(conference=conference, by=coordinator)
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    assert deadline(RuleCode.RCPC_REPORT_QA, conference).status == DeadlineStatus.MET_ON_TIME
    services.record_sharing_with_parents(report=report, by=worker, parents_views="Agreed")
    services.send_to_chair(report=report, by=worker)
    assert deadline(RuleCode.RCPC_REPORT_PARENTS, conference).status == DeadlineStatus.MET_ON_TIME
    assert deadline(RuleCode.RCPC_REPORT_CHAIR, conference).status == DeadlineStatus.MET_ON_TIME


def test_when_the_conference_moves_its_report_deadlines_move(conference, coordinator, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    services.open_report_deadlines(conference=conference, by=coordinator)
    later = working_day_at(15)
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=later, ends_at=later + datetime.timedelta(hours=2)
    )
    conference.refresh_from_db()
    services.open_report_deadlines(conference=conference, by=coordinator)
    day = timezone.localdate(later)
    assert deadline(RuleCode.SW_REPORT_PARENTS, conference).due_on == calendar.add_working_days(
        day, -3
    )
    moved = deadline(RuleCode.AGENCY_REPORT, invitation)
    assert moved.due_on == calendar.add_working_days(day, -2)
    assert moved.history.filter(history_change_reason="Conference re-booked").exists()
    assert report_deadlines().count() == 3


def test_taking_someone_off_the_list_withdraws_their_report_deadline(
    conference, coordinator, agency_user
):
    invitation = professional_invitation(conference, user=agency_user)
    services.open_report_deadlines(conference=conference, by=coordinator)
    invitation.is_active = False
    invitation.save()
    services.open_report_deadlines(conference=conference, by=coordinator)
    withdrawn = deadline(RuleCode.AGENCY_REPORT, invitation)
    assert withdrawn.status == DeadlineStatus.NOT_APPLICABLE
    assert withdrawn.not_applicable_reason == "Taken off the invite list"


def test_sharing_and_sending_meet_the_deadlines_and_they_are_not_opened_again(
    conference, coordinator, worker, manager
):
    services.open_report_deadlines(conference=conference, by=coordinator)
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    services.record_sharing_with_parents(report=report, by=worker, parents_views="Agreed")
    services.send_to_chair(report=report, by=worker)
    assert deadline(RuleCode.SW_REPORT_PARENTS, conference).status == DeadlineStatus.MET_ON_TIME
    assert deadline(RuleCode.SW_REPORT_CHAIR, conference).status == DeadlineStatus.MET_ON_TIME
    services.open_report_deadlines(conference=conference, by=coordinator)
    assert Deadline.objects.filter(rule=RuleCode.SW_REPORT_CHAIR).count() == 1


def test_not_sharing_for_a_reason_closes_the_parents_deadline_with_the_reason(
    conference, coordinator, worker, manager
):
    services.open_report_deadlines(conference=conference, by=coordinator)
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    services.record_sharing_with_parents(
        report=report, by=worker, not_shared_reason="Parents' whereabouts unknown"
    )
    closed = deadline(RuleCode.SW_REPORT_PARENTS, conference)
    assert closed.status == DeadlineStatus.NOT_APPLICABLE
    assert "Parents' whereabouts unknown" in closed.not_applicable_reason


def test_an_agency_report_meets_its_deadline_on_time(conference, coordinator, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    services.open_report_deadlines(conference=conference, by=coordinator)
    report = services.submit_agency_report(
        invitation=invitation, by=agency_user, may_share_with_family=True, **STRUCTURED
    )
    assert deadline(RuleCode.AGENCY_REPORT, invitation).status == DeadlineStatus.MET_ON_TIME
    assert report.submitted_late is False


def test_a_report_after_its_due_date_meets_it_late(conference, coordinator, agency_user):
    invitation = professional_invitation(conference, user=agency_user)
    services.open_report_deadlines(conference=conference, by=coordinator)
    fall_due_at(
        Deadline.objects.filter(rule=RuleCode.AGENCY_REPORT),
        PINNED - datetime.timedelta(hours=1),
    )
    report = services.submit_agency_report(
        invitation=invitation, by=agency_user, may_share_with_family=True, **STRUCTURED
    )
    assert deadline(RuleCode.AGENCY_REPORT, invitation).status == DeadlineStatus.MET_LATE
    assert report.submitted_late is True


def test_a_report_after_the_sweep_breached_it_still_meets_it_late(
    conference, coordinator, agency_user
):
    invitation = professional_invitation(conference, user=agency_user)
    services.open_report_deadlines(conference=conference, by=coordinator)
    fall_due_at(
        Deadline.objects.filter(rule=RuleCode.AGENCY_REPORT),
        PINNED - datetime.timedelta(hours=1),
    )
    run_sweep()
    assert deadline(RuleCode.AGENCY_REPORT, invitation).status == DeadlineStatus.BREACHED
    report = services.submit_agency_report(
        invitation=invitation, by=agency_user, may_share_with_family=True, **STRUCTURED
    )
    assert deadline(RuleCode.AGENCY_REPORT, invitation).status == DeadlineStatus.MET_LATE
    assert report.submitted_late is True


# The missing report's Quality Assurance notification ---------------------------------------------


def breach_qans(invitation):
    return QualityAssuranceNotification.objects.filter(
        kind=QanKind.BREACH,
        deadline__rule=RuleCode.AGENCY_REPORT,
        deadline__subject_id=invitation.pk,
    )


def test_a_missing_agency_report_raises_exactly_one_qan_even_after_two_sweeps(
    conference, coordinator, agency_user, service_manager
):
    invitation = professional_invitation(conference, user=agency_user)
    submitted = professional_invitation(conference, role=ProfessionalRole.GP, name="Dr Synth")
    services.open_report_deadlines(conference=conference, by=coordinator)
    services.submit_agency_report(
        invitation=submitted, by=coordinator, may_share_with_family=True, **STRUCTURED
    )
    due = deadline(RuleCode.AGENCY_REPORT, invitation)
    after_due = due.due_at + datetime.timedelta(minutes=1)

    run_sweep(now=after_due)
    run_sweep(now=after_due + datetime.timedelta(hours=1))

    [qan] = breach_qans(invitation)
    assert qan.addressed_to == agency_user.line_manager  # the professional's line management
    assert qan.responsible == agency_user
    assert qan.agency == invitation.agency
    assert qan.rule == RuleCode.AGENCY_REPORT
    assert not breach_qans(submitted).exists()  # submitted on time: nothing to raise
    assert deadline(RuleCode.AGENCY_REPORT, invitation).status == DeadlineStatus.BREACHED


def test_a_missing_report_from_a_professional_who_does_not_sign_in_goes_to_a_service_manager(
    conference, coordinator, service_manager
):
    invitation = professional_invitation(conference, role=ProfessionalRole.POLICE, name="DC Synth")
    services.open_report_deadlines(conference=conference, by=coordinator)
    due = deadline(RuleCode.AGENCY_REPORT, invitation)
    run_sweep(now=due.due_at + datetime.timedelta(minutes=1))
    run_sweep(now=due.due_at + datetime.timedelta(days=1))
    [qan] = breach_qans(invitation)
    assert qan.addressed_to == service_manager
    assert qan.agency == invitation.agency


def test_a_professional_without_a_line_manager_falls_back_to_a_service_manager(
    conference, coordinator, service_manager
):
    lone = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    invitation = professional_invitation(conference, user=lone)
    services.open_report_deadlines(conference=conference, by=coordinator)
    run_sweep(now=deadline(RuleCode.AGENCY_REPORT, invitation).due_at + datetime.timedelta(hours=1))
    [qan] = breach_qans(invitation)
    assert qan.addressed_to == service_manager
