"""ADR 36: an interim plan is not reported to the DfE (census, Annex A) unless it becomes the
plan; then it is reported from the day it is made, with the reconvened day as the initial
conference's date. Synthetic data only."""

import datetime

import pytest

from conferences.models import ChildDecision, DecisionOutcome, DecisionStatus
from plans.models import ChildProtectionPlan, PlanEndReason, PlanStatus
from returns.annex_a import list_5, list_7
from returns.census import build_census
from returns.validation import validate_census
from tests.factories.census import at, held_conference_on, plan_on, s47_enquiry

from .conftest import REFERENCE_DATE, census_child

pytestmark = pytest.mark.django_db
D = datetime.date


def _adjourned_icpc(child, worker, chair, *, s47_on, first_on, reconvened_on):
    enquiry = s47_enquiry(child=child, by=worker, started_on=s47_on)
    conference = held_conference_on(child=child, on=first_on, chair=chair, enquiry=enquiry)
    conference.adjourned_at = at(first_on, 12)
    conference.reconvene_by = reconvened_on
    conference.save()
    ChildDecision.objects.create(
        conference=conference,
        child=child,
        outcome=DecisionOutcome.CHILD_PROTECTION_PLAN,
        category="neglect",
        rationale="Continuing risk of significant harm.",
        status=DecisionStatus.FINALISED,
        finalised_at=at(reconvened_on, 11),
    )
    return conference


@pytest.fixture
def interim_children(worker, chair):
    made = census_child(worker, legal_forename="Dana", local_child_id="CH0101")
    conference = _adjourned_icpc(
        made,
        worker,
        chair,
        s47_on=D(2025, 9, 1),
        first_on=D(2025, 9, 15),
        reconvened_on=D(2025, 9, 19),
    )
    plan = plan_on(child=made, conference=conference, started_on=D(2025, 9, 19))
    plan.interim_from = D(2025, 9, 15)
    plan.save()

    still = census_child(worker, legal_forename="Eli", local_child_id="CH0102")
    pending = held_conference_on(child=still, on=D(2026, 3, 25), chair=chair)
    pending.status = "booked"
    pending.reconvene_by = D(2026, 4, 1)
    pending.save()
    ChildProtectionPlan.objects.create(
        child=still,
        started_on=D(2026, 3, 25),
        interim_from=D(2026, 3, 25),
        started_by_conference=pending,
        status=PlanStatus.INTERIM,
    )

    ended = census_child(worker, legal_forename="Fay", local_child_id="CH0103")
    conference = held_conference_on(child=ended, on=D(2025, 10, 6), chair=chair)
    ChildProtectionPlan.objects.create(
        child=ended,
        started_on=D(2025, 10, 6),
        interim_from=D(2025, 10, 6),
        started_by_conference=conference,
        category="neglect",
        status=PlanStatus.ENDED,
        ended_on=D(2025, 10, 10),
        end_reason=PlanEndReason.NO_PLAN_NEEDED,
    )
    return made, still, ended


def test_the_census_reports_a_plan_made_from_an_interim_plan_from_the_day_it_is_made(
    interim_children,
):
    census = build_census(REFERENCE_DATE)
    ids = {child.la_child_id: child for child in census.children}
    dana = ids["CH0101"]
    [plan] = dana.cin.plans
    assert plan.start == D(2025, 9, 19) and plan.previous_plans == 0
    [s47] = dana.cin.section47s
    assert s47.icpc_date == D(2025, 9, 19)  # the reconvened day: rule 2885 holds
    assert not [p for p in validate_census(census) if "2885" in str(p)]
    # Never a plan: not in the census as one.
    assert "CH0102" not in ids
    assert "CH0103" not in ids


def test_annex_a_lists_leave_out_interim_plans(interim_children):
    rows = list_7(REFERENCE_DATE, months=12).rows
    # the plan made from the interim plan
    assert [row for row in rows if datetime.date(2025, 9, 19) in row]
    assert len(rows) == 1  # neither the pending interim plan nor the one that ended
    list5 = list_5(REFERENCE_DATE, months=12).rows
    [dana] = [row for row in list5 if datetime.date(2025, 9, 1) in row]
    assert datetime.date(2025, 9, 19) in dana and dana[9] == "a) Yes"
