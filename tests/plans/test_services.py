"""Starting and continuing plans, the conference's protection of what it set, and what the core
group may add. Deadlines are checked against the working-day calendar, never counted by hand."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import RoleCode
from plans import services
from plans.models import (
    ActionStatus,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ConferenceSetRowChanged,
    CoreGroupMember,
    PlanAction,
    PlanCategory,
    PlanCategoryChange,
    PlanDangerStatement,
    SecondaryFactor,
    Source,
)
from plans.services import PlanError
from tests.factories.accounts import UserFactory
from tests.factories.children import ChildFactory
from tests.factories.conferences import agency_professional_for
from tests.factories.plans import (
    DANGER_STATEMENTS,
    end_plan_directly,
    plan_from,
    review_conference,
)
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode


def _deadline(plan, rule, **filters):
    return Deadline.objects.get(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(type(plan)),
        subject_id=plan.pk,
        **filters,
    )


# --- Starting a plan -----------------------------------------------------------------------------


def test_the_conference_starts_a_plan_with_what_it_decided(plan, conference, child, chair):
    assert plan.child == child
    assert plan.started_by_conference == conference
    assert plan.category == PlanCategory.NEGLECT
    assert plan.secondary_factors == [SecondaryFactor.DOMESTIC_ABUSE]
    assert plan.is_active and not plan.is_subsequent and plan.previous_plan_ended_on is None
    statements = list(plan.danger_statements.order_by("position"))
    assert [(s.text, s.safety_goal) for s in statements] == DANGER_STATEMENTS
    assert {s.source for s in statements} == {Source.CONFERENCE}
    assert {s.set_by_conference_id for s in statements} == {conference.pk}
    assert [s.position for s in statements] == [1, 2]
    assert sorted(plan.core_group_members.values_list("name", flat=True)) == [
        "Hannah Visitor",
        "Sarah Jones",
    ]
    actions = list(plan.actions.order_by("pk"))
    assert len(actions) == 3
    assert actions[0].danger_statement == statements[0]
    assert actions[1].danger_statement == statements[1]
    assert actions[2].danger_statement is None
    assert {a.source for a in actions} == {Source.CONFERENCE}
    assert {a.status for a in actions} == {ActionStatus.NOT_STARTED}
    change = PlanCategoryChange.objects.get(plan=plan)
    assert (change.from_category, change.to_category) == ("", PlanCategory.NEGLECT)


def test_starting_a_plan_opens_its_deadlines(plan, worker, team, chair):
    start = plan.started_on
    cg_first = _deadline(plan, RuleCode.CG_FIRST)
    assert cg_first.due_on == calendar.add_working_days(start, 10)
    assert cg_first.responsible == worker
    assert cg_first.team == team
    assert cg_first.child == plan.child

    review = _deadline(plan, RuleCode.RCPC_FIRST)
    assert review.due_on == calendar.add_months(start, 3)
    assert review.responsible == worker
    assert review.chair == chair
    assert plan.next_review_due == review.due_on
    assert not Deadline.objects.filter(rule=RuleCode.RCPC_NEXT, subject_id=plan.pk).exists()

    visit = _deadline(plan, RuleCode.VISIT)
    assert visit.due_on == calendar.add_working_days(start, 10)

    long_plan = _deadline(plan, RuleCode.LONG_PLAN)
    assert long_plan.due_on == calendar.add_months(start, 24)
    assert {d.status for d in (cg_first, review, visit, long_plan)} == {DeadlineStatus.OPEN}


def test_a_plan_started_at_a_review_is_reviewed_six_months_later(conference, child):
    plan = plan_from(conference=conference, child=child, first_review_rule=RuleCode.RCPC_NEXT)
    review = _deadline(plan, RuleCode.RCPC_NEXT)
    assert review.due_on == calendar.add_months(plan.started_on, 6)
    assert not Deadline.objects.filter(rule=RuleCode.RCPC_FIRST, subject_id=plan.pk).exists()


def test_a_shorter_visiting_frequency_brings_the_visit_forward(conference, child):
    plan = plan_from(conference=conference, child=child, visit_frequency_working_days=5)
    visit = _deadline(plan, RuleCode.VISIT)
    assert visit.due_on == calendar.add_working_days(plan.started_on, 5)
    assert visit.policy_value == 5
    assert plan.visit_frequency_working_days == 5


@pytest.mark.parametrize("frequency", [0, 11])
def test_visits_less_often_than_every_ten_working_days_are_refused(conference, child, frequency):
    with pytest.raises(PlanError) as error:
        plan_from(conference=conference, child=child, visit_frequency_working_days=frequency)
    assert error.value.field == "visit_frequency_working_days"
    assert not ChildProtectionPlan.objects.exists()


def test_a_second_active_plan_for_the_child_is_refused(plan, conference, child):
    with pytest.raises(PlanError) as error:
        plan_from(conference=conference, child=child)
    assert "already has an active child protection plan" in error.value.message
    assert ChildProtectionPlan.objects.filter(child=child).count() == 1
    assert Deadline.objects.filter(rule=RuleCode.CG_FIRST).count() == 1


def test_a_fifth_danger_statement_is_refused_and_nothing_is_written(conference, child):
    five = [(f"Danger {n}", f"Goal {n}") for n in range(1, 6)]
    with pytest.raises(PlanError) as error:
        plan_from(conference=conference, child=child, danger_statements=five)
    assert "at most 4" in error.value.message
    assert error.value.field == "danger_statements"
    assert not ChildProtectionPlan.objects.exists()
    assert not PlanDangerStatement.objects.exists()
    four = plan_from(conference=conference, child=child, danger_statements=five[:4])
    assert four.danger_statements.count() == 4


def test_a_danger_statement_needs_its_safety_goal(conference, child):
    with pytest.raises(PlanError, match="safety goal"):
        plan_from(conference=conference, child=child, danger_statements=[("Danger", " ")])


def test_a_child_who_had_a_plan_before_gets_a_subsequent_plan(plan, conference, child, chair):
    first_ended = plan.started_on
    end_plan_directly(plan, first_ended)
    review = review_conference(child=child, chair=chair)
    second = plan_from(conference=review, child=child)
    assert second.is_subsequent
    assert second.previous_plan_ended_on == first_ended
    assert plan.is_subsequent is False


def test_only_the_conferences_chair_starts_a_plan(conference, child, worker, minute_taker):
    for someone in (worker, minute_taker):
        with pytest.raises(PlanError, match="chair"):
            plan_from(conference=conference, child=child, by=someone)
    assert not ChildProtectionPlan.objects.exists()


def test_a_plan_comes_from_a_conference_about_the_child_that_is_being_held(child, chair):
    other_child = ChildFactory()
    not_about = review_conference(child=other_child, chair=chair)
    with pytest.raises(PlanError, match="not about Amelia Jones"):
        plan_from(conference=not_about, child=child)
    not_started = review_conference(child=child, chair=chair, started=False)
    with pytest.raises(PlanError, match="being held"):
        plan_from(conference=not_started, child=child)
    assert not ChildProtectionPlan.objects.exists()


def test_starting_a_plan_writes_history_with_the_chair(plan, chair):
    record = plan.history.get()
    assert record.history_type == "+"
    assert record.history_user == chair
    statement = plan.danger_statements.get(position=1)
    assert statement.history.get().history_user == chair
    assert plan.actions.first().history.get().history_user == chair
    assert plan.core_group_members.first().history.get().history_user == chair


# --- Reviews -------------------------------------------------------------------------------------


def test_a_review_continues_the_plan_changes_its_category_and_opens_the_next_review(
    plan, child, chair
):
    review = review_conference(child=child, chair=chair)
    held_on = timezone.localdate()
    services.continue_plan_at_review(
        plan=plan,
        conference=review,
        held_on=held_on,
        category=PlanCategory.EMOTIONAL_ABUSE,
        secondary_factors=[SecondaryFactor.PARENTAL_MENTAL_HEALTH],
        by=chair,
    )
    plan.refresh_from_db()
    assert plan.category == PlanCategory.EMOTIONAL_ABUSE
    assert plan.secondary_factors == [SecondaryFactor.PARENTAL_MENTAL_HEALTH]
    change = PlanCategoryChange.objects.filter(plan=plan).latest("pk")
    assert (change.from_category, change.to_category) == (
        PlanCategory.NEGLECT,
        PlanCategory.EMOTIONAL_ABUSE,
    )
    assert change.conference == review
    assert _deadline(plan, RuleCode.RCPC_FIRST).status == DeadlineStatus.MET_ON_TIME
    next_review = _deadline(plan, RuleCode.RCPC_NEXT, status=DeadlineStatus.OPEN)
    assert next_review.due_on == calendar.add_months(held_on, 6)
    assert plan.next_review_due == next_review.due_on
    assert plan.history.count() == 2


def test_the_second_review_meets_the_next_review_and_opens_another(plan, child, chair):
    first = review_conference(child=child, chair=chair)
    services.continue_plan_at_review(
        plan=plan, conference=first, held_on=timezone.localdate(), by=chair
    )
    second = review_conference(child=child, chair=chair)
    later = calendar.add_months(timezone.localdate(), 7)  # a month after it was due
    services.continue_plan_at_review(plan=plan, conference=second, held_on=later, by=chair)
    reviews = list(
        Deadline.objects.filter(rule=RuleCode.RCPC_NEXT, subject_id=plan.pk).order_by("pk")
    )
    assert [r.status for r in reviews] == [DeadlineStatus.MET_LATE, DeadlineStatus.OPEN]
    assert reviews[1].due_on == calendar.add_months(later, 6)
    # The category did not change: no new row in its history.
    assert PlanCategoryChange.objects.filter(plan=plan).count() == 1


def test_the_conference_that_started_the_plan_does_not_review_it(plan, conference, chair):
    with pytest.raises(PlanError, match="review conference"):
        services.continue_plan_at_review(
            plan=plan, conference=conference, held_on=timezone.localdate(), by=chair
        )


# --- What a conference set -----------------------------------------------------------------------


def _amend(statement, conference, by, text="Rewritten danger", goal="Rewritten goal"):
    return services.amend_conference_danger_statement(
        statement=statement, conference=conference, text=text, safety_goal=goal, by=by
    )


def test_a_conference_set_danger_statement_is_not_amended_without_a_conference(
    plan, worker, manager, chair
):
    statement = plan.danger_statements.get(position=1)
    service_manager = UserFactory(roles=[RoleCode.SERVICE_MANAGER, RoleCode.QA_MANAGER])
    for someone in (worker, manager, chair, service_manager):
        with pytest.raises(PlanError, match="Only a conference"):
            _amend(statement, None, someone)
    statement.refresh_from_db()
    assert (statement.text, statement.safety_goal) == DANGER_STATEMENTS[0]


def test_only_a_conference_being_held_for_the_child_amends_it(plan, child, chair, worker):
    statement = plan.danger_statements.get(position=1)
    other = review_conference(child=ChildFactory(), chair=chair)
    with pytest.raises(PlanError, match="not about"):
        _amend(statement, other, chair)
    booked_only = review_conference(child=child, chair=chair, started=False)
    with pytest.raises(PlanError, match="being held"):
        _amend(statement, booked_only, chair)
    earlier = review_conference(
        child=child, chair=chair, starts_at=timezone.now() - datetime.timedelta(days=3)
    )
    with pytest.raises(PlanError, match="before the plan started"):
        _amend(statement, earlier, chair)
    review = review_conference(child=child, chair=chair)
    with pytest.raises(PlanError, match="chair or minute taker"):
        _amend(statement, review, worker)
    statement.refresh_from_db()
    assert statement.text == DANGER_STATEMENTS[0][0]


def test_a_review_conference_amends_a_danger_statement_with_history(plan, child, chair):
    statement = plan.danger_statements.get(position=1)
    review = review_conference(child=child, chair=chair)
    amended = _amend(statement, review, chair)
    # The conference's permission was for that change only.
    amended.text = "Changed again after the conference"
    with pytest.raises(ConferenceSetRowChanged):
        amended.save()
    statement.refresh_from_db()
    assert (statement.text, statement.safety_goal) == ("Rewritten danger", "Rewritten goal")
    assert statement.set_by_conference == review
    assert statement.source == Source.CONFERENCE
    records = list(statement.history.order_by("history_date"))
    assert [r.text for r in records] == [DANGER_STATEMENTS[0][0], "Rewritten danger"]
    assert records[-1].history_user == chair


# --- What the core group adds --------------------------------------------------------------------


def test_the_core_group_adds_a_danger_statement_after_the_conferences_places(plan, worker):
    added = services.add_core_group_danger_statement(
        plan=plan, text="Amelia may miss school", safety_goal="Amelia goes every day", by=worker
    )
    assert added.source == Source.CORE_GROUP
    assert added.set_by_conference is None
    assert added.position == 5
    again = services.add_core_group_danger_statement(
        plan=plan, text="Another", safety_goal="Goal", by=worker
    )
    assert again.position == 6
    # What the conference set is untouched.
    assert list(
        plan.danger_statements.filter(source=Source.CONFERENCE).values_list("text", flat=True)
    ) == [text for text, _ in DANGER_STATEMENTS]


def test_only_the_core_group_adds_to_the_plan(plan, child, manager):
    outsider = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    with pytest.raises(PlanError, match="core group"):
        services.add_core_group_danger_statement(
            plan=plan, text="Danger", safety_goal="Goal", by=outsider
        )
    with pytest.raises(PlanError, match="core group"):
        services.add_action(plan=plan, what="Visit", who="Someone", by=outsider)
    professional, _ = agency_professional_for(child=child)
    CoreGroupMember.objects.create(plan=plan, name=professional.full_name, user=professional)
    action = services.add_action(
        plan=plan, what="Health check", who="Health visitor", by=professional
    )
    assert action.source == Source.CORE_GROUP
    # The lead social worker's team manager may add too.
    services.add_action(plan=plan, what="Supervise", who="Team manager", by=manager)


def test_the_core_group_adds_an_action_linked_to_a_danger_statement(plan, worker):
    statement = plan.danger_statements.get(position=2)
    by_when = timezone.localdate() + datetime.timedelta(days=10)
    action = services.add_action(
        plan=plan,
        what="Check the fridge at each visit",
        who="Social worker",
        by_when=by_when,
        danger_statement=statement,
        responsible=worker,
        by=worker,
    )
    assert (action.danger_statement, action.by_when, action.responsible) == (
        statement,
        by_when,
        worker,
    )
    assert action.history.get().history_user == worker
    assert PlanAction.objects.filter(plan=plan).count() == 4


def test_an_action_may_not_point_at_another_plans_danger_statement(plan, worker, chair):
    other_child = ChildFactory(lead_social_worker=worker)
    review = review_conference(child=other_child, chair=chair)
    other_plan = plan_from(conference=review, child=other_child)
    with pytest.raises(PlanError, match="this plan"):
        services.add_action(
            plan=plan,
            what="x",
            who="y",
            danger_statement=other_plan.danger_statements.first(),
            by=worker,
        )


# --- Child in Need plans -------------------------------------------------------------------------


def test_a_conference_decides_a_child_in_need_plan(conference, child, chair):
    cin = services.start_child_in_need_plan(
        child=child, conference=conference, started_on=timezone.localdate(), by=chair
    )
    assert cin.started_by_conference == conference and cin.from_plan is None
    assert cin.history.get().history_user == chair
    with pytest.raises(PlanError, match="already has an active Child in Need plan"):
        services.start_child_in_need_plan(
            child=child, conference=conference, started_on=timezone.localdate(), by=chair
        )
    assert ChildInNeedPlan.objects.filter(child=child).count() == 1
    # Issue 17 item 9: a conference's Child in Need plan is followed up as a step down is.
    assert Deadline.objects.get(rule=RuleCode.CIN_REVIEW).subject_id == cin.pk


def test_a_child_on_a_protection_plan_is_not_also_put_on_a_child_in_need_plan(plan, child, worker):
    with pytest.raises(PlanError, match="end it"):
        services.start_child_in_need_plan(
            child=child, started_on=timezone.localdate(), from_plan=None, by=worker
        )
    with pytest.raises(PlanError, match="End the child protection plan"):
        services.start_child_in_need_plan(
            child=child, started_on=timezone.localdate(), from_plan=plan, by=worker
        )


def test_a_step_down_plan_opens_the_first_child_in_need_review(plan, child, worker):
    ended_on = timezone.localdate()
    end_plan_directly(plan, ended_on)
    cin = services.start_child_in_need_plan(
        child=child, started_on=ended_on, from_plan=plan, by=worker
    )
    assert cin.from_plan == plan
    review = _deadline(cin, RuleCode.CIN_REVIEW)
    assert review.due_on == calendar.add_working_days(ended_on, 20)
    assert review.responsible == worker
