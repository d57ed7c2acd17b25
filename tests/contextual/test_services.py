"""The rules of a Contextual Safeguarding Conference (002 Norfolk; issue 22 item 5; ADR 61), each
proved at the service: who asks, books, holds and keeps the plan; the decision form's views; the
plan's measurable outcomes with timescales; the deadlines in the timescale engine (held within
CSC_DUE of the request, outcomes within CSC_PLAN, reviews at CSC_REVIEW then CSC_REVIEW_NEXT);
ending at a review; the sweep raising a QAN for a conference not held in time."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import RoleCode
from contextual import services
from contextual.models import (
    ContextualConference,
    CscDecision,
    CscPlanStatus,
    CscStatus,
    OutcomeStatus,
    ViewKind,
)
from tests.factories.accounts import UserFactory
from tests.factories.children import UnbornChildFactory
from tests.factories.clock import PINNED
from tests.factories.contextual import (
    add_outcome,
    booked_csc,
    held_csc_with_plan,
    record_every_view,
    requested_csc,
    today_at,
)
from timescales import calendar
from timescales import services as timescale_services
from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QualityAssuranceNotification,
    RuleCode,
    TimescalePolicy,
)
from timescales.sweep import run_sweep

pytestmark = pytest.mark.django_db

Error = services.ContextualError


def _deadline(rule, subject):
    return Deadline.objects.get(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
    )


def _live(rule, subject):
    return Deadline.objects.filter(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        status__in=("open", "breached"),
    ).first()


# --- The policy ----------------------------------------------------------------------------------


def test_the_policy_has_the_four_contextual_safeguarding_rules_with_their_defaults():
    """The defaults timescales 0017 seeds (and policy_for heals a database missing them with)."""
    rules = ("CSC_DUE", "CSC_PLAN", "CSC_REVIEW", "CSC_REVIEW_NEXT")
    policies = {rule: timescale_services.policy_for(rule) for rule in rules}
    assert {rule: (p.value, p.unit) for rule, p in policies.items()} == {
        "CSC_DUE": (15, "working_days"),
        "CSC_PLAN": (1, "working_days"),
        "CSC_REVIEW": (3, "months"),
        "CSC_REVIEW_NEXT": (6, "months"),
    }
    assert all(p.raises_qan for p in policies.values())
    assert set(rules) <= set(TimescalePolicy.objects.values_list("rule", flat=True))


# --- Asking --------------------------------------------------------------------------------------


def test_the_request_opens_csc_due_15_working_days_from_the_request(child, worker):
    conference = requested_csc(child=child, by=worker)
    deadline = _deadline(RuleCode.CSC_DUE, conference)
    assert deadline.status == DeadlineStatus.OPEN
    # Wednesday 11 March 2026 + 15 working days.
    assert deadline.due_on == datetime.date(2026, 4, 1)
    assert deadline.child == child and deadline.responsible == worker


def test_a_request_needs_the_harm_outside_the_family_and_the_concerns(child, worker):
    with pytest.raises(Error) as error:
        services.request_conference(child=child, harms=[], concerns="x", by=worker)
    assert error.value.field == "harms"
    with pytest.raises(Error) as error:
        services.request_conference(child=child, harms=["neglect"], concerns="x", by=worker)
    assert error.value.field == "harms"
    with pytest.raises(Error) as error:
        services.request_conference(
            child=child, harms=["sexual_exploitation"], concerns="  ", by=worker
        )
    assert error.value.field == "concerns"
    assert not ContextualConference.objects.exists()


def test_only_a_social_worker_or_team_manager_asks(child, manager, coordinator, chair):
    for user in (coordinator, chair):
        with pytest.raises(Error):
            requested_csc(child=child, by=user)
    assert requested_csc(child=child, by=manager).requested_by == manager


def test_an_unborn_baby_has_no_contextual_safeguarding_conference(worker):
    unborn = UnbornChildFactory(lead_social_worker=worker)
    with pytest.raises(Error, match="not an unborn baby"):
        requested_csc(child=unborn, by=worker)


def test_one_open_conference_at_a_time_and_none_while_a_plan_is_active(
    child, worker, coordinator, chair
):
    requested_csc(child=child, by=worker)
    with pytest.raises(Error, match="already requested or booked"):
        requested_csc(child=child, by=worker)


def test_no_new_request_while_a_plan_is_active(child, worker, coordinator, chair):
    held_csc_with_plan(child=child, worker=worker, coordinator=coordinator, chair=chair)
    with pytest.raises(Error, match="already has a contextual safeguarding plan"):
        requested_csc(child=child, by=worker)


def test_withdrawing_a_request_stops_its_clock(child, worker):
    conference = requested_csc(child=child, by=worker)
    services.withdraw_request(conference=conference, reason="Moved out of the area", by=worker)
    conference.refresh_from_db()
    assert conference.status == CscStatus.WITHDRAWN
    assert _deadline(RuleCode.CSC_DUE, conference).status == DeadlineStatus.NOT_APPLICABLE


# --- Booking -------------------------------------------------------------------------------------


def test_only_the_conference_service_books(child, worker, chair, manager):
    conference = requested_csc(child=child, by=worker)
    for user in (worker, manager, chair):
        with pytest.raises(Error, match="Only the conference service"):
            booked_csc(conference=conference, coordinator=user, chair=chair)


def test_booking_needs_a_chair_a_date_not_past_and_a_place(child, worker, coordinator, chair):
    conference = requested_csc(child=child, by=worker)
    with pytest.raises(Error) as error:
        booked_csc(conference=conference, coordinator=coordinator, chair=worker)
    assert error.value.field == "chair"
    yesterday = today_at(14) - datetime.timedelta(days=1)
    with pytest.raises(Error) as error:
        booked_csc(conference=conference, coordinator=coordinator, chair=chair, starts_at=yesterday)
    assert error.value.field == "date"
    with pytest.raises(Error) as error:
        services.book_conference(
            conference=conference, chair=chair, starts_at=today_at(14), venue=" ", by=coordinator
        )
    assert error.value.field == "venue"


def test_booking_invites_only_agency_professionals(child, worker, coordinator, chair, police):
    conference = requested_csc(child=child, by=worker)
    with pytest.raises(Error) as error:
        booked_csc(
            conference=conference, coordinator=coordinator, chair=chair, professionals=[worker]
        )
    assert error.value.field == "professionals"
    booked = booked_csc(
        conference=conference, coordinator=coordinator, chair=chair, professionals=[police]
    )
    assert booked.status == CscStatus.BOOKED
    assert list(booked.invitations.values_list("user", flat=True)) == [police.pk]
    assert _deadline(RuleCode.CSC_DUE, booked).chair == chair


# --- Holding: the decision form ------------------------------------------------------------------


@pytest.fixture
def booked(child, worker, coordinator, chair):
    return booked_csc(
        conference=requested_csc(child=child, by=worker), coordinator=coordinator, chair=chair
    )


def test_only_the_chair_records_the_decision_form(booked, worker, coordinator):
    other_chair = UserFactory(roles=[RoleCode.CHAIR])
    for user in (worker, coordinator, other_chair):
        with pytest.raises(Error, match="Only the conference's chair"):
            services.record_view(
                conference=booked, kind=ViewKind.PARENT, name="Sarah", view="Worried", by=user
            )


def test_the_decision_form_waits_for_the_day_of_the_conference(child, worker, coordinator, chair):
    tomorrow = booked_csc(
        conference=requested_csc(child=child, by=worker),
        coordinator=coordinator,
        chair=chair,
        starts_at=today_at(14) + datetime.timedelta(days=1),
    )
    with pytest.raises(Error, match="on or after the day"):
        services.record_view(
            conference=tomorrow, kind=ViewKind.PARENT, name="Sarah", view="Worried", by=chair
        )


def test_a_professionals_view_names_their_agency_and_recommends(booked, chair):
    with pytest.raises(Error) as error:
        services.record_view(
            conference=booked, kind=ViewKind.PROFESSIONAL, name="PC Hollis", view="Risk", by=chair
        )
    assert error.value.field == "role"
    with pytest.raises(Error) as error:
        services.record_view(
            conference=booked,
            kind=ViewKind.PROFESSIONAL,
            name="PC Hollis",
            role="Police",
            view="Risk",
            by=chair,
        )
    assert error.value.field == "recommendation"


def test_the_decision_needs_a_professionals_view(booked, chair):
    with pytest.raises(Error, match="at least one professional's view"):
        services.record_decision(
            conference=booked,
            decision=CscDecision.PLAN,
            rationale="Risk",
            parents_views_not_given="Declined",
            young_person_views_not_given="Declined",
            by=chair,
        )


def test_the_decision_needs_the_parents_and_young_persons_views_or_why_not(booked, chair):
    services.record_view(
        conference=booked,
        kind=ViewKind.PROFESSIONAL,
        name="PC Hollis",
        role="Police",
        view="Risk",
        recommendation="plan",
        by=chair,
    )
    with pytest.raises(Error) as error:
        services.record_decision(
            conference=booked, decision=CscDecision.PLAN, rationale="Risk", by=chair
        )
    assert error.value.field == "parents_views_not_given"
    with pytest.raises(Error) as error:
        services.record_decision(
            conference=booked,
            decision=CscDecision.PLAN,
            rationale="Risk",
            parents_views_not_given="Mother did not attend and could not be reached.",
            by=chair,
        )
    assert error.value.field == "young_person_views_not_given"
    held = services.record_decision(
        conference=booked,
        decision=CscDecision.PLAN,
        rationale="Risk",
        parents_views_not_given="Mother did not attend and could not be reached.",
        young_person_views_not_given="Declined to take part; the advocate will visit.",
        by=chair,
    )
    assert held.status == CscStatus.HELD


def test_an_initial_conference_decides_plan_or_no_plan_only(booked, chair):
    record_every_view(conference=booked, chair=chair)
    with pytest.raises(Error) as error:
        services.record_decision(
            conference=booked, decision=CscDecision.CONTINUE, rationale="x", by=chair
        )
    assert error.value.field == "decision"


def test_holding_meets_csc_due_and_a_plan_opens_csc_plan_and_the_first_review(
    booked, chair, worker
):
    record_every_view(conference=booked, chair=chair)
    held = services.record_decision(
        conference=booked, decision=CscDecision.PLAN, rationale="Risk", by=chair
    )
    assert _deadline(RuleCode.CSC_DUE, held).status == DeadlineStatus.MET_ON_TIME
    plan = held.plan
    assert plan.status == CscPlanStatus.ACTIVE and plan.started_on == PINNED.date()
    csc_plan = _deadline(RuleCode.CSC_PLAN, plan)
    assert csc_plan.due_on == calendar.add_working_days(timezone.localdate(), 1)
    assert csc_plan.responsible == chair
    review = _deadline(RuleCode.CSC_REVIEW, plan)
    assert review.due_on == calendar.add_months(timezone.localdate(), 3)
    assert review.responsible == worker and review.chair == chair


def test_no_plan_opens_nothing_more(booked, chair):
    record_every_view(conference=booked, chair=chair)
    held = services.record_decision(
        conference=booked,
        decision=CscDecision.NO_PLAN,
        rationale="Support from youth services",
        by=chair,
    )
    assert held.plan is None
    assert not Deadline.objects.filter(rule__in=["CSC_PLAN", "CSC_REVIEW"]).exists()


def test_a_conference_held_after_csc_due_meets_it_late(child, worker, coordinator, chair, clock):
    conference = requested_csc(child=child, by=worker)
    clock.move_to(timezone.make_aware(datetime.datetime(2026, 4, 6, 9, 0)))
    booked = booked_csc(conference=conference, coordinator=coordinator, chair=chair)
    record_every_view(conference=booked, chair=chair)
    services.record_decision(
        conference=booked, decision=CscDecision.NO_PLAN, rationale="x", by=chair
    )
    assert _deadline(RuleCode.CSC_DUE, conference).status == DeadlineStatus.MET_LATE


def test_the_sweep_raises_a_qan_when_the_conference_is_not_held_in_time(child, worker, manager):
    conference = requested_csc(child=child, by=worker)
    deadline = _deadline(RuleCode.CSC_DUE, conference)
    run_sweep(deadline.due_at + datetime.timedelta(minutes=1))
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.BREACHED
    qan = QualityAssuranceNotification.objects.get(deadline=deadline)
    assert qan.kind == QanKind.BREACH and qan.addressed_to == manager


# --- The plan: measurable outcomes with timescales ------------------------------------------------


@pytest.fixture
def plan(child, worker, coordinator, chair):
    return held_csc_with_plan(child=child, worker=worker, coordinator=coordinator, chair=chair).plan


def test_an_outcome_needs_a_measure_who_and_by_when(plan, chair):
    base = {"outcome": "Stays home at night", "measure": "No missing reports", "who": "Sam"}
    for field in ("outcome", "measure", "who"):
        with pytest.raises(Error) as error:
            services.add_outcome(
                plan=plan, **{**base, field: ""}, due_on=timezone.localdate(), by=chair
            )
        assert error.value.field == field
    with pytest.raises(Error) as error:
        services.add_outcome(plan=plan, **base, due_on=None, by=chair)
    assert error.value.field == "due_on"


def test_an_outcome_is_due_within_the_plan_not_past_and_by_the_review(plan, chair):
    base = {"outcome": "Stays home at night", "measure": "No missing reports", "who": "Sam"}
    with pytest.raises(Error, match="cannot be in the past"):
        services.add_outcome(
            plan=plan, **base, due_on=timezone.localdate() - datetime.timedelta(days=1), by=chair
        )
    review_due = _live(RuleCode.CSC_REVIEW, plan).due_on
    with pytest.raises(Error, match="reviewed by"):
        services.add_outcome(
            plan=plan, **base, due_on=review_due + datetime.timedelta(days=1), by=chair
        )
    assert services.add_outcome(plan=plan, **base, due_on=review_due, by=chair).due_on == review_due


def test_the_first_outcome_meets_csc_plan(plan, chair):
    add_outcome(plan=plan, by=chair)
    assert _deadline(RuleCode.CSC_PLAN, plan).status == DeadlineStatus.MET_ON_TIME


def test_who_keeps_the_plan(plan, chair, worker, manager, coordinator, police):
    add_outcome(plan=plan, by=worker)
    add_outcome(plan=plan, by=manager)
    for user in (coordinator, police, UserFactory(roles=[RoleCode.CHAIR])):
        with pytest.raises(Error, match="Only the chair"):
            add_outcome(plan=plan, by=user)


def test_progress_on_an_outcome(plan, chair):
    outcome = add_outcome(plan=plan, by=chair)
    with pytest.raises(Error) as error:
        services.record_progress(outcome=outcome, status="achieved", progress="", by=chair)
    assert error.value.field == "progress"
    services.record_progress(
        outcome=outcome, status=OutcomeStatus.ACHIEVED, progress="No reports for 5 weeks", by=chair
    )
    outcome.refresh_from_db()
    assert outcome.status == OutcomeStatus.ACHIEVED


# --- Reviews and the end --------------------------------------------------------------------------


def _review(plan, coordinator, chair, clock, when):
    clock.move_to(when)
    review = services.book_review(
        plan=plan, chair=chair, starts_at=today_at(14), venue="Online", by=coordinator
    )
    record_every_view(conference=review, chair=chair)
    return review


def test_only_the_conference_service_books_a_review_and_one_at_a_time(
    plan, coordinator, worker, chair
):
    with pytest.raises(Error, match="Only the conference service"):
        services.book_review(
            plan=plan, chair=chair, starts_at=today_at(14), venue="Online", by=worker
        )
    services.book_review(
        plan=plan, chair=chair, starts_at=today_at(15), venue="Online", by=coordinator
    )
    with pytest.raises(Error, match="already booked"):
        services.book_review(
            plan=plan, chair=chair, starts_at=today_at(16), venue="Online", by=coordinator
        )


def test_a_review_needs_the_plan_to_have_measurable_outcomes(plan, coordinator, chair, clock):
    review = _review(plan, coordinator, chair, clock, timezone.now())
    with pytest.raises(Error, match="no measurable outcomes"):
        services.record_decision(
            conference=review, decision=CscDecision.CONTINUE, rationale="x", by=chair
        )


def test_a_review_decides_continue_or_end_only(plan, coordinator, chair, clock):
    add_outcome(plan=plan, by=chair)
    review = _review(plan, coordinator, chair, clock, timezone.now())
    with pytest.raises(Error) as error:
        services.record_decision(
            conference=review, decision=CscDecision.PLAN, rationale="x", by=chair
        )
    assert error.value.field == "decision"


def test_the_first_review_meets_csc_review_and_opens_csc_review_next(
    plan, coordinator, chair, clock
):
    add_outcome(plan=plan, by=chair)
    when = timezone.make_aware(datetime.datetime(2026, 6, 3, 9, 0))
    review = _review(plan, coordinator, chair, clock, when)
    services.record_decision(
        conference=review,
        decision=CscDecision.CONTINUE,
        rationale="Progress, risk remains",
        by=chair,
    )
    assert _deadline(RuleCode.CSC_REVIEW, plan).status == DeadlineStatus.MET_ON_TIME
    following = _live(RuleCode.CSC_REVIEW_NEXT, plan)
    assert following.due_on == calendar.add_months(datetime.date(2026, 6, 3), 6)
    # The second review meets CSC_REVIEW_NEXT and opens the next from its own day.
    second = _review(
        plan, coordinator, chair, clock, timezone.make_aware(datetime.datetime(2026, 9, 2, 9))
    )
    services.record_decision(
        conference=second, decision=CscDecision.CONTINUE, rationale="x", by=chair
    )
    following.refresh_from_db()
    assert following.status == DeadlineStatus.MET_ON_TIME
    assert _live(RuleCode.CSC_REVIEW_NEXT, plan).due_on == datetime.date(2027, 3, 2)


def test_a_review_ends_the_plan_and_withdraws_its_deadlines(plan, coordinator, chair, clock):
    review = _review(plan, coordinator, chair, clock, timezone.now())
    add_outcome(plan=plan, by=chair)
    services.record_decision(
        conference=review, decision=CscDecision.END, rationale="Risk reduced", by=chair
    )
    plan.refresh_from_db()
    assert plan.status == CscPlanStatus.ENDED and plan.ended_on == timezone.localdate()
    assert not Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(plan),
        subject_id=plan.pk,
        status__in=("open", "breached"),
    ).exists()
    with pytest.raises(Error):
        add_outcome(plan=plan, by=chair)
