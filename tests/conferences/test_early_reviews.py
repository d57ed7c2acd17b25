"""Early reviews (issue 22; 001 §10) and combined looked-after reviews (001 §13): a review
brought forward with a recorded trigger, shown on the plan and in the review's record; the
review clock starts again from the early review; a review about a looked-after child is one
meeting recorded as both, naming the Independent Reviewing Officer."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from children.models import LegalBasis
from conferences import services
from conferences.models import ConferenceStatus, EarlyReviewTrigger
from conferences.services import ConferenceBookingError
from plans import services as plan_services
from plans.models import ChildProtectionPlan, EarlyReviewPrompt, PlanStatus, PromptStatus
from reports.minutes_pdf import minutes_html
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    add_danger_statements,
    booked_review,
    decide_every_child,
    make_quorate,
    move_to_today,
    send_invitations,
    started_conference,
    working_day_at,
)
from tests.shared_world import shareable
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode

pytestmark = pytest.mark.django_db


def _deadline(rule, plan):
    return (
        Deadline.objects.filter(
            rule=rule,
            subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
            subject_id=plan.pk,
        )
        .order_by("-pk")
        .first()
    )


@shareable
def plans(conference_request, coordinator, chair, minute_taker, household):
    initial = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    make_quorate(initial, by=minute_taker)
    add_danger_statements(initial, by=minute_taker, count=2)
    decide_every_child(initial, chair=chair)
    return {
        key: ChildProtectionPlan.objects.get(child=household[key], status=PlanStatus.ACTIVE)
        for key in ("amelia", "noah")
    }


def _ask(plan, by, trigger=EarlyReviewTrigger.SIGNIFICANT_HARM, detail="A new injury"):
    return services.request_early_review(plan=plan, trigger=trigger, detail=detail, by=by)


def test_an_early_review_records_its_trigger_and_who_may_ask(plans, worker, manager, coordinator):
    amelia = plans["amelia"]
    stranger = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    with pytest.raises(ConferenceBookingError, match="lead social worker"):
        _ask(amelia, stranger)
    with pytest.raises(ConferenceBookingError, match="Select why") as refused:
        _ask(amelia, worker, trigger="")
    assert refused.value.field == "trigger"
    with pytest.raises(ConferenceBookingError, match="Enter what has happened"):
        _ask(amelia, worker, detail=" ")
    review = _ask(
        amelia,
        worker,
        trigger=EarlyReviewTrigger.CHANGE_OF_CATEGORY,
        detail="Mother's new partner has a conviction for violence",
    )
    assert review.status == ConferenceStatus.ALLOCATED
    assert review.early_review_trigger == EarlyReviewTrigger.CHANGE_OF_CATEGORY
    assert review.early_review_requested_by == worker
    assert review.is_early_review
    amelia.refresh_from_db()
    assert amelia.next_review_conference == review
    # Asking again (by the manager) brings the same review forward, not a second one.
    again = _ask(amelia, manager, trigger=EarlyReviewTrigger.SIGNIFICANT_HARM)
    assert again == review
    review.refresh_from_db()
    assert review.early_review_trigger == EarlyReviewTrigger.SIGNIFICANT_HARM
    assert review.history.first().history_change_reason == "Brought forward as an early review"
    # The coordinator may ask too.
    assert services.may_request_early_review(amelia, coordinator)


def test_an_already_scheduled_review_is_brought_forward(plans, worker, coordinator, chair):
    scheduled = booked_review(plan=plans["amelia"], coordinator=coordinator, chair=chair)
    early = _ask(plans["amelia"], worker)
    assert early == scheduled
    assert early.early_review_trigger == EarlyReviewTrigger.SIGNIFICANT_HARM


def test_the_trigger_shows_on_the_plan_and_the_review_record(plans, worker, coordinator, client):
    review = _ask(
        plans["amelia"], worker, EarlyReviewTrigger.MAY_END_PLAN, "Father has left the home"
    )
    login(client, worker)
    page = client.get(reverse("plans:detail", args=[plans["amelia"].pk])).content.decode()
    assert "Early reviews" in page
    assert "Brought forward: A change in circumstances that may mean the plan is no longer" in page
    assert "Father has left the home" in page
    login(client, coordinator)
    record = client.get(reverse("conferences:conference", args=[review.pk])).content.decode()
    assert "Early review" in record and "may mean the plan is no longer needed" in record


def test_asking_for_an_early_review_closes_the_looked_after_prompt(plans, worker, household):
    amelia = plans["amelia"]
    plan_services.record_looked_after_period(
        child=household["amelia"],
        started_on=timezone.localdate(),
        legal_basis=LegalBasis.EMERGENCY_PROTECTION_ORDER,
        independent_reviewing_officer="Imogen Reeve",
        by=worker,
    )
    prompt = EarlyReviewPrompt.objects.get(plan=amelia, status=PromptStatus.OPEN)
    review = _ask(amelia, worker, EarlyReviewTrigger.BECAME_LOOKED_AFTER, "Placed with carers")
    prompt.refresh_from_db()
    assert prompt.status == PromptStatus.REVIEW_REQUESTED
    assert prompt.review_conference == review


def test_a_looked_after_childs_review_is_combined_and_recorded_as_both(
    plans, worker, household, coordinator, chair, minute_taker
):
    plan_services.record_looked_after_period(
        child=household["amelia"],
        started_on=timezone.localdate(),
        legal_basis=LegalBasis.INTERIM_CARE_ORDER,
        independent_reviewing_officer="Imogen Reeve",
        by=worker,
    )
    review = _ask(plans["amelia"], worker, EarlyReviewTrigger.BECAME_LOOKED_AFTER, "Placed")
    assert review.combined_with_looked_after_review
    assert review.independent_reviewing_officer == "Imogen Reeve"
    services.allocate_review_chair(conference=review, chair=chair, by=coordinator)
    booked = services.book_conference(
        conference=review,
        starts_at=working_day_at(5),
        online_link="https://meet.example/r",
        minute_taker=minute_taker,
        by=coordinator,
    )
    assert booked.combined_with_looked_after_review  # one meeting on one date
    assert "Independent Reviewing Officer (Imogen Reeve) and the chair" in (
        booked.combined_review_text
    )
    html = minutes_html(
        minutes=type("M", (), {"approved_at": None})(),
        conference=booked,
        children=[household["amelia"]],
        sections=[],
        family=False,
    )
    assert "Combined review" in html and "Imogen Reeve" in html
    assert "Brought forward: The child became looked after" in html


def test_a_review_of_a_child_not_looked_after_is_not_combined(plans, coordinator, chair):
    review = booked_review(plan=plans["amelia"], coordinator=coordinator, chair=chair)
    assert not review.combined_with_looked_after_review
    assert review.combined_review_text == ""


def test_the_review_clock_starts_again_from_the_early_review(
    plans, worker, coordinator, clock, household
):
    amelia = plans["amelia"]
    first_due = _deadline(RuleCode.RCPC_FIRST, amelia)
    assert first_due.status == DeadlineStatus.OPEN
    # Five weeks on, long before the first review is due, the child is harmed again.
    clock.move_to(timezone.now() + datetime.timedelta(weeks=5))
    review = _ask(amelia, worker, EarlyReviewTrigger.SIGNIFICANT_HARM, "A new injury")
    review_chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Rita Review")
    services.allocate_review_chair(conference=review, chair=review_chair, by=coordinator)
    services.book_conference(
        conference=review,
        starts_at=working_day_at(3),
        online_link="https://meet.example/r",
        by=coordinator,
    )
    send_invitations(conference=review, by=coordinator)
    move_to_today(review)
    services.start_conference(conference=review, by=review_chair)
    make_quorate(review, by=review_chair)
    decide_every_child(review, chair=review_chair)
    held_on = timezone.localdate()
    assert held_on < first_due.due_on
    first_due.refresh_from_db()
    assert first_due.status == DeadlineStatus.MET_ON_TIME
    next_review = _deadline(RuleCode.RCPC_NEXT, amelia)
    assert next_review.status == DeadlineStatus.OPEN
    assert next_review.due_on == calendar.add_months(held_on, 6)
    amelia.refresh_from_db()
    assert amelia.next_review_due == next_review.due_on
