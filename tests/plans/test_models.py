"""The rules the database and the models hold whatever writes to them."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from plans.models import (
    ChildInNeedPlan,
    ChildProtectionPlan,
    ConferenceSetRowChanged,
    PlanCategory,
    PlanDangerStatement,
    PlanStatus,
    Source,
    dfe_category_code,
)
from plans.services import add_core_group_danger_statement


def test_categories_carry_nel_numbers_and_dfe_census_codes():
    assert [category.nel_number for category in PlanCategory] == [1, 2, 3, 4]
    assert PlanCategory.NEGLECT.nel_number == 1
    assert PlanCategory.EMOTIONAL_ABUSE.nel_number == 4
    assert [category.dfe_code for category in PlanCategory] == ["NEG", "PHY", "SAB", "EMO"]
    assert dfe_category_code(["sexual_abuse"]) == "SAB"
    assert dfe_category_code(["neglect", "neglect"]) == "NEG"
    assert dfe_category_code(["neglect", "emotional_abuse"]) == "MUL"


def test_the_database_refuses_a_second_active_plan_for_a_child(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildProtectionPlan.objects.create(
            child=plan.child,
            started_on=plan.started_on,
            started_by_conference=plan.started_by_conference,
            category=PlanCategory.NEGLECT,
        )
    # An ended plan does not count.
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.ENDED, ended_on=timezone.localdate()
    )
    ChildProtectionPlan.objects.create(
        child=plan.child,
        started_on=plan.started_on,
        started_by_conference=plan.started_by_conference,
        category=PlanCategory.NEGLECT,
    )


def test_the_database_refuses_a_second_active_child_in_need_plan(child):
    ChildInNeedPlan.objects.create(child=child, started_on=timezone.localdate())
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildInNeedPlan.objects.create(child=child, started_on=timezone.localdate())


@pytest.mark.parametrize("frequency", [0, 11])
def test_visits_are_at_least_every_ten_working_days(plan, frequency):
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildProtectionPlan.objects.filter(pk=plan.pk).update(
            visit_frequency_working_days=frequency
        )


def test_the_database_refuses_a_fifth_conference_danger_statement_position(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanDangerStatement.objects.create(
            plan=plan,
            text="A fifth",
            safety_goal="Goal",
            position=5,
            source=Source.CONFERENCE,
            set_by_conference=plan.started_by_conference,
        )


def _conference_statement(plan):
    return plan.danger_statements.get(position=1)


@pytest.mark.parametrize(
    ("field", "value"),
    [("text", "Rewritten"), ("safety_goal", "Rewritten"), ("is_active", False), ("position", 9)],
)
def test_saving_a_changed_conference_danger_statement_is_refused(plan, field, value):
    statement = _conference_statement(plan)
    original = (statement.text, statement.safety_goal, statement.is_active, statement.position)
    setattr(statement, field, value)
    with pytest.raises(ConferenceSetRowChanged):
        statement.save()
    statement.refresh_from_db()
    assert (statement.text, statement.safety_goal, statement.is_active, statement.position) == (
        original
    )


def test_conference_danger_statements_are_never_deleted_nor_bulk_changed(plan):
    statement = _conference_statement(plan)
    with pytest.raises(ConferenceSetRowChanged):
        statement.delete()
    with pytest.raises(ConferenceSetRowChanged):
        PlanDangerStatement.objects.filter(pk=statement.pk).delete()
    with pytest.raises(ConferenceSetRowChanged):
        PlanDangerStatement.objects.filter(plan=plan).update(text="Rewritten")
    statement.refresh_from_db()
    assert statement.text != "Rewritten"
    assert PlanDangerStatement.objects.filter(pk=statement.pk).exists()


def test_a_core_group_danger_statement_can_be_corrected_outside_a_conference(plan, worker):
    added = add_core_group_danger_statement(
        plan=plan, text="Amelia may miss school", safety_goal="Amelia goes to school", by=worker
    )
    added.text = "Amelia may miss school when her mother is unwell"
    added.save()
    added.refresh_from_db()
    assert added.text.endswith("unwell")
    # A bulk update touching only core-group rows is allowed too.
    PlanDangerStatement.objects.filter(pk=added.pk).update(safety_goal="Every day at school")
