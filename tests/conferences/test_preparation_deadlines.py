"""Deadlines that stay true (issue 18 item 5, ADR 45): the deadlines counted back from a
conference close as met or missed when it is held or adjourned (none stays live, one breach QAN
each); they wait while it is postponed, and move with it when it is re-booked, never to a day
before the booking; an agency whose professional does not sign in is the coordinator's to chase."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import AgencyKind
from children.models import ProfessionalRole
from conferences import services
from conferences.models import Conference, Invitation
from reports.services import open_report_deadlines
from tests.auth import login
from tests.factories.accounts import AgencyFactory
from tests.factories.conferences import (
    booked_conference,
    decide_every_child,
    make_quorate,
    move_to_today,
    send_invitations,
    working_day_at,
)
from tests.factories.reports import professional_invitation
from tests.factories.timescales import fall_due_at
from tests.shared_world import shareable
from timescales import calendar
from timescales import services as timescale_services
from timescales.chase import agency_deadlines_to_chase
from timescales.models import (
    LIVE_STATUSES,
    Deadline,
    DeadlineStatus,
    QanKind,
    QualityAssuranceNotification,
    RuleCode,
)
from timescales.preparation import preparation_q
from timescales.sweep import run_sweep

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=LONDON)  # no bank holiday near
LATE = "The chair is ill; the children are safeguarded by daily visits."


# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_at(WEDNESDAY)]


def _of(rule, subject) -> Deadline:
    return Deadline.objects.filter(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=subject.pk,
    ).latest("pk")


def _breach_qans(deadline):
    return QualityAssuranceNotification.objects.filter(kind=QanKind.BREACH, deadline=deadline)


@shareable
def gp_surgery():
    return AgencyFactory(name="Riverside Surgery", kind=AgencyKind.HEALTH)


@shareable
def booked(conference_request, coordinator, chair, minute_taker, gp_surgery):
    """Booked 8 working days ahead, invitations sent, and a GP invited by name and email: the
    GP does not sign in to this service."""
    conference = booked_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
        starts_at=working_day_at(8),
        late_reason=LATE,
    )
    send_invitations(conference=conference, by=coordinator)
    gp = professional_invitation(
        conference, role=ProfessionalRole.GP, agency=gp_surgery, name="Dr Asha Synth"
    )
    open_report_deadlines(conference=conference, by=coordinator)
    conference.refresh_from_db()
    return conference, gp


def _start(conference, chair, minute_taker):
    move_to_today(conference)
    conference = services.start_conference(conference=conference, by=chair)
    return make_quorate(conference, by=minute_taker)


# --- Held: closed as met or missed ----------------------------------------------------------------


def test_holding_the_conference_closes_every_preparation_deadline(
    booked, chair, minute_taker, worker
):
    conference, gp = booked
    to_chair = _of(RuleCode.SW_REPORT_CHAIR, conference)
    to_parents = _of(RuleCode.SW_REPORT_PARENTS, conference)
    gp_report = _of(RuleCode.AGENCY_REPORT, gp)
    # Sent to the chair on time; the parents' copy breached by the sweep (its QAN raised).
    timescale_services.meet_deadline(rule=RuleCode.SW_REPORT_CHAIR, subject=conference)
    Deadline.objects.filter(pk=to_parents.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        due_at=timezone.now() - datetime.timedelta(hours=10),
    )
    run_sweep()
    assert _breach_qans(to_parents).count() == 1

    conference = _start(conference, chair, minute_taker)
    decide_every_child(conference, chair=chair)
    conference.refresh_from_db()
    assert conference.status == "held"

    assert not Deadline.objects.filter(preparation_q(conference), status__in=LIVE_STATUSES)
    to_chair.refresh_from_db()
    assert to_chair.status == DeadlineStatus.MET_ON_TIME  # met stays met
    to_parents.refresh_from_db()
    assert to_parents.status == DeadlineStatus.MISSED
    assert _breach_qans(to_parents).count() == 1  # no second QAN
    gp_report.refresh_from_db()
    assert gp_report.status == DeadlineStatus.MISSED
    assert gp_report.breached_at is not None
    (qan,) = _breach_qans(gp_report)  # raised as the sweep would have
    assert qan.agency.name == "Riverside Surgery"
    assert "was held on 10 June 2026 without it" in qan.description
    # The sweep has nothing more to do with them, and the next deadlines are live.
    assert run_sweep().qans_raised == 0
    assert _breach_qans(gp_report).count() == 1
    assert _of(RuleCode.MINUTES, conference).status == DeadlineStatus.OPEN


def test_adjourning_closes_them_too(booked, chair, minute_taker):
    conference, gp = booked
    conference = _start(conference, chair, minute_taker)
    services.adjourn_conference(
        conference=conference, by=chair, reason="The police report is missing."
    )
    assert not Deadline.objects.filter(preparation_q(conference), status__in=LIVE_STATUSES)
    assert _of(RuleCode.AGENCY_REPORT, gp).status == DeadlineStatus.MISSED
    assert _of(RuleCode.ADJOURN, conference).status == DeadlineStatus.OPEN


# --- Moved: postponed, re-booked, clamped ------------------------------------------------------


def _postpone(conference, coordinator, service_manager):
    return services.postpone_conference(
        conference=conference,
        reason="The chair is ill.",
        agreed_by=service_manager,
        caused_by="conference_service",
        chair_agreed=True,
        by=coordinator,
    )


def test_while_postponed_the_sweep_leaves_them_and_re_booking_moves_them(
    booked, coordinator, service_manager
):
    conference, gp = booked
    parents_due = _of(RuleCode.SW_REPORT_PARENTS, conference).due_on
    _postpone(conference, coordinator, service_manager)
    # Past the old due date, with no date to count from: not breached.
    with time_machine.travel(
        datetime.datetime.combine(
            parents_due + datetime.timedelta(days=2), datetime.time(9)
        ).replace(tzinfo=LONDON),
        tick=False,
    ):
        run_sweep()
        assert _of(RuleCode.SW_REPORT_PARENTS, conference).status == DeadlineStatus.OPEN
        assert _of(RuleCode.AGENCY_REPORT, gp).status == DeadlineStatus.OPEN

        later = working_day_at(12)
        services.book_conference(
            conference=conference,
            starts_at=later,
            venue=conference.venue,
            by=coordinator,
            late_reason=LATE,
        )
        day = timezone.localdate(later)
        parents = _of(RuleCode.SW_REPORT_PARENTS, conference)
        assert parents.due_on == calendar.add_working_days(day, -3)
        assert parents.history.first().history_change_reason == "Conference re-booked"
        assert _of(RuleCode.AGENCY_REPORT, gp).due_on == calendar.add_working_days(day, -2)
        run_sweep()
        assert _of(RuleCode.SW_REPORT_PARENTS, conference).status == DeadlineStatus.OPEN


def test_re_booked_at_short_notice_nothing_falls_due_before_the_booking(
    booked, coordinator, service_manager
):
    conference, gp = booked
    _postpone(conference, coordinator, service_manager)
    tomorrow = working_day_at(1)  # 3 working days before it is last Monday
    services.book_conference(
        conference=conference,
        starts_at=tomorrow,
        venue=conference.venue,
        by=coordinator,
        late_reason=LATE,
    )
    today = timezone.localdate()
    assert calendar.add_working_days(timezone.localdate(tomorrow), -3) < today
    for deadline in (
        _of(RuleCode.SW_REPORT_PARENTS, conference),
        _of(RuleCode.SW_REPORT_CHAIR, conference),
        _of(RuleCode.AGENCY_REPORT, gp),
    ):
        assert deadline.status == DeadlineStatus.OPEN
        assert deadline.due_on == today  # the day the booking was made
        assert deadline.due_at == datetime.datetime(2026, 6, 11, tzinfo=LONDON)
    run_sweep()  # not breached the moment it is booked
    assert _of(RuleCode.AGENCY_REPORT, gp).status == DeadlineStatus.OPEN


def test_a_breached_deadline_is_not_moved(booked, coordinator, service_manager):
    conference, gp = booked
    fall_due_at(
        Deadline.objects.filter(pk=_of(RuleCode.AGENCY_REPORT, gp).pk),
        WEDNESDAY - datetime.timedelta(minutes=1),  # the module's pinned moment
    )
    run_sweep()
    breached = _of(RuleCode.AGENCY_REPORT, gp)
    _postpone(conference, coordinator, service_manager)
    services.book_conference(
        conference=conference,
        starts_at=working_day_at(12),
        venue=conference.venue,
        by=coordinator,
        late_reason=LATE,
    )
    again = _of(RuleCode.AGENCY_REPORT, gp)
    assert (again.pk, again.status, again.due_at) == (
        breached.pk,
        DeadlineStatus.BREACHED,
        breached.due_at,
    )


def test_changing_the_booking_moves_them_never_to_before_the_change(booked, coordinator):
    """A change of booking (no postponement) moves what is counted back from the conference:
    later, they follow; brought forward to tomorrow, none falls due before the change."""
    from conferences import booking_changes

    conference, gp = booked
    later = working_day_at(12)
    booking_changes.change_booking(
        conference=conference,
        starts_at=later,
        venue=conference.venue,
        by=coordinator,
        late_reason=LATE,
        reason="The chair's diary changed.",
    )
    day = timezone.localdate(later)
    parents = _of(RuleCode.SW_REPORT_PARENTS, conference)
    assert parents.due_on == calendar.add_working_days(day, -3)
    assert _of(RuleCode.AGENCY_REPORT, gp).due_on == calendar.add_working_days(day, -2)

    conference.refresh_from_db()
    friday = WEDNESDAY + datetime.timedelta(days=2)  # two days after it was booked
    with time_machine.travel(friday, tick=False):
        booking_changes.change_booking(
            conference=conference,
            starts_at=working_day_at(1),  # Monday: 3 working days before it was the booking day
            venue=conference.venue,
            by=coordinator,
            late_reason=LATE,
        )
        today = timezone.localdate()
        live = Deadline.objects.filter(preparation_q(conference), status__in=LIVE_STATUSES)
        assert {d.rule for d in live} >= {RuleCode.SW_REPORT_PARENTS, RuleCode.SW_REPORT_CHAIR}
        assert {d.due_on for d in live} == {today}
        run_sweep()  # not breached the moment the booking changes
        assert not live.filter(status=DeadlineStatus.BREACHED).exists()


# --- Nobody signs in for it: the coordinator chases it ----------------------------------------


def test_the_coordinator_chases_an_agency_whose_professional_does_not_sign_in(
    client, booked, coordinator
):
    conference, gp = booked
    gp_report = _of(RuleCode.AGENCY_REPORT, gp)
    assert gp_report.responsible is None
    assert gp_report.agency.name == "Riverside Surgery"

    work = agency_deadlines_to_chase(coordinator, timezone.now())
    (item,) = [i for i in work.items if "Riverside Surgery" in i.text]
    assert item.text == "Agency report submitted: Riverside Surgery"
    assert "Dr Asha Synth does not sign in to this service" in item.details
    assert item.href == reverse("timescales:deadline-detail", args=[gp_report.pk])
    signed_in = Invitation.objects.filter(conference=conference, user__isnull=False)
    for invitation in signed_in:
        assert not any(invitation.name in " ".join(i.details) for i in work.items)

    login(client, coordinator)
    html = unescape(client.get(item.href).content.decode())
    assert "Dr Asha Synth, Riverside Surgery" in html
    assert "the conference coordinator chases it" in html
    assert "Agency" in html

    home = unescape(client.get("/").content.decode())
    assert "Agency reports to chase" in home
    assert "Agency report submitted: Riverside Surgery" in home


def test_the_chase_list_is_one_query_whatever_its_length(
    booked, coordinator, django_assert_max_num_queries
):
    conference, _ = booked
    for number in range(5):
        professional_invitation(conference, role=ProfessionalRole.GP, name=f"Dr {number}")
    open_report_deadlines(conference=conference, by=coordinator)
    with django_assert_max_num_queries(3):
        work = agency_deadlines_to_chase(coordinator, timezone.now())
    assert len(work.items) >= 6
    assert Conference.objects.filter(pk=conference.pk).exists()
