"""The chair's mid-way review between conferences is a deadline (issue 22 item 6, ADR 56): due half
way between the plan's last conference and its next review, on that chair's work list, met by the
mid-way review note, opened again when a review continues the plan and closed when the plan ends."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from plans import services
from plans.models import ChildProtectionPlan
from plans.services._common import midway_point
from plans.worklists import midway_reviews_due
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.plans import review_conference
from timescales.models import Deadline, DeadlineStatus, RuleCode, TimescalePolicy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _midway(plan, *statuses):
    queryset = Deadline.objects.filter(
        rule=RuleCode.MIDWAY_REVIEW,
        subject_type=ContentType.objects.get_for_model(ChildProtectionPlan),
        subject_id=plan.pk,
    ).order_by("pk")
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    return list(queryset)


def _note(plan, by):
    return services.write_midway_note(
        plan=plan,
        by=by,
        is_progressing=True,
        review_date_right=True,
        note="Visits are happening; the health visitor has seen the baby twice.",
    )


def test_the_policy_row_is_seeded():
    policy = TimescalePolicy.objects.get(rule=RuleCode.MIDWAY_REVIEW)
    assert (policy.value, policy.unit, policy.direction) == (0, "working_days", "after")


def test_midway_point_is_half_way():
    assert midway_point(datetime.date(2026, 3, 11), datetime.date(2026, 6, 11)) == datetime.date(
        2026, 4, 26
    )


def test_starting_a_plan_opens_the_midway_review_half_way_to_the_first_review(plan, chair):
    (deadline,) = _midway(plan)
    assert deadline.status == DeadlineStatus.OPEN
    half_way = plan.started_on + (plan.next_review_due - plan.started_on) / 2
    # Half way, moved on to the next working day when it falls on a weekend or bank holiday.
    assert half_way <= deadline.due_on <= half_way + datetime.timedelta(days=3)
    assert deadline.due_on < plan.next_review_due
    assert deadline.responsible == chair
    assert deadline.chair == chair
    assert deadline.child_id == plan.child_id


def test_the_midway_review_is_on_the_chairs_work_list_and_not_another_chairs(plan, chair, client):
    items = midway_reviews_due(chair, timezone.now()).items
    assert [item.href for item in items] == [reverse("plans:midway-note", args=[plan.pk])]
    assert midway_reviews_due(UserFactory(roles=[RoleCode.CHAIR]), timezone.now()).items == []
    login(client, chair)
    page = client.get(reverse("home")).content.decode()
    assert "Mid-way reviews between conferences" in page
    assert reverse("plans:midway-note", args=[plan.pk]) in page


def test_the_chairs_note_meets_the_midway_review_and_it_leaves_the_work_list(plan, chair):
    _note(plan, chair)
    (deadline,) = _midway(plan)
    assert deadline.status == DeadlineStatus.MET_ON_TIME
    assert midway_reviews_due(chair, timezone.now()).items == []


def test_a_review_continuing_the_plan_opens_the_next_midway_review(plan, child, chair):
    review_chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Rhea Review")
    review = review_conference(
        child=child, chair=review_chair, starts_at=timezone.now() + datetime.timedelta(minutes=100)
    )
    continued = services.continue_plan_at_review(
        plan=plan, conference=review, held_on=TODAY(), by=review_chair
    )
    first, second = _midway(plan)
    # The review came before the first mid-way review was due: it no longer applies.
    assert first.status == DeadlineStatus.NOT_APPLICABLE
    assert second.status == DeadlineStatus.OPEN
    assert second.responsible == review_chair
    assert second.due_on >= midway_point(TODAY(), continued.next_review_due)
    assert second.due_on < continued.next_review_due
    assert midway_reviews_due(chair, timezone.now()).items == []
    assert len(midway_reviews_due(review_chair, timezone.now()).items) == 1


def test_a_breached_midway_review_is_missed_when_the_review_comes(plan, child, chair):
    (first,) = _midway(plan)
    # Breached at its due moment, as the sweep would have breached it then.
    Deadline.objects.filter(pk=first.pk).update(
        status=DeadlineStatus.BREACHED, breached_at=F("due_at")
    )
    review = review_conference(
        child=child, chair=chair, starts_at=timezone.now() + datetime.timedelta(minutes=100)
    )
    services.continue_plan_at_review(plan=plan, conference=review, held_on=TODAY(), by=chair)
    first.refresh_from_db()
    assert first.status == DeadlineStatus.MISSED
    assert len(_midway(plan, DeadlineStatus.OPEN)) == 1


def test_ending_the_plan_closes_the_midway_review(plan, worker, manager):
    services.end_plan(
        plan=plan,
        reason="moved_away",
        ended_on=TODAY(),
        receiving_authority="Northshire County Council",
        transfer_in_conference_on=TODAY(),
        manager_agreement=manager,
        manager_agreed_on=TODAY(),
        by=worker,
    )
    (deadline,) = _midway(plan)
    assert deadline.status == DeadlineStatus.NOT_APPLICABLE
