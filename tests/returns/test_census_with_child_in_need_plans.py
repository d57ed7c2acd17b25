"""The census with Child in Need plans present (issue 22 item 4). The return's child protection
items do not read Child in Need plans: a plan with its core group, reviews, actions and an early
end leaves the census exactly as it was, schema valid and breaking no DfE rule."""

import datetime

import pytest
from django.utils import timezone

from plans import services as plan_services
from plans.models import CinEndReason
from returns.census import build_census
from returns.validation import validate_census
from returns.xml import census_xml, schema_errors

from .conftest import REFERENCE_DATE

D = datetime.date
pytestmark = pytest.mark.django_db


def test_child_in_need_plans_leave_the_census_valid_and_unchanged(year, worker):
    now = timezone.now()
    before = census_xml(build_census(REFERENCE_DATE), now=now)
    ben = year["ben"]
    plan = plan_services.start_child_in_need_plan(child=ben, started_on=D(2025, 10, 15), by=worker)
    plan_services.add_cin_core_group_member(
        plan=plan, name="Hannah Visitor", role="Health visitor", by=worker
    )
    plan_services.add_cin_action(
        plan=plan,
        action="Find a nursery place",
        who="Social worker",
        due_on=D(2025, 11, 1),
        by=worker,
    )
    plan_services.record_cin_review(
        plan=plan, held_on=D(2025, 11, 10), summary="Going well.", by=worker
    )
    plan_services.end_child_in_need_plan(
        plan=plan, ended_on=D(2026, 2, 2), reason=CinEndReason.NEEDS_MET, by=worker
    )
    census = build_census(REFERENCE_DATE)
    after = census_xml(census, now=now)
    assert schema_errors(after) == []
    assert validate_census(census) == []
    assert after == before
