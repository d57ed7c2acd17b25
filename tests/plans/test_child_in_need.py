"""Child in Need plans (issue 22 item 4): the first review within CIN_REVIEW and each next one at
the interval the authority's policy sets (CIN_REVIEW_NEXT) after the review before; a step-down
plan lasts at least 3 months unless the team manager agrees, with a reason; the core group,
actions (tracked until done) and the end (date, reason, by whom); the Early Help step-down with
its first review; who may do each. Synthetic data only."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import RoleCode
from plans import services
from plans.models import (
    ChildInNeedPlan,
    CinActionStatus,
    CinEndReason,
    EarlyHelpPlan,
    PlanEndReason,
    PlanStatus,
    StepDown,
)
from plans.services import PlanError
from tests.factories.accounts import UserFactory
from tests.shared_world import shareable
from timescales import calendar
from timescales.models import Deadline, DeadlineStatus, RuleCode, TimescalePolicy

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _deadlines(plan, rule):
    return list(
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(ChildInNeedPlan),
            subject_id=plan.pk,
            rule=rule,
        ).order_by("pk")
    )


def _end_protection_plan(plan, worker, manager, step_down):
    return services.end_plan(
        plan=plan,
        reason=PlanEndReason.LEFT_UK,
        ended_on=TODAY(),
        by=worker,
        step_down=step_down,
        manager_agreement=manager,
        manager_agreed_on=TODAY(),
    )


@shareable
def step_down(plan, worker, manager):
    """Amelia's child protection plan ended today, stepping down to a Child in Need plan."""
    ended = _end_protection_plan(plan, worker, manager, StepDown.CHILD_IN_NEED)
    return ChildInNeedPlan.objects.get(from_plan=ended)


@shareable
def cin_plan(child, worker):
    """A Child in Need plan a conference might decide: no step down, no minimum length."""
    return services.start_child_in_need_plan(child=child, started_on=TODAY(), by=worker)


@shareable
def other_worker(team):
    return UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=None)


# --- Reviews -------------------------------------------------------------------------------------


def test_the_first_review_is_due_within_cin_review_and_the_next_at_the_policy_interval(
    cin_plan, worker, clock
):
    (first,) = _deadlines(cin_plan, RuleCode.CIN_REVIEW)
    assert first.due_on == calendar.add_working_days(TODAY(), 20)

    held_on = TODAY() + datetime.timedelta(days=14)
    clock.move_to(datetime.datetime.combine(held_on, datetime.time(15)))
    review = services.record_cin_review(
        plan=cin_plan, held_on=held_on, summary="Nursery place found.", by=worker
    )
    first.refresh_from_db()
    assert first.status == DeadlineStatus.MET_ON_TIME
    (next_one,) = _deadlines(cin_plan, RuleCode.CIN_REVIEW_NEXT)
    assert next_one.status == DeadlineStatus.OPEN
    assert next_one.due_on == calendar.add_months(held_on, 3) == review.next_review_due

    # The next review meets that one and opens the next from its own day.
    second_day = held_on + datetime.timedelta(days=60)
    clock.move_to(datetime.datetime.combine(second_day, datetime.time(15)))
    services.record_cin_review(
        plan=cin_plan, held_on=second_day, summary="Still going well.", by=worker
    )
    met, live = _deadlines(cin_plan, RuleCode.CIN_REVIEW_NEXT)
    assert met.status == DeadlineStatus.MET_ON_TIME
    assert (live.status, live.due_on) == (DeadlineStatus.OPEN, calendar.add_months(second_day, 3))


def test_the_next_review_interval_is_the_authoritys_policy(cin_plan, worker):
    TimescalePolicy.objects.filter(rule=RuleCode.CIN_REVIEW_NEXT).update(value=6, unit="weeks")
    services.record_cin_review(plan=cin_plan, held_on=TODAY(), summary="Reviewed.", by=worker)
    (next_one,) = _deadlines(cin_plan, RuleCode.CIN_REVIEW_NEXT)
    assert next_one.due_on == TODAY() + datetime.timedelta(weeks=6)


def test_a_first_review_after_its_deadline_is_met_late(cin_plan, worker, clock):
    late_day = calendar.add_working_days(TODAY(), 25)
    clock.move_to(datetime.datetime.combine(late_day, datetime.time(9)))
    services.record_cin_review(plan=cin_plan, held_on=late_day, summary="Late.", by=worker)
    (first,) = _deadlines(cin_plan, RuleCode.CIN_REVIEW)
    assert first.status == DeadlineStatus.MET_LATE


@pytest.mark.parametrize(
    ("days", "summary", "field"),
    [
        (1, "In the future", "held_on"),  # not yet happened
        (-1, "Before the plan", "held_on"),
        (0, "   ", "summary"),
    ],
)
def test_a_review_with_bad_input_is_refused_on_its_field(cin_plan, worker, days, summary, field):
    with pytest.raises(PlanError) as refused:
        services.record_cin_review(
            plan=cin_plan,
            held_on=TODAY() + datetime.timedelta(days=days),
            summary=summary,
            by=worker,
        )
    assert refused.value.field == field
    assert not cin_plan.reviews.exists()


def test_a_review_is_later_than_the_last_one(cin_plan, worker):
    services.record_cin_review(plan=cin_plan, held_on=TODAY(), summary="First.", by=worker)
    with pytest.raises(PlanError, match="enter a later date") as refused:
        services.record_cin_review(plan=cin_plan, held_on=TODAY(), summary="Again.", by=worker)
    assert refused.value.field == "held_on"


# --- The 3-month minimum of a step-down plan ------------------------------------------------------


def test_a_step_down_plan_cannot_end_before_3_months_without_a_manager(step_down, worker):
    assert services.cin_plan_lasts_until(step_down) == calendar.add_months(TODAY(), 3)
    with pytest.raises(PlanError, match="lasts at least 3 months") as refused:
        services.end_child_in_need_plan(
            plan=step_down, ended_on=TODAY(), reason=CinEndReason.NEEDS_MET, by=worker
        )
    assert refused.value.field == "ended_on"
    step_down.refresh_from_db()
    assert step_down.status == PlanStatus.ACTIVE


def test_the_team_manager_ends_a_step_down_plan_early_only_with_a_reason(step_down, manager):
    with pytest.raises(PlanError) as refused:
        services.end_child_in_need_plan(
            plan=step_down, ended_on=TODAY(), reason=CinEndReason.NEEDS_MET, by=manager
        )
    assert refused.value.field == "early_end_reason"

    ended = services.end_child_in_need_plan(
        plan=step_down,
        ended_on=TODAY(),
        reason=CinEndReason.EARLY_HELP,
        by=manager,
        early_end_reason="The family asked for Early Help instead; the school leads it.",
    )
    assert ended.status == PlanStatus.ENDED
    assert ended.early_end_agreed_by == manager
    assert ended.early_end_reason.startswith("The family asked")
    assert ended.ended_by == manager
    (review,) = _deadlines(ended, RuleCode.CIN_REVIEW)
    assert review.status == DeadlineStatus.NOT_APPLICABLE


def test_another_teams_manager_cannot_agree(step_down):
    stranger = UserFactory(roles=[RoleCode.TEAM_MANAGER])
    with pytest.raises(PlanError):
        services.end_child_in_need_plan(
            plan=step_down,
            ended_on=TODAY(),
            reason=CinEndReason.NEEDS_MET,
            by=stranger,
            early_end_reason="Agreed.",
        )


def test_a_step_down_plan_ends_after_3_months_without_a_manager(step_down, worker, clock):
    end_day = calendar.add_months(TODAY(), 3)
    clock.move_to(datetime.datetime.combine(end_day, datetime.time(11)))
    ended = services.end_child_in_need_plan(
        plan=step_down,
        ended_on=end_day,
        reason=CinEndReason.NEEDS_MET,
        by=worker,
        note="Needs met; the family agree.",
    )
    assert (ended.status, ended.ended_on, ended.end_reason) == (
        PlanStatus.ENDED,
        end_day,
        CinEndReason.NEEDS_MET,
    )
    assert ended.early_end_agreed_by is None
    assert ended.ended_by == worker


def test_a_plan_without_a_conference_or_step_down_has_no_minimum(cin_plan, worker):
    assert services.cin_plan_lasts_until(cin_plan) is None
    assert services.minimum_length(cin_plan) == ""
    ended = services.end_child_in_need_plan(
        plan=cin_plan, ended_on=TODAY(), reason=CinEndReason.FAMILY_DECLINED, by=worker
    )
    assert ended.status == PlanStatus.ENDED


@shareable
def conference_plan(conference, child, chair):
    """A Child in Need plan Amelia's conference decided today."""
    return services.start_child_in_need_plan(
        child=child, conference=conference, started_on=TODAY(), by=chair
    )


def test_a_plan_a_conference_decided_lasts_at_least_6_weeks(conference_plan, worker, manager):
    """004 social workers' item 9: "CIN plan should be in place for at least 6 weeks"."""
    six_weeks = TODAY() + datetime.timedelta(weeks=6)
    assert services.cin_plan_lasts_until(conference_plan) == six_weeks
    assert services.minimum_length(conference_plan) == "6 weeks from the conference"
    with pytest.raises(PlanError, match="lasts at least 6 weeks from the conference") as refused:
        services.end_child_in_need_plan(
            plan=conference_plan, ended_on=TODAY(), reason=CinEndReason.NEEDS_MET, by=worker
        )
    assert refused.value.field == "ended_on"
    conference_plan.refresh_from_db()
    assert conference_plan.status == PlanStatus.ACTIVE
    ended = services.end_child_in_need_plan(
        plan=conference_plan,
        ended_on=TODAY(),
        reason=CinEndReason.MOVED_AWAY,
        by=manager,
        early_end_reason="The family moved to another authority, which has the case.",
    )
    assert ended.early_end_agreed_by == manager


def test_after_6_weeks_the_social_worker_ends_a_conference_plan(conference_plan, worker, clock):
    end_day = TODAY() + datetime.timedelta(weeks=6)
    clock.move_to(datetime.datetime.combine(end_day, datetime.time(11)))
    ended = services.end_child_in_need_plan(
        plan=conference_plan, ended_on=end_day, reason=CinEndReason.NEEDS_MET, by=worker
    )
    assert ended.status == PlanStatus.ENDED
    assert ended.early_end_agreed_by is None


def test_a_child_protection_plan_starting_ends_the_child_in_need_plan(cin_plan, conference, child):
    """The protection plan replaces the Child in Need plan: it ends that day, with the reason,
    and its review deadline is withdrawn; no minimum length holds a conference back."""
    from tests.factories.plans import plan_from

    protection = plan_from(conference=conference, child=child)
    cin_plan.refresh_from_db()
    assert cin_plan.status == PlanStatus.ENDED
    assert cin_plan.end_reason == CinEndReason.CHILD_PROTECTION
    assert cin_plan.ended_on == protection.started_on
    (review,) = _deadlines(cin_plan, RuleCode.CIN_REVIEW)
    assert review.status == DeadlineStatus.NOT_APPLICABLE
    assert cin_plan.history.first().history_change_reason.startswith("Ended")


@pytest.mark.parametrize(
    ("reason", "days", "field"),
    [
        ("", 0, "reason"),
        ("other", 0, "reason"),
        ("needs_met", 1, "ended_on"),
        ("needs_met", -1, "ended_on"),
    ],
)
def test_ending_with_bad_input_is_refused_on_its_field(cin_plan, worker, reason, days, field):
    with pytest.raises(PlanError) as refused:
        services.end_child_in_need_plan(
            plan=cin_plan,
            ended_on=TODAY() + datetime.timedelta(days=days),
            reason=reason,
            by=worker,
        )
    assert refused.value.field == field


def test_an_ended_plan_takes_no_more_reviews_or_actions(cin_plan, worker):
    services.end_child_in_need_plan(
        plan=cin_plan, ended_on=TODAY(), reason=CinEndReason.NEEDS_MET, by=worker
    )
    with pytest.raises(PlanError, match="has ended"):
        services.record_cin_review(plan=cin_plan, held_on=TODAY(), summary="x", by=worker)
    with pytest.raises(PlanError, match="has ended"):
        services.add_cin_action(plan=cin_plan, action="x", who="y", due_on=TODAY(), by=worker)


# --- Core group and actions ----------------------------------------------------------------------


def test_the_core_group_is_kept_and_members_leave_with_a_date(cin_plan, worker):
    member = services.add_cin_core_group_member(
        plan=cin_plan, name="Hannah Visitor", role="Health visitor", by=worker
    )
    services.remove_cin_core_group_member(member=member, by=worker)
    member.refresh_from_db()
    assert (member.is_active, member.left_on) == (False, TODAY())
    with pytest.raises(PlanError) as refused:
        services.add_cin_core_group_member(plan=cin_plan, name="", role="School", by=worker)
    assert refused.value.field == "name"


def test_actions_are_tracked_until_done(cin_plan, worker, clock):
    action = services.add_cin_action(
        plan=cin_plan,
        action="Refer Sarah to the parenting course",
        who="Social worker",
        due_on=TODAY() + datetime.timedelta(days=7),
        by=worker,
    )
    assert action.status == CinActionStatus.OPEN and not action.is_overdue
    clock.move_to(datetime.datetime.combine(TODAY() + datetime.timedelta(days=8), datetime.time(9)))
    assert action.is_overdue
    done = services.complete_cin_action(action=action, done_on=TODAY(), by=worker)
    assert (done.status, done.done_on) == (CinActionStatus.DONE, TODAY())
    with pytest.raises(PlanError, match="already done"):
        services.complete_cin_action(action=action, done_on=TODAY(), by=worker)


@pytest.mark.parametrize(
    ("action", "who", "due_on", "field"),
    [("", "SW", 0, "action"), ("Visit", " ", 0, "who"), ("Visit", "SW", None, "due_on")],
)
def test_an_action_with_bad_input_is_refused_on_its_field(
    cin_plan, worker, action, who, due_on, field
):
    due = None if due_on is None else TODAY() + datetime.timedelta(days=due_on)
    with pytest.raises(PlanError) as refused:
        services.add_cin_action(plan=cin_plan, action=action, who=who, due_on=due, by=worker)
    assert refused.value.field == field


# --- Who -----------------------------------------------------------------------------------------


def test_only_the_lead_social_worker_or_their_manager_keeps_the_plan(
    cin_plan, worker, manager, other_worker, chair
):
    assert services.may_manage_child_in_need_plan(cin_plan, worker)
    assert services.may_manage_child_in_need_plan(cin_plan, manager)
    for outsider in (other_worker, chair):
        assert not services.may_manage_child_in_need_plan(cin_plan, outsider)
        with pytest.raises(PlanError, match="lead social worker or their manager"):
            services.record_cin_review(plan=cin_plan, held_on=TODAY(), summary="x", by=outsider)
        with pytest.raises(PlanError, match="lead social worker or their manager"):
            services.end_child_in_need_plan(
                plan=cin_plan, ended_on=TODAY(), reason=CinEndReason.NEEDS_MET, by=outsider
            )
    assert not cin_plan.reviews.exists()


# --- Early Help step-down ------------------------------------------------------------------------


def test_an_early_help_step_down_records_the_plan_and_its_first_review(plan, worker, manager):
    ended = _end_protection_plan(plan, worker, manager, StepDown.EARLY_HELP)
    latest = services.early_help_first_review_by(ended)
    assert latest == calendar.add_working_days(ended.ended_on, 20)
    record = services.record_early_help_plan(
        plan=ended,
        lead_professional="Priya Shah",
        lead_agency="Oakfield Primary School",
        started_on=TODAY(),
        first_review_on=latest,
        by=worker,
    )
    assert EarlyHelpPlan.objects.get(from_plan=ended) == record
    assert (record.lead_professional, record.first_review_on) == ("Priya Shah", latest)

    with pytest.raises(PlanError, match="is due by") as refused:
        services.record_early_help_plan(
            plan=ended,
            lead_professional="Priya Shah",
            lead_agency="Oakfield Primary School",
            started_on=TODAY(),
            first_review_on=latest + datetime.timedelta(days=1),
            by=worker,
        )
    assert refused.value.field == "first_review_on"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lead_professional": ""}, "lead_professional"),
        ({"lead_agency": " "}, "lead_agency"),
        ({"started_on": -1}, "started_on"),
        ({"first_review_on": -1}, "first_review_on"),
    ],
)
def test_an_early_help_plan_with_bad_input_is_refused_on_its_field(
    plan, worker, manager, changes, field
):
    ended = _end_protection_plan(plan, worker, manager, StepDown.EARLY_HELP)
    answers = {
        "lead_professional": "Priya Shah",
        "lead_agency": "Oakfield Primary School",
        "started_on": TODAY(),
        "first_review_on": TODAY() + datetime.timedelta(days=5),
    }
    for key, value in changes.items():
        answers[key] = TODAY() + datetime.timedelta(days=value) if isinstance(value, int) else value
    with pytest.raises(PlanError) as refused:
        services.record_early_help_plan(plan=ended, by=worker, **answers)
    assert refused.value.field == field


def test_only_a_plan_stepped_down_to_early_help_has_an_early_help_plan(plan, worker):
    with pytest.raises(PlanError, match="step down to Early Help"):
        services.record_early_help_plan(
            plan=plan,
            lead_professional="Priya Shah",
            lead_agency="School",
            started_on=TODAY(),
            first_review_on=TODAY(),
            by=worker,
        )
