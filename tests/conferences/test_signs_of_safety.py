"""The Signs of Safety record typed at conference: the text, up to 4 danger statements each
with its safety goal, and each participant's score on the safety scale (0 to 10)."""

import pytest
from django.db import IntegrityError, transaction

from accounts.models import RoleCode
from conferences import services
from conferences.models import DangerStatement, SafetyGoal, SafetyScaleScore, SignsOfSafetyRecord
from tests.factories.accounts import UserFactory
from tests.factories.conferences import booked_conference, started_conference
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db


@shareable
def conference(conference_request, coordinator, chair, minute_taker):
    return started_conference(
        request=conference_request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
    )


def _add(conference, by, n):
    return services.add_danger_statement(
        conference=conference,
        by=by,
        statement=f"Danger {n}: Amelia may be hurt when her parents argue.",
        safety_goal=f"Goal {n}: Amelia is kept safe when her parents argue.",
    )


def test_the_minute_taker_saves_the_record(conference, minute_taker):
    record = services.save_signs_of_safety(
        conference=conference,
        by=minute_taker,
        worried_about_harm="Bruising seen at school.",
        working_well="  Grandmother visits daily.  ",
        contingency_plan="If the plan breaks down, a strategy discussion is held.",
    )
    record.refresh_from_db()
    assert record.working_well == "Grandmother visits daily."
    assert record.updated_by == minute_taker
    assert record.history.latest().history_user == minute_taker
    with pytest.raises(TypeError):
        services.save_signs_of_safety(conference=conference, by=minute_taker, decision="plan")


def test_a_fifth_danger_statement_is_refused(conference, chair, minute_taker):
    for n in range(1, 5):
        danger = _add(conference, chair if n % 2 else minute_taker, n)
        assert danger.position == n
        assert danger.safety_goal.goal.startswith(f"Goal {n}")
    with pytest.raises(services.HoldingError) as error:
        _add(conference, chair, 5)
    assert str(error.value) == "A conference can set at most 4 danger statements"
    assert error.value.field == "statement"
    assert DangerStatement.objects.filter(record__conference=conference).count() == 4
    assert SafetyGoal.objects.filter(danger_statement__record__conference=conference).count() == 4


def test_the_database_refuses_a_fifth_position_and_a_repeated_one(conference, chair):
    record = SignsOfSafetyRecord.objects.get(conference=conference)
    _add(conference, chair, 1)
    for position in (0, 5, 1):
        with pytest.raises(IntegrityError), transaction.atomic():
            DangerStatement.objects.create(record=record, position=position, statement="x")


def test_a_danger_statement_needs_its_safety_goal(conference, chair):
    with pytest.raises(services.HoldingError) as error:
        services.add_danger_statement(
            conference=conference, by=chair, statement="Danger", safety_goal=" "
        )
    assert error.value.field == "safety_goal"
    with pytest.raises(services.HoldingError) as error:
        services.add_danger_statement(
            conference=conference, by=chair, statement="", safety_goal="Goal"
        )
    assert error.value.field == "statement"
    assert not DangerStatement.objects.exists()


def test_a_danger_statement_and_its_goal_are_changed_with_history(conference, chair, minute_taker):
    danger = _add(conference, chair, 1)
    services.change_danger_statement(
        conference=conference,
        by=minute_taker,
        danger_statement=danger,
        statement="Amelia may be hit when her father drinks.",
        safety_goal="Amelia's father does not drink when caring for her.",
    )
    danger.refresh_from_db()
    assert danger.statement == "Amelia may be hit when her father drinks."
    assert danger.safety_goal.goal == "Amelia's father does not drink when caring for her."
    assert danger.history.count() == 2 and danger.history.latest().history_user == minute_taker
    assert danger.safety_goal.history.count() == 2


def test_a_danger_statement_of_another_conference_is_not_changed(
    conference, chair, conference_request
):
    other = DangerStatement(record=SignsOfSafetyRecord.objects.get(conference=conference))
    other.pk = 10**6
    with pytest.raises(services.HoldingError, match="not part of this conference"):
        services.change_danger_statement(
            conference=conference, by=chair, danger_statement=other, statement="a", safety_goal="b"
        )


def _scale(conference, by):
    """A danger statement of the conference and its first child: what a score is against."""
    return {
        "danger_statement": _add(conference, by, 1),
        "child": conference.conference_children.first().child,
    }


@pytest.mark.parametrize("score", [0, 10, "7"])
def test_scores_from_0_to_10_are_recorded(conference, minute_taker, score):
    row = services.record_scale_score(
        conference=conference,
        by=minute_taker,
        participant="Hannah Visitor",
        role="Health visitor",
        score=score,
        **_scale(conference, minute_taker),
    )
    assert row.score == int(score) and row.history.latest().history_user == minute_taker


@pytest.mark.parametrize("score", [-1, 11, "", "five", "5.5", None])
def test_a_score_outside_0_to_10_is_refused(conference, chair, score):
    scale = _scale(conference, chair)
    with pytest.raises(services.HoldingError) as error:
        services.record_scale_score(
            conference=conference,
            by=chair,
            participant="Sarah Jones",
            role="Mother",
            score=score,
            **scale,
        )
    assert error.value.field == "score"
    assert str(error.value) == "Enter a score from 0 to 10"
    assert not SafetyScaleScore.objects.exists()


def test_the_database_refuses_a_score_above_10(conference):
    record = SignsOfSafetyRecord.objects.get(conference=conference)
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyScaleScore.objects.create(record=record, participant="X", score=11)


def test_the_chair_scoring_again_corrects_the_score_and_keeps_history(conference, chair):
    """Issue 17 item 11 changed this rule: a second score from the same participant for the same
    danger statement and child is the chair's correction (before, any second score replaced the
    first for the whole conference)."""
    scale = _scale(conference, chair)
    for score in (3, 5):
        services.record_scale_score(
            conference=conference,
            by=chair,
            participant="Sarah Jones",
            role="Mother",
            score=score,
            **scale,
        )
    row = SafetyScaleScore.objects.get()
    assert row.score == 5 and [h.score for h in row.history.order_by("history_id")] == [3, 5]


def test_only_the_chair_or_minute_taker_records(conference, coordinator, worker):
    for user in (
        coordinator,
        worker,
        UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL]),
        UserFactory(roles=[RoleCode.CHAIR]),
    ):
        with pytest.raises(services.HoldingError, match="chair or minute taker"):
            services.save_signs_of_safety(conference=conference, by=user, working_well="x")
        with pytest.raises(services.HoldingError, match="chair or minute taker"):
            _add(conference, user, 1)
        with pytest.raises(services.HoldingError, match="chair or minute taker"):
            services.record_scale_score(
                conference=conference,
                by=user,
                participant="A",
                role="B",
                score=5,
                danger_statement=1,
                child=conference.conference_children.first().child,
            )
    assert not DangerStatement.objects.exists() and not SafetyScaleScore.objects.exists()


def test_nothing_is_recorded_before_the_conference_starts(
    conference_request, coordinator, chair, minute_taker
):
    conference = booked_conference(
        request=conference_request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    with pytest.raises(services.HoldingError, match="Start the conference"):
        _add(conference, chair, 1)
