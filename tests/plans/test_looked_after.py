"""A child's looked-after periods (issue 22; 001 §13): recorded and ended by the lead social
worker or their manager, never overlapping, never ending before they start, history kept; a
child on a plan who becomes looked after or returns home prompts an early review, shown on the
plan page and the social worker's work list until an early review is asked for or the prompt is
dismissed with a reason."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from children.models import LegalBasis, LookedAfterPeriod
from core.worklists import work_lists_for
from plans import services
from plans.models import EarlyReviewPrompt, PromptReason, PromptStatus
from plans.services import PlanError
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.children import ChildFactory

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _record(child, by, started_on, basis=LegalBasis.SECTION_20, iro="Imogen Reeve"):
    return services.record_looked_after_period(
        child=child,
        started_on=started_on,
        legal_basis=basis,
        independent_reviewing_officer=iro,
        by=by,
    )


def test_a_period_is_recorded_and_ended_with_history(child, worker):
    period = _record(child, worker, _days_ago(20), LegalBasis.INTERIM_CARE_ORDER)
    assert (period.legal_basis, period.independent_reviewing_officer) == (
        LegalBasis.INTERIM_CARE_ORDER,
        "Imogen Reeve",
    )
    assert period.is_open
    services.end_looked_after_period(period=period, ended_on=_days_ago(2), by=worker)
    period.refresh_from_db()
    assert period.ended_on == _days_ago(2)
    assert period.ended_by == worker
    assert [row.ended_on for row in period.history.order_by("history_date")] == [
        None,
        _days_ago(2),
    ]


def test_overlapping_periods_are_refused_in_plain_words(child, worker):
    first = _record(child, worker, _days_ago(30))
    with pytest.raises(PlanError, match="already looked after since") as refused:
        _record(child, worker, _days_ago(10))
    assert refused.value.field == "started_on"
    services.end_looked_after_period(period=first, ended_on=_days_ago(15), by=worker)
    # Starting inside the ended period still overlaps it.
    with pytest.raises(PlanError, match="cannot overlap"):
        _record(child, worker, _days_ago(20))
    # After it ended, a new period is fine.
    second = _record(child, worker, _days_ago(5), LegalBasis.POLICE_PROTECTION)
    assert LookedAfterPeriod.objects.filter(child=child).count() == 2
    assert second.is_open


def test_a_period_does_not_end_before_it_starts_nor_in_the_future(child, worker):
    period = _record(child, worker, _days_ago(10))
    with pytest.raises(PlanError, match="on or after the date") as refused:
        services.end_looked_after_period(period=period, ended_on=_days_ago(11), by=worker)
    assert refused.value.field == "ended_on"
    with pytest.raises(PlanError, match="today or in the past"):
        services.end_looked_after_period(period=period, ended_on=_days_ago(-1), by=worker)
    with pytest.raises(PlanError, match="today or in the past"):
        _record(ChildFactory(lead_social_worker=worker), worker, _days_ago(-1))
    services.end_looked_after_period(period=period, ended_on=_days_ago(10), by=worker)
    with pytest.raises(PlanError, match="already ended"):
        services.end_looked_after_period(period=period, ended_on=_days_ago(1), by=worker)


def test_a_past_period_is_recorded_whole_in_any_order(child, worker):
    """A child's history is entered as it comes: a period that ended before a later one started
    is recorded whole, after the later one; it still never overlaps another."""
    later = _record(child, worker, _days_ago(30))
    earlier = services.record_looked_after_period(
        child=child,
        started_on=_days_ago(300),
        ended_on=_days_ago(200),
        legal_basis=LegalBasis.EMERGENCY_PROTECTION_ORDER,
        by=worker,
    )
    assert (earlier.ended_on, earlier.ended_by, earlier.is_open) == (_days_ago(200), worker, False)
    assert later.is_open
    with pytest.raises(PlanError, match="cannot overlap") as refused:
        services.record_looked_after_period(
            child=child,
            started_on=_days_ago(250),
            ended_on=_days_ago(40),
            legal_basis=LegalBasis.SECTION_20,
            by=worker,
        )
    assert refused.value.field == "started_on"
    with pytest.raises(PlanError, match="on or after the date") as refused:
        services.record_looked_after_period(
            child=child,
            started_on=_days_ago(100),
            ended_on=_days_ago(101),
            legal_basis=LegalBasis.SECTION_20,
            by=worker,
        )
    assert refused.value.field == "ended_on"
    assert LookedAfterPeriod.objects.filter(child=child).count() == 2


def test_a_past_period_before_the_plan_prompts_no_early_review(plan, child, worker):
    services.record_looked_after_period(
        child=child,
        started_on=_days_ago(300),
        ended_on=_days_ago(200),
        legal_basis=LegalBasis.SECTION_20,
        by=worker,
    )
    assert not EarlyReviewPrompt.objects.filter(plan=plan).exists()


def test_only_the_lead_social_worker_or_their_manager_records_it(child, worker, manager, team):
    other = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
    with pytest.raises(PlanError, match="lead social worker or their manager"):
        _record(child, other, _days_ago(3))
    assert not other.has_perm("plans.record_looked_after", child)
    assert worker.has_perm("plans.record_looked_after", child)
    assert manager.has_perm("plans.record_looked_after", child)
    assert _record(child, manager, _days_ago(3)).recorded_by == manager


def test_no_prompt_without_a_plan(child, worker):
    _record(child, worker, _days_ago(3))
    assert not EarlyReviewPrompt.objects.exists()


def test_becoming_looked_after_and_returning_home_on_a_plan_prompt_an_early_review(
    plan, child, worker, client
):
    period = _record(child, worker, _days_ago(3))
    prompt = EarlyReviewPrompt.objects.get(plan=plan)
    assert (prompt.reason, prompt.happened_on, prompt.status) == (
        PromptReason.BECAME_LOOKED_AFTER,
        _days_ago(3),
        PromptStatus.OPEN,
    )
    # On the plan page and the social worker's work list.
    login(client, worker)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Consider an early review" in page
    assert "became looked after on" in page
    assert reverse("plans:early-review", args=[plan.pk]) in page
    lists = {wl.slug: wl for wl in work_lists_for(worker, RoleCode.SOCIAL_WORKER)}
    assert [item.text for item in lists["early-review-prompts"].items] == [child.legal_name]

    # Dismissed only with a reason; then it is gone from both.
    with pytest.raises(PlanError, match="Enter why") as refused:
        services.dismiss_early_review_prompt(prompt=prompt, reason="  ", by=worker)
    assert refused.value.field == "reason"
    services.dismiss_early_review_prompt(
        prompt=prompt, reason="Respite for a weekend only; the plan is working", by=worker
    )
    prompt.refresh_from_db()
    assert prompt.status == PromptStatus.DISMISSED
    assert (
        "Consider an early review"
        not in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    )
    lists = {wl.slug: wl for wl in work_lists_for(worker, RoleCode.SOCIAL_WORKER)}
    assert lists["early-review-prompts"].items == []

    # Returning home prompts again.
    services.end_looked_after_period(period=period, ended_on=_days_ago(1), by=worker)
    returned = EarlyReviewPrompt.objects.get(plan=plan, status=PromptStatus.OPEN)
    assert returned.reason == PromptReason.RETURNED_HOME
    assert (
        "returned home on" in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    )


def test_the_pages_record_and_end_a_period(child, worker, client):
    login(client, worker)
    url = reverse("plans:looked-after-add", args=[child.pk])
    day = _days_ago(4)
    response = client.post(url, {"legal_basis": LegalBasis.CARE_ORDER})
    assert "Enter the date the child became looked after" in response.content.decode()
    response = client.post(
        url,
        {
            "started_on_day": day.day,
            "started_on_month": day.month,
            "started_on_year": day.year,
            "legal_basis": LegalBasis.CARE_ORDER,
            "independent_reviewing_officer": "Imogen Reeve",
        },
    )
    assert response.status_code == 302
    period = LookedAfterPeriod.objects.get(child=child)
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Care order" in page and "Imogen Reeve" in page
    assert reverse("plans:looked-after-end", args=[period.pk]) in page
    # An overlap is refused next to the field.
    response = client.post(
        url,
        {
            "started_on_day": day.day,
            "started_on_month": day.month,
            "started_on_year": day.year,
            "legal_basis": LegalBasis.SECTION_20,
        },
    )
    assert "cannot overlap" in response.content.decode()
    early = day - datetime.timedelta(days=1)
    response = client.post(
        reverse("plans:looked-after-end", args=[period.pk]),
        {"ended_on_day": early.day, "ended_on_month": early.month, "ended_on_year": early.year},
    )
    assert "on or after the date" in response.content.decode()
