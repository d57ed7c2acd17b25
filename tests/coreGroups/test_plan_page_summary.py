"""The plan page's core group block worked out from what the page already read (issue 25): the
warning before a review from the page's deadlines and the meetings, and the number of visits
counted on the latest visits' own rows, give the same answers as the services' own queries."""

import datetime

import pytest

from coreGroups import services
from coreGroups.selectors import RECENT_VISITS, core_group_summary
from plans.page_selectors import plan_deadlines
from plans.presenters import live_review_deadline
from tests.factories.coreGroups import at, backdate_plan, held_meeting
from timescales import calendar

pytestmark = pytest.mark.django_db


def _from_the_page(plan):
    return core_group_summary(plan, review=live_review_deadline(plan_deadlines(plan)))


def test_the_warning_from_the_pages_deadlines_is_the_services(plan, worker):
    assert _from_the_page(plan).warning is None  # the review is 3 months off
    backdate_plan(plan, working_days=55)
    assert "no core group meetings have" in _from_the_page(plan).warning
    assert _from_the_page(plan).warning == services.meetings_before_review_warning(plan)
    day = calendar.add_working_days(plan.started_on, 9)
    held_meeting(plan=plan, by=worker, held_at=at(day))
    assert "only 1 core group meeting has" in _from_the_page(plan).warning
    assert _from_the_page(plan).warning == services.meetings_before_review_warning(plan)
    held_meeting(plan=plan, by=worker, held_at=at(day + datetime.timedelta(weeks=6)))
    assert _from_the_page(plan).warning is None
    assert services.meetings_before_review_warning(plan) is None


def test_the_summary_reads_meetings_and_visits_only(plan, worker, django_assert_num_queries):
    backdate_plan(plan, working_days=55)
    review = live_review_deadline(plan_deadlines(plan))
    with django_assert_num_queries(2):
        summary = core_group_summary(plan, review=review)
    assert summary.warning
    with django_assert_num_queries(1):  # no visits, so no warning either
        summary = core_group_summary(plan, with_visits=False)
    assert summary.warning is None and summary.recent_visits == []


def test_the_visits_are_counted_beyond_the_latest(plan, worker):
    backdate_plan(plan, working_days=30)
    for days in range(1, RECENT_VISITS + 3):
        services.record_visit(
            plan=plan,
            by=worker,
            visited_on=calendar.add_working_days(plan.started_on, days),
            child_seen=True,
            seen_alone=False,
            notes="",
        )
    summary = core_group_summary(plan)
    assert summary.visit_count == RECENT_VISITS + 2
    assert len(summary.recent_visits) == RECENT_VISITS
    assert summary.recent_visits[0].visited_on == calendar.add_working_days(
        plan.started_on, RECENT_VISITS + 2
    )
