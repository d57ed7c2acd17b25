"""Issue 17 items 5, 6, 9, 10 and 12 at the service layer: a review never loses what the plan
holds (changing the category is an explicit choice, in the category history); a neglect plan
ends at its first review only on a recorded significant change of circumstances, with the service
manager's agreement; a conference's Child in Need plan is followed up (CIN_REVIEW) as a step down
is; a conference decides only with its invitations and the social work report, or the chair's
reason; a child protection plan needs a contingency plan, outcomes and a linked action."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import RoleCode
from conferences import services
from conferences.plan_decision import decision_initial
from conferences.readiness import inputs_of, record_inputs_reason
from conferences.services import DecisionError, HoldingError
from plans import services as plan_services
from plans.models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    PlanCategory,
    PlanCategoryChange,
    PlanEndReason,
    PlanStatus,
    SecondaryFactor,
)
from plans.services import PlanError
from reports import services as report_services
from tests.factories.accounts import UserFactory
from tests.factories.conferences import (
    add_danger_statements,
    decide,
    decide_every_child,
    give_views,
    make_quorate,
    started_conference,
    started_review,
)
from tests.factories.reports import signed_off_report
from tests.factories.voice import children_views
from tests.shared_world import shareable
from timescales import calendar
from timescales.models import Deadline, RuleCode

# Every test and the fixtures it asks for run at this moment (the `clock` fixture).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.clock_at(datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))),
]


CP, CIN, NFA = "cp_plan", "cin_plan", "nfa"
CONTINGENCY = "If the parents fight again, the children stay with their grandmother."
OUTCOMES = "Amelia and Noah feel safe at home and go to school every day."


def _deadline(rule, subject):
    return Deadline.objects.filter(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=subject.pk,
    ).first()


@shareable
def plans(conference_request, coordinator, chair, minute_taker, household):
    """Amelia and Noah on emotional abuse plans with domestic abuse as a secondary factor."""
    initial = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    make_quorate(initial, by=minute_taker)
    add_danger_statements(initial, by=minute_taker, count=2)
    decide_every_child(
        initial,
        chair=chair,
        secondary_factors=[SecondaryFactor.DOMESTIC_ABUSE],
        contingency_plan=CONTINGENCY,
        outcomes_for_child=OUTCOMES,
    )
    return {
        key: ChildProtectionPlan.objects.get(child=household[key], status=PlanStatus.ACTIVE)
        for key in ("amelia", "noah")
    }


@shareable
def review(plans, coordinator):
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Rhona Review")
    conference = started_review(plan=plans["amelia"], coordinator=coordinator, chair=chair)
    return make_quorate(conference, by=chair)


@shareable
def amelias_review(review, household):
    decision = services.decision_for(conference=review, child=household["amelia"], by=review.chair)
    give_views(decision, by=review.chair, views=[CP, CP, CP])
    return decision


def _ready(conference):
    children_views(conference)  # issue 21: each child's views before the decision
    record_inputs_reason(
        conference=conference, by=conference.chair, reason="The report was presented orally."
    )


# --- Item 5: a review never loses what the plan holds -------------------------------------------


def test_a_reviews_decision_starts_from_the_plan_and_a_blank_keeps_it(
    review, amelias_review, plans
):
    plan = plans["amelia"]
    initial = decision_initial(review, amelias_review)
    assert initial["category"] == PlanCategory.EMOTIONAL_ABUSE
    assert initial["secondary_factors"] == [SecondaryFactor.DOMESTIC_ABUSE]
    assert (initial["contingency_plan"], initial["outcomes_for_child"]) == (CONTINGENCY, OUTCOMES)

    # Nothing given but the decision and its rationale: the plan's terms are kept.
    decided = services.record_decision(
        decision=amelias_review,
        by=review.chair,
        outcome=CP,
        rationale="Progress, but the risk remains.",
        category="",
        contingency_plan="",
        outcomes_for_child="  ",
    )
    assert decided.category == PlanCategory.EMOTIONAL_ABUSE
    assert decided.secondary_factors == [SecondaryFactor.DOMESTIC_ABUSE]
    assert (decided.contingency_plan, decided.outcomes_for_child) == (CONTINGENCY, OUTCOMES)
    assert not decided.change_category
    _ready(review)
    services.finalise_decision(decision=amelias_review, by=review.chair)

    plan.refresh_from_db()
    assert plan.category == PlanCategory.EMOTIONAL_ABUSE
    assert plan.secondary_factors == [SecondaryFactor.DOMESTIC_ABUSE]
    assert (plan.contingency_plan, plan.outcomes_for_child) == (CONTINGENCY, OUTCOMES)
    assert PlanCategoryChange.objects.filter(plan=plan).count() == 1  # the start only


def test_changing_the_category_at_a_review_is_an_explicit_choice_in_the_history(
    review, amelias_review, plans
):
    with pytest.raises(DecisionError) as refused:
        decide(amelias_review, by=review.chair, category=PlanCategory.NEGLECT)
    assert refused.value.field == "change_category"
    with pytest.raises(DecisionError) as refused:
        decide(amelias_review, by=review.chair, change_category=True)
    assert refused.value.field == "category"

    decide(amelias_review, by=review.chair, category=PlanCategory.NEGLECT, change_category=True)
    services.finalise_decision(decision=amelias_review, by=review.chair)
    plan = plans["amelia"]
    plan.refresh_from_db()
    assert plan.category == PlanCategory.NEGLECT
    change = PlanCategoryChange.objects.get(plan=plan, conference=review)
    assert (change.from_category, change.to_category) == (
        PlanCategory.EMOTIONAL_ABUSE,
        PlanCategory.NEGLECT,
    )


def test_secondary_factors_go_only_when_unticked(review, amelias_review, plans):
    decide(amelias_review, by=review.chair, secondary_factors=[])
    services.finalise_decision(decision=amelias_review, by=review.chair)
    plan = plans["amelia"]
    plan.refresh_from_db()
    assert plan.secondary_factors == []


def test_continuing_a_plan_with_blanks_keeps_what_the_plan_holds(review, plans):
    plan = plans["amelia"]
    continued = plan_services.continue_plan_at_review(
        plan=plan,
        conference=review,
        held_on=timezone.localdate(),
        category="",
        contingency_plan="",
        outcomes_for_child="",
        by=review.chair,
    )
    assert continued.category == PlanCategory.EMOTIONAL_ABUSE
    assert continued.secondary_factors == [SecondaryFactor.DOMESTIC_ABUSE]
    assert (continued.contingency_plan, continued.outcomes_for_child) == (CONTINGENCY, OUTCOMES)


# --- Item 6: neglect plans at their first review -------------------------------------------------


def test_a_neglect_plan_ends_at_its_first_review_only_on_a_significant_change(
    review, household, plans, service_manager
):
    ChildProtectionPlan.objects.filter(pk=plans["amelia"].pk).update(category="neglect")
    decision = services.decision_for(conference=review, child=household["amelia"], by=review.chair)
    give_views(decision, by=review.chair, views=[CIN, CIN, CIN])
    decide(decision, by=review.chair, outcome=CIN, service_manager_agreement=service_manager)
    with pytest.raises(DecisionError, match="on improvement alone") as refused:
        services.finalise_decision(decision=decision, by=review.chair)
    assert refused.value.field == "significant_change"

    with pytest.raises(DecisionError) as refused:
        decide(decision, by=review.chair, outcome=CIN, significant_change=True)
    assert refused.value.field == "significant_change_description"

    moved = "Amelia now lives with her father's family in another town."
    decide(
        decision,
        by=review.chair,
        outcome=CIN,
        significant_change=True,
        significant_change_description=moved,
    )  # no service manager's agreement yet
    with pytest.raises(DecisionError) as refused:
        services.finalise_decision(decision=decision, by=review.chair)
    assert refused.value.field == "service_manager_agreement"

    decide(
        decision,
        by=review.chair,
        outcome=CIN,
        significant_change=True,
        significant_change_description=moved,
        service_manager_agreement=service_manager,
    )
    services.finalise_decision(decision=decision, by=review.chair)
    plan = plans["amelia"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED
    assert plan.ended_on_significant_change and plan.significant_change_description == moved
    assert plan.service_manager_agreement == service_manager
    decision.refresh_from_db()
    assert decision.significant_change and decision.significant_change_description == moved


def test_ending_a_plan_at_review_records_the_change_only_with_its_description(
    review, plans, service_manager
):
    ChildProtectionPlan.objects.filter(pk=plans["amelia"].pk).update(category="neglect")
    with pytest.raises(PlanError) as refused:
        plan_services.end_plan(
            plan=plans["amelia"],
            reason=PlanEndReason.NO_LONGER_AT_RISK,
            ended_on=timezone.localdate(),
            by=review.chair,
            conference=review,
            service_manager_agreement=service_manager,
            significant_change=True,
        )
    assert refused.value.field == "significant_change_description"
    plans["amelia"].refresh_from_db()
    assert plans["amelia"].status == PlanStatus.ACTIVE


# --- Item 9: a Child in Need decision is followed up ---------------------------------------------


def test_a_conferences_child_in_need_plan_opens_its_first_review_like_a_step_down(
    conference_request, coordinator, chair, minute_taker, household
):
    # The conference path: an initial conference decides a Child in Need plan.
    initial = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    make_quorate(initial, by=minute_taker)
    decision = services.decision_for(conference=initial, child=household["noah"], by=chair)
    give_views(decision, by=chair, views=[CIN, CIN])
    decide(decision, by=chair, outcome=CIN)
    services.finalise_decision(decision=decision, by=chair)
    decided = ChildInNeedPlan.objects.get(started_by_conference=initial)
    deadline = _deadline(RuleCode.CIN_REVIEW, decided)
    assert deadline is not None
    assert deadline.due_on == calendar.add_working_days(decided.started_on, 20)
    assert deadline.responsible == household["noah"].lead_social_worker


def test_a_step_down_child_in_need_plan_opens_its_first_review(plans, worker):
    plan = plans["amelia"]
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.ENDED, ended_on=timezone.localdate()
    )
    plan.refresh_from_db()
    step_down = plan_services.start_child_in_need_plan(
        child=plan.child, started_on=timezone.localdate(), from_plan=plan, by=worker
    )
    deadline = _deadline(RuleCode.CIN_REVIEW, step_down)
    assert deadline.due_on == calendar.add_working_days(step_down.started_on, 20)
    assert deadline.responsible == plan.child.lead_social_worker


# --- Item 10: a conference needs its inputs ------------------------------------------------------


def _recorded_plan_decision(conference, child, chair):
    children_views(conference)  # issue 21: each child's views before the decision
    add_danger_statements(conference, by=chair, count=1)
    decision = services.decision_for(conference=conference, child=child, by=chair)
    give_views(decision, by=chair, views=[CP, CP])
    return services.record_decision(
        decision=decision,
        by=chair,
        outcome=CP,
        rationale="At continuing risk.",
        category=PlanCategory.PHYSICAL_ABUSE,
        contingency_plan=CONTINGENCY,
        outcomes_for_child=OUTCOMES,
        actions=[
            {
                "what": "Attend a parenting course",
                "who": "Sarah Jones",
                "by_when": timezone.localdate() + datetime.timedelta(days=28),
                "danger_statement_position": 1,
            }
        ],
    )


def test_an_initial_conference_decides_only_with_the_social_work_report_received(
    conference_request, coordinator, chair, minute_taker, household, worker, manager
):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    make_quorate(conference, by=minute_taker)
    decision = _recorded_plan_decision(conference, household["amelia"], chair)
    with pytest.raises(DecisionError, match="social worker's report was not received") as refused:
        services.finalise_decision(decision=decision, by=chair)
    assert refused.value.field == "inputs_reason"
    assert not ChildProtectionPlan.objects.exists()

    report = signed_off_report(
        conference=conference, worker=worker, manager=manager, recommended_category="neglect"
    )
    assert not inputs_of(conference).report_received  # signed off, not yet with the chair
    report_services.send_to_chair(report=report, by=worker)
    assert inputs_of(conference).complete
    assert services.finalise_decision(decision=decision, by=chair).is_final


def test_a_review_without_invitations_goes_ahead_only_on_the_chairs_reason(
    plans, coordinator, household, minute_taker
):
    chair = UserFactory(roles=[RoleCode.CHAIR])
    review = started_review(
        plan=plans["amelia"], coordinator=coordinator, chair=chair, invite=False
    )
    make_quorate(review, by=chair)
    children_views(review)  # issue 21: each child's views before the decision
    decision = services.decision_for(conference=review, child=household["amelia"], by=chair)
    give_views(decision, by=chair, views=[CP, CP])
    services.record_decision(decision=decision, by=chair, outcome=CP, rationale="Risk remains.")
    with pytest.raises(DecisionError, match="the invitations were not sent"):
        services.finalise_decision(decision=decision, by=chair)

    with pytest.raises(HoldingError, match="Only the conference's chair"):
        record_inputs_reason(conference=review, by=minute_taker, reason="Urgent")
    with pytest.raises(HoldingError) as refused:
        record_inputs_reason(conference=review, by=chair, reason="  ")
    assert refused.value.field == "reason"
    recorded = record_inputs_reason(
        conference=review, by=chair, reason="The family asked for the review to go ahead today."
    )
    assert recorded.inputs_reason_by == chair
    assert recorded.history.first().inputs_reason.startswith("The family asked")
    assert services.finalise_decision(decision=decision, by=chair).is_final


# --- Item 12: a plan worth the name ---------------------------------------------------------------


def test_a_child_protection_plan_needs_a_contingency_plan_outcomes_and_a_linked_action(
    conference_request, coordinator, chair, minute_taker, household
):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    make_quorate(conference, by=minute_taker)
    _ready(conference)
    add_danger_statements(conference, by=chair, count=1)
    decision = services.decision_for(conference=conference, child=household["amelia"], by=chair)
    give_views(decision, by=chair, views=[CP, CP])
    by_when = timezone.localdate() + datetime.timedelta(days=28)
    good_action = {
        "what": "Attend a parenting course",
        "who": "Sarah Jones",
        "by_when": by_when,
        "danger_statement_position": 1,
    }
    terms = {
        "outcome": CP,
        "rationale": "At continuing risk.",
        "category": PlanCategory.PHYSICAL_ABUSE,
        "contingency_plan": CONTINGENCY,
        "outcomes_for_child": OUTCOMES,
        "actions": [good_action],
    }
    for missing, field in (
        ({"contingency_plan": ""}, "contingency_plan"),
        ({"outcomes_for_child": ""}, "outcomes_for_child"),
        ({"actions": []}, "actions"),
        ({"actions": [dict(good_action, by_when=None)]}, "actions"),
        ({"actions": [dict(good_action, danger_statement_position=None)]}, "actions"),
    ):
        services.record_decision(decision=decision, by=chair, **{**terms, **missing})
        with pytest.raises(DecisionError) as refused:
            services.finalise_decision(decision=decision, by=chair)
        assert refused.value.field == field, missing
        assert not ChildProtectionPlan.objects.exists()

    services.record_decision(decision=decision, by=chair, **terms)
    services.finalise_decision(decision=decision, by=chair)
    plan = ChildProtectionPlan.objects.get(child=household["amelia"])
    assert (plan.contingency_plan, plan.outcomes_for_child) == (CONTINGENCY, OUTCOMES)
    action = plan.actions.get()
    assert action.by_when == by_when and action.danger_statement.position == 1


def test_the_social_workers_recommendation_of_a_plan_records_its_category(
    conference_request, coordinator, chair, worker
):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, invite=False
    )
    text = {"worries": "Bruising at nursery.", "working_well": "Grandmother helps daily."}
    with pytest.raises(report_services.ReportError) as refused:
        report_services.save_social_work_report(
            conference=conference,
            by=worker,
            recommendation=CP,
            recommended_category="astrology",
            **text,
        )
    assert refused.value.field == "recommended_category"
    report = report_services.save_social_work_report(
        conference=conference, by=worker, recommendation=CP, **text
    )
    with pytest.raises(report_services.ReportError) as refused:
        report_services.submit_for_sign_off(report=report, by=worker)
    assert refused.value.field == "recommended_category"

    report = report_services.save_social_work_report(
        conference=conference,
        by=worker,
        recommendation=CP,
        recommended_category=PlanCategory.NEGLECT,
        **text,
    )
    assert report.recommended_category == PlanCategory.NEGLECT
    report_services.submit_for_sign_off(report=report, by=worker)
    report.refresh_from_db()
    assert report.status == "awaiting_sign_off"
    assert report.history.first().recommended_category == PlanCategory.NEGLECT


def test_no_category_is_kept_without_a_recommended_plan(
    conference_request, coordinator, chair, worker
):
    conference = started_conference(
        request=conference_request, coordinator=coordinator, chair=chair, invite=False
    )
    report = report_services.save_social_work_report(
        conference=conference, by=worker, recommendation=CIN, recommended_category="neglect"
    )
    assert report.recommended_category == ""
