"""Issue 17 item 7: the team manager's supervision review of drift is due BEFORE the third review
conference (004 social workers' item 12). It is raised when the third review is scheduled or
booked, or by the sweep 6 weeks before the third review is due, whichever is first, once; it is a
DRIFT_REVIEW deadline (due 5 working days before the third review, the team manager responsible)
on the team manager's work list, and recording the review meets it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.sites import site as admin_site
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from conferences import services as conference_services
from conferences.models import Conference, ConferenceStatus
from plans import drift, services
from plans.models import ChildProtectionPlan, DriftFlag
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import booked_review, working_day_at
from tests.factories.plans import review_conference
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode, TimescalePolicy
from timescales.sweep import run_sweep

# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.clock_at(datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))),
]


TODAY = timezone.localdate


def _two_reviews_held(plan, child):
    """Two review conferences held that continued the plan: the next one is its third review."""
    for n in range(2):
        chair = UserFactory(roles=[RoleCode.CHAIR])
        review = review_conference(
            child=child,
            chair=chair,
            starts_at=timezone.now() + datetime.timedelta(minutes=100 + 5 * n),
        )
        services.continue_plan_at_review(plan=plan, conference=review, held_on=TODAY(), by=chair)
        Conference.objects.filter(pk=review.pk).update(status=ConferenceStatus.HELD)
    plan.refresh_from_db()
    assert plan.reviews_held == 2
    return plan


def _drift_deadlines(plan):
    return Deadline.objects.filter(
        rule=RuleCode.DRIFT_REVIEW,
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
        subject_id=plan.pk,
    )


def test_the_policy_has_its_default():
    policy = TimescalePolicy.objects.get(rule=RuleCode.DRIFT_REVIEW)
    assert (policy.value, policy.unit, policy.direction) == (5, "working_days", "before")
    assert "third review" in policy.description


def test_booking_the_third_review_raises_one_flag_and_deadline_due_before_it(
    plan, child, manager, coordinator
):
    _two_reviews_held(plan, child)
    assert not DriftFlag.objects.filter(plan=plan).exists()
    third_on = working_day_at(15)
    chair = UserFactory(roles=[RoleCode.CHAIR])
    review = booked_review(plan=plan, coordinator=coordinator, chair=chair, starts_at=third_on)

    flag = DriftFlag.objects.get(plan=plan)
    assert flag.is_open and flag.raised_by_conference == review
    deadline = _drift_deadlines(plan).get()
    assert deadline.status == DeadlineStatus.OPEN
    assert deadline.responsible == manager  # the child's team manager
    assert deadline.child == child
    assert deadline.due_on == calendar.add_working_days(timezone.localdate(third_on), -5)
    assert deadline.due_on < timezone.localdate(third_on)

    # Idempotent: scheduling, booking, raising and sweeping again raise nothing more.
    assert conference_services.schedule_review_conference(plan=plan, by=coordinator) == review
    drift.raise_for_review_conference(conference=review)
    drift.raise_drift_reviews_due(timezone.now())
    run_sweep()
    assert DriftFlag.objects.filter(plan=plan).count() == 1
    assert _drift_deadlines(plan).count() == 1


def test_scheduling_counts_back_from_the_due_date_and_booking_moves_it_to_the_booked_date(
    plan, child, coordinator
):
    _two_reviews_held(plan, child)
    review = conference_services.schedule_review_conference(plan=plan, by=coordinator)
    plan.refresh_from_db()
    deadline = _drift_deadlines(plan).get()
    assert deadline.due_on == calendar.add_working_days(plan.next_review_due, -5)
    chair = UserFactory(roles=[RoleCode.CHAIR])
    conference_services.allocate_review_chair(conference=review, chair=chair, by=coordinator)
    booked_on = working_day_at(20)
    conference_services.book_conference(
        conference=review,
        starts_at=booked_on,
        online_link="https://meet.example/review",
        by=coordinator,
    )
    deadline.refresh_from_db()
    assert deadline.due_on == calendar.add_working_days(timezone.localdate(booked_on), -5)
    assert _drift_deadlines(plan).count() == 1


def test_the_sweep_raises_it_6_weeks_before_the_third_review_is_due(plan, child, manager):
    _two_reviews_held(plan, child)
    six_weeks_before = plan.next_review_due - datetime.timedelta(weeks=6)
    day_before = datetime.datetime.combine(
        six_weeks_before - datetime.timedelta(days=1),
        datetime.time(10),
        tzinfo=timezone.get_current_timezone(),
    )
    with time_machine.travel(day_before, tick=False):
        run_sweep()
    assert not DriftFlag.objects.filter(plan=plan).exists()

    on_the_day = datetime.datetime.combine(
        six_weeks_before, datetime.time(10), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(on_the_day, tick=False):
        run_sweep()
        run_sweep()  # twice: still one
        assert drift.raise_drift_reviews_due(timezone.now()) == 0
    flag = DriftFlag.objects.get(plan=plan)
    assert flag.raised_by_conference is None
    assert flag.raised_on == six_weeks_before
    deadline = _drift_deadlines(plan).get()
    assert deadline.due_on == calendar.add_working_days(plan.next_review_due, -5)
    assert deadline.responsible == manager


def test_a_plan_not_yet_at_its_second_review_gets_no_drift_review(plan, child, coordinator):
    conference_services.schedule_review_conference(plan=plan, by=coordinator)
    drift.raise_drift_reviews_due(timezone.now() + datetime.timedelta(days=400))
    assert not DriftFlag.objects.filter(plan=plan).exists()
    assert not _drift_deadlines(plan).exists()


def test_recording_the_review_meets_the_deadline(plan, child, manager, coordinator):
    _two_reviews_held(plan, child)
    conference_services.schedule_review_conference(plan=plan, by=coordinator)
    services.record_drift_review(plan=plan, by=manager, note="Not drifting: the parents engage.")
    deadline = _drift_deadlines(plan).get()
    assert deadline.status == DeadlineStatus.MET_ON_TIME
    assert not DriftFlag.objects.get(plan=plan).is_open


def test_the_team_managers_work_list_shows_the_plan_to_review(
    client, plan, child, manager, worker, coordinator
):
    _two_reviews_held(plan, child)
    conference_services.schedule_review_conference(plan=plan, by=coordinator)
    body = login(client, manager).get("/").content.decode()
    assert "Plans to review for drift before the third review" in body
    assert reverse("plans:drift-review", args=[plan.pk]) in body
    assert child.legal_name in body
    other_manager = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    body = login(client, other_manager).get("/").content.decode()
    assert reverse("plans:drift-review", args=[plan.pk]) not in body
    services.record_drift_review(plan=plan, by=manager, note="Reviewed in supervision.")
    body = login(client, manager).get("/").content.decode()
    assert reverse("plans:drift-review", args=[plan.pk]) not in body
    assert "No plans are waiting for your drift review." in body


def test_the_admin_cannot_write_the_flag_or_the_review_count(rf, plan, admin_user):
    request = rf.get("/")
    request.user = admin_user
    flag_admin = admin_site._registry[DriftFlag]
    assert not flag_admin.has_add_permission(request)
    assert not flag_admin.has_change_permission(request)
    plan_admin = admin_site._registry[ChildProtectionPlan]
    assert "reviews_held" in plan_admin.get_readonly_fields(request, plan)
    assert "reviews_held" not in plan_admin.get_form(request, plan).base_fields
